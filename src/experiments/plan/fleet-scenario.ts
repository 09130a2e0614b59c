/** A planned fleet as a scenario file: what `fleetsim plan` writes per front fleet and the terminal UI's `e` exports. */
import { stringify } from 'yaml';
import { setArg } from '../job.js';
import { RATE_PATH } from '../max-rate.js';
import { applySets } from '../../scenario/set.js';
import { gpusPerReplica, replicaSets } from './candidates.js';
import type { CandidateResult } from './plan.js';

/** The chosen fleet as a scenario that `fleetsim run` reproduces at the target rate. */
export function fleetScenario(raw: unknown, sets: readonly string[], r: CandidateResult, rate: number, ratePath: string = RATE_PATH): string {
  const all = [...sets, ...r.config.sets, ...replicaSets(r.config, r.replicas!), setArg(ratePath, rate)];
  const applied = applySets(raw, all).value as Record<string, unknown>;
  const header = `# fleetsim plan: ${r.config.id} × ${r.replicas} replicas (${r.replicas! * gpusPerReplica(r.config)} GPUs, $${r.costPerHour!.toFixed(2)}/h), sized for ${rate} req/s\n`;
  return header + stringify({ ...applied, name: `${String(applied.name)}-${r.config.id}-x${r.replicas}` });
}
