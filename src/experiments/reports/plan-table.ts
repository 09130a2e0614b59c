import { formatTable } from '../../report/table.js';
import type { CandidateConfig } from '../plan/candidates.js';
import { NO_TIER, tierLabel } from '../plan/axes.js';
import type { CandidateResult, PlanResult } from '../plan/plan.js';
import { ms, num, pct } from './format.js';

export function planRow(r: CandidateResult): string[] {
  const s = r.atTarget;
  return [
    r.config.id,
    pdLabel(r.config),
    tierLabel(r.config.kvTier ?? NO_TIER, r.config.tensorParallel),
    r.status,
    r.replicas !== undefined ? String(r.replicas) : '–',
    r.gpus !== undefined ? String(r.gpus) : '–',
    r.costPerHour !== undefined ? `$${num(r.costPerHour, 2)}` : '–',
    r.replicaRate !== undefined ? num(r.replicaRate, 2) : '–',
    r.bound ? num(r.bound.maxRate, 2) : '–',
    s ? ms(s.ttft.p95) : '–',
    s ? ms(s.tpot.p95) : '–',
    r.costPerMillionOutputTokens !== undefined ? `$${num(r.costPerMillionOutputTokens, 2)}` : '–',
  ];
}

/** `1:2` prefill:decode pods per replica, or `–` for aggregated pods. */
export function pdLabel(c: CandidateConfig): string {
  return c.pd ? `${c.pd.prefill}:${c.pd.decode}` : '–';
}

/** What a fleet is, in words: `5 × gaudi3 fp8 TP4 (P/D 1:2 units, KV cpu 512 GiB)`. */
export function describeFleet(r: CandidateResult): string {
  const c = r.config;
  const extras = [c.pd && `P/D ${pdLabel(c)} units`, c.kvTier && c.kvTier.name !== 'none' && `KV ${tierLabel(c.kvTier, c.tensorParallel)} per pod`].filter(Boolean);
  return `${r.replicas} × ${c.accelerator} ${c.precision} TP${c.tensorParallel}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`;
}

export const PLAN_HEADER = ['candidate', 'P:D', 'KV tiers', 'status', 'replicas', 'GPUs', 'cost/h', 'rate/replica', 'roofline', 'TTFT p95 ms', 'TPOT p95 ms', '$/M out tok'];

/** The ranking: fleets meeting the target first, cheapest first; then the rest, with why. */
export function renderPlanTable(scenario: string, targetRate: number, r: PlanResult, maxRows = 25): string {
  const shown = r.candidates.filter((c) => c.status !== 'pruned').slice(0, maxRows);
  const pruned = r.candidates.filter((c) => c.status === 'pruned').length;
  const dominated = r.candidates.filter((c) => c.status === 'dominated').length;
  const lines = [`plan for ${scenario} at ${targetRate} req/s: ${r.candidates.length} candidates, ${pruned} pruned (memory or roofline), ${dominated} dropped as dominated, ${r.candidates.filter((c) => c.atTarget !== undefined).length} fleets simulated`, ''];
  lines.push(formatTable([PLAN_HEADER, ...shown.map(planRow)]));
  lines.push('');
  if (r.best) {
    const b = r.best;
    lines.push(`cheapest fleet meeting the SLO: ${describeFleet(b)} (${b.gpus} GPUs) at $${num(b.costPerHour!, 2)}/h, ` + `router ${b.config.router}; at ${targetRate} req/s ${pct(b.atTarget!.slo.goodput)} of requests within the SLO`);
    lines.push(`Pareto front (cost/h vs SLO rate): ${r.front.map((f) => `${f.config.id}×${f.replicas} $${num(f.costPerHour!, 2)}/h ${num(f.fleetRate!, 1)} req/s`).join('; ')}`);
  } else lines.push('no candidate meets the SLO at the target rate within the limits');
  return lines.join('\n') + '\n';
}
