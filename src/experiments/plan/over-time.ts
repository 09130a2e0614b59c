/**
 * `fleetsim plan --over-time`: the planned fleet through the scenario's whole time-varying load
 * (a diurnal day, load stages, a trace), three times on identical traffic: static, with the
 * replicas sized for the peak; autoscaled by WVA's saturation analyzer alone; and by WVA with its
 * model-based (QoS-aware) optimizer, fed the per-replica SLO rate the plan found. The autoscaled
 * fleets scale between minReplicas and the peak size, starting from what the load at t = 0
 * needs. All are billed by the same code (the static fleet is an autoscaler pinned at
 * min = max), so GPU-hours, cost and SLO attainment compare like for like.
 */
import { stringify } from 'yaml';
import type { Summary } from '../../sim/metrics/summary.js';
import { applySets } from '../../scenario/set.js';
import { setArg, type RunJob } from '../job.js';
import { sloAttainment } from '../max-rate.js';
import type { JobRunner } from '../parallel/pool.js';
import { unwrap } from '../sweep.js';
import type { LoadProfile } from './load-profile.js';
import type { CandidateResult } from './plan.js';

export interface OverTimeOptions {
  file: string;
  /** The base scenario as parsed (for writing each arm's scenario). */
  raw: unknown;
  /** Overrides both arms get (the user's --set and the SLO), not the probes' short runs. */
  sets: string[];
  /** The plan's cheapest fleet meeting the peak. */
  fleet: CandidateResult;
  poolName: string;
  /** The scenario's own autoscaler section (thresholds, timings), or {}; its variants are replaced. */
  autoscaler: Record<string, unknown>;
  /** The offered load, when the arrival process has one (absent for a trace: then `peak` is the plan's target). */
  profile?: LoadProfile;
  peak: number;
  goodput: number;
}

export type ArmName = 'static' | 'wva-saturation' | 'wva-qos';

export interface OverTimeArm {
  name: ArmName;
  initialReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  summary: Summary;
  gpuHours: number;
  usd: number;
  attainment: number;
  meanReplicas: number;
  /** The arm as a scenario file `fleetsim run` reproduces. */
  scenarioYaml: string;
}

export interface OverTimeResult {
  /** static, wva-saturation, wva-qos. */
  arms: OverTimeArm[];
  /** The autoscaled arm recommended: the cheaper of the two that holds the attainment target, else the one with the higher attainment. */
  chosen: OverTimeArm;
  /** 1 − chosen GPU-hours ÷ static GPU-hours. */
  gpuHourSavings: number;
  /** The chosen autoscaled fleet held the SLO attainment target. */
  autoscaledMeetsSlo: boolean;
}

export async function overTime(pool: JobRunner, o: OverTimeOptions): Promise<OverTimeResult> {
  const f = o.fleet;
  const peakReplicas = f.replicas!;
  const usdPerHour = f.costPerHour! / peakReplicas;
  const userVariant = (o.autoscaler.variants as Record<string, { minReplicas?: number; maxReplicas?: number }> | undefined)?.[o.poolName] ?? {};
  const maxReplicas = Math.max(peakReplicas, userVariant.maxReplicas ?? 0);
  const minReplicas = Math.min(userVariant.minReplicas ?? 1, maxReplicas);
  // Start with what the load at t = 0 needs at the planned per-replica rate (a trace: half the peak size).
  const atStart = o.profile ? o.profile.rateAt(0) / o.peak : 0.5;
  const initial = Math.min(maxReplicas, Math.max(minReplicas, Math.ceil(peakReplicas * atStart - 1e-9)));
  const arms: (Omit<OverTimeArm, 'summary' | 'gpuHours' | 'usd' | 'attainment' | 'meanReplicas' | 'scenarioYaml'> & { sloRatePerReplica?: number })[] = [
    { name: 'static', initialReplicas: peakReplicas, minReplicas: peakReplicas, maxReplicas: peakReplicas },
    { name: 'wva-saturation', initialReplicas: initial, minReplicas, maxReplicas },
    // What one replica of the sized fleet holds: the fleet's rate per replica, not a lone replica's
    // (prefix caching spreads a workload's groups over the fleet, so N replicas hold more than N × one).
    { name: 'wva-qos', initialReplicas: initial, minReplicas, maxReplicas, sloRatePerReplica: o.peak / peakReplicas },
  ];
  const armSets = arms.map(({ sloRatePerReplica, ...a }) => [
    ...o.sets,
    ...f.config.sets,
    setArg('cluster.pools.0.replicas', a.initialReplicas),
    setArg('autoscaler', {
      ...o.autoscaler,
      variants: { [o.poolName]: { minReplicas: a.minReplicas, maxReplicas: a.maxReplicas, usdPerHour, ...(sloRatePerReplica !== undefined && { sloRatePerReplica }) } },
    }),
  ]);
  const jobs: RunJob[] = arms.map((a, i) => ({ file: o.file, sets: armSets[i], point: { arm: a.name } }));
  const runs = await pool.run(jobs);
  const done = arms.map(({ sloRatePerReplica: _, ...a }, i): OverTimeArm => {
    const summary = unwrap(runs[i]).summary;
    const bill = summary.autoscaling!;
    const applied = applySets(o.raw, armSets[i]).value as Record<string, unknown>;
    const header = `# fleetsim plan --over-time: ${f.config.id}, ${a.name} (${a.minReplicas}–${a.maxReplicas} replicas, $${usdPerHour.toFixed(2)}/h each)\n`;
    return {
      ...a,
      summary,
      gpuHours: bill.gpuHours,
      usd: bill.usd,
      attainment: sloAttainment(summary),
      meanReplicas: bill.variants[0]?.meanReplicas ?? a.initialReplicas,
      scenarioYaml: header + stringify({ ...applied, name: `${String(applied.name)}-${a.name}` }),
    };
  });
  const [stat, ...scaled] = done;
  const holding = scaled.filter((a) => a.attainment >= o.goodput).sort((a, b) => a.gpuHours - b.gpuHours);
  const chosen = holding[0] ?? [...scaled].sort((a, b) => b.attainment - a.attainment)[0];
  return {
    arms: done,
    chosen,
    gpuHourSavings: stat.gpuHours > 0 ? 1 - chosen.gpuHours / stat.gpuHours : 0,
    autoscaledMeetsSlo: chosen.attainment >= o.goodput,
  };
}
