/**
 * `fleetsim ab`: arm A against arm B on common random numbers. Replication r of both arms runs
 * with seed base + r, so both see the same arrivals, lengths and prompts; for each metric the
 * paired difference B − A gets a 95 % t interval and a verdict. Over a sweep, every point is
 * compared on its own.
 */
import type { Summary } from '../../sim/metrics/summary.js';
import { setArg, type RunJob } from '../job.js';
import { METRICS, metricValue } from '../metrics.js';
import type { JobRunner } from '../parallel/pool.js';
import type { RunDetail } from '../run.js';
import { unwrap, type Point } from '../sweep.js';
import type { AbDelta } from '../../report/charts/types.js';
import { mean, pairedInterval, verdictOf } from './paired.js';

export interface AbArm {
  label: string;
  file: string;
  /** Overrides that make this arm (e.g. router.config=...), before the shared ones. */
  sets: string[];
}

/** One metric's comparison: the report's chart type, so the numbers reach it unchanged. */
export type { AbDelta };

export interface AbPointResult {
  point: Point;
  a: Summary[];
  b: Summary[];
  deltas: AbDelta[];
  /** CDFs and pod timelines of the first replication of each arm, for the report. */
  detail: { a?: RunDetail; b?: RunDetail };
}

export interface AbPlan {
  arms: [AbArm, AbArm];
  /** Overrides shared by both arms (the command's fixed --set). */
  shared: string[];
  points: Point[];
  replications: number;
  baseSeed: number;
  metrics: string[];
}

/** Jobs in the order point → replication → arm; the first replication also samples report detail. */
export function abJobs(plan: AbPlan): RunJob[] {
  const jobs: RunJob[] = [];
  for (const point of plan.points) {
    for (let r = 0; r < plan.replications; r++) {
      for (const arm of plan.arms) {
        const sets = [...arm.sets, ...plan.shared, ...Object.entries(point).map(([p, v]) => setArg(p, v)), setArg('seed', plan.baseSeed + r)];
        jobs.push({ file: arm.file, sets, point, detail: r === 0 });
      }
    }
  }
  return jobs;
}

export async function runAb(pool: JobRunner, plan: AbPlan, onDone?: (done: number, total: number) => void): Promise<AbPointResult[]> {
  const jobs = abJobs(plan);
  let done = 0;
  const results = await pool.run(jobs, () => onDone?.(++done, jobs.length));
  const runs = results.map(unwrap);
  const perPoint = 2 * plan.replications;
  return plan.points.map((point, i) => {
    const chunk = runs.slice(i * perPoint, (i + 1) * perPoint);
    const a = chunk.filter((_, j) => j % 2 === 0).map((x) => x.summary);
    const b = chunk.filter((_, j) => j % 2 === 1).map((x) => x.summary);
    return { point, a, b, deltas: compareArms(a, b, plan.metrics), detail: { a: chunk[0].detail, b: chunk[1].detail } };
  });
}

/** Paired deltas of B against A for each metric that some run of either arm has. */
export function compareArms(a: readonly Summary[], b: readonly Summary[], metrics: readonly string[]): AbDelta[] {
  const present = (key: string) => [...a, ...b].some((s) => Number.isFinite(metricValue(s, key)));
  return metrics.filter(present).map((key) => {
    const def = METRICS[key];
    const xa = a.map((s) => metricValue(s, key));
    const xb = b.map((s) => metricValue(s, key));
    const ci = pairedInterval(xa, xb);
    const ma = mean(xa);
    const rel = (x: number) => (ma !== 0 ? (100 * x) / Math.abs(ma) : NaN);
    return {
      metric: key,
      label: def?.label ?? key,
      lowerIsBetter: def?.lowerIsBetter ?? true,
      a: ma,
      b: mean(xb),
      diff: ci.diff,
      lower: ci.lower,
      upper: ci.upper,
      relPct: rel(ci.diff),
      relLowerPct: rel(ci.lower),
      relUpperPct: rel(ci.upper),
      verdict: verdictOf(ci, def?.lowerIsBetter ?? true),
    };
  });
}
