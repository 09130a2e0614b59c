import { curvesSpec } from '../../report/charts/curves.js';
import type { CurvePoint } from '../../report/charts/types.js';
import { toCsv } from '../../report/csv.js';
import { writeReport } from '../../report/report-page.js';
import { ACCELERATORS } from '../../models/hardware/catalog.js';
import { PRICES, TIER_PRICES } from '../../models/hardware/prices.js';
import { NO_TIER, tierGiB } from '../plan/axes.js';
import type { CandidateResult, PlanResult } from '../plan/plan.js';
import { num, pct } from './format.js';
import { describeFleet, PLAN_HEADER, pdLabel, planRow } from './plan-table.js';

/**
 * Why the ranking is what it is, per accelerator from the roofline bound of its cheapest
 * simulated configuration: a decode step at full batch vs a prefill, and the share of each that
 * is TP all-reduce over the scale-up link (high on xGMI pairs, Gaudi's RoCE and TPU ICI at small
 * messages).
 */
function explain(r: PlanResult): string[] {
  const byAcc = new Map<string, CandidateResult>();
  for (const c of r.candidates) {
    if (!c.bound) continue;
    const prev = byAcc.get(c.config.accelerator);
    // The cheapest sized fleet; failing that, a configuration with a simulated rate.
    const key = (x: CandidateResult) => [x.costPerHour ?? Infinity, x.replicaRate !== undefined ? 0 : 1];
    const [a, b] = [key(c), prev && key(prev)];
    if (!b || a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])) byAcc.set(c.config.accelerator, c);
  }
  return [...byAcc.values()].map((c) => {
    const a = ACCELERATORS[c.config.accelerator];
    const b = c.bound!;
    const bf16 = a.peakTflops.bf16 ?? 0;
    const decodeBound = b.collectiveShare > 0.3 ? 'collective-bound' : 'memory-bound (weights and KV read per step)';
    return (
      `${c.config.id}: ${a.hbmTBps} TB/s HBM, ${bf16} dense bf16 TFLOP/s. A decode step of ${b.decodeBatch} sequences takes ` +
      `${num(b.decodeStepSeconds * 1000, 1)} ms, ${pct(b.collectiveShare)} of it TP all-reduce — ${decodeBound}; the uncached prefill of a ` +
      `request takes ${num(b.prefillSeconds * 1000, 1)} ms (compute-bound), ${pct(b.prefillCollectiveShare)} collectives. Roofline estimate ` +
      `${num(b.maxRate, 2)} req/s per replica; simulated under the SLO: ${c.replicaRate !== undefined ? `${num(c.replicaRate, 2)} req/s` : c.status}` +
      (c.status === 'dominated' || c.status === 'pruned' ? ` (${c.reason ?? ''}).` : '.')
    );
  });
}

export async function writePlanReport(
  dir: string,
  p: { scenario: string; targetRate: number; slo: { ttftP95?: number; tpotP95?: number }; result: PlanResult; prices: Record<string, number> },
): Promise<string[]> {
  const r = p.result;
  const sized = r.candidates.filter((c) => c.costPerHour !== undefined && c.fleetRate !== undefined);
  const points: CurvePoint[] = sized.flatMap((c) => [
    { series: c.config.accelerator, x: c.costPerHour!, metric: 'fleetRate', value: c.fleetRate! },
    ...(c.costPerMillionOutputTokens !== undefined ? [{ series: c.config.accelerator, x: c.costPerHour!, metric: 'costPerMillion', value: c.costPerMillionOutputTokens }] : []),
  ]);
  const targets = [p.slo.ttftP95 !== undefined && `TTFT p95 ≤ ${p.slo.ttftP95} s`, p.slo.tpotP95 !== undefined && `TPOT p95 ≤ ${p.slo.tpotP95} s`].filter(Boolean).join(', ');
  const best = r.best;
  const intro =
    `Target ${p.targetRate} req/s under ${targets}. ` +
    (best ? `Cheapest fleet meeting it: ${describeFleet(best)}, ${best.config.id} (${best.gpus} GPUs, $${num(best.costPerHour!, 2)}/h). ` : 'No candidate meets it. ') +
    `Each front fleet's scenario is in fleets/ and reruns with fleetsim run.`;
  const priceRows = Object.entries(p.prices)
    .filter(([k]) => !Object.hasOwn(TIER_PRICES, k))
    .map(([k, v]) => [k, `$${num(v, 2)}`, PRICES[k]?.usdPerHour === v ? PRICES[k].source : 'overridden']);
  for (const [k, t] of Object.entries(TIER_PRICES)) {
    const v = p.prices[k] ?? t.usdPerGiBHour;
    priceRows.push([`${k} (per GiB-hour)`, `$${num(v, 5)}`, v === t.usdPerGiBHour ? t.source : 'overridden']);
  }
  return writeReport(dir, {
    title: `fleetsim plan: ${p.scenario}`,
    intro,
    sections: [
      {
        heading: 'Cost against SLO rate',
        text: 'Each sized fleet: its $/h against the rate it holds under the SLO (replicas × one replica\'s simulated SLO rate), and the cost per million output tokens at the target rate.',
        charts: [
          {
            name: 'front',
            spec: curvesSpec(points, {
              title: 'fleets by accelerator',
              xTitle: 'cost ($/h)',
              metrics: [
                { key: 'fleetRate', title: 'SLO rate (req/s)' },
                { key: 'costPerMillion', title: '$ per M output tokens' },
              ],
            }),
          },
        ],
      },
      { heading: 'Pareto front', table: { header: PLAN_HEADER, rows: r.front.map(planRow) } },
      { heading: 'Why the ranking', text: explain(r).join('\n\n') },
      { heading: 'All candidates', table: { header: [...PLAN_HEADER, 'why'], rows: r.candidates.map((c) => [...planRow(c), c.reason ?? '']) } },
      { heading: 'Prices ($ per accelerator-hour; KV tiers per GiB-hour of host memory)', table: { header: ['accelerator', 'price', 'source'], rows: priceRows } },
    ],
    files: [
      {
        name: 'candidates.csv',
        content: toCsv(
          r.candidates.map((c) => ({
            id: c.config.id,
            accelerator: c.config.accelerator,
            precision: c.config.precision,
            tensorParallel: c.config.tensorParallel,
            pd: c.config.pd ? pdLabel(c.config) : 'none',
            kvCpuGiB: tierGiB(c.config.kvTier ?? NO_TIER, c.config.tensorParallel).cpuGiB,
            kvNvmeGiB: tierGiB(c.config.kvTier ?? NO_TIER, c.config.tensorParallel).nvmeGiB,
            router: c.config.router,
            status: c.status,
            replicas: c.replicas,
            gpus: c.gpus,
            costPerHour: c.costPerHour,
            replicaRate: c.replicaRate,
            fleetRate: c.fleetRate,
            rooflineMaxRate: c.bound?.maxRate,
            costPerMillionOutputTokens: c.costPerMillionOutputTokens,
            reason: c.reason,
          })),
        ),
      },
    ],
  });
}
