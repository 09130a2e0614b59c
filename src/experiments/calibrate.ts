import type { FactorTable, RuntimeFactors } from '../models/perf/runtime.js';
import { leaveOneOutResiduals, levenbergMarquardt, leverages, type LeastSquaresProblem } from './calibration/least-squares.js';

/** One published figure a calibration case predicts. */
export interface Observation {
  metric: string;
  published: number;
}

/** What calibration needs of a validation case: its software stack and the figures it predicts. */
export interface CalibrationCase {
  name: string;
  /** `runtime/vendor`, e.g. `vllm/amd` (runtime.ts stackId). */
  stack: string;
  observations: Observation[];
}

/**
 * Predicts cases (indices into calibrate's `cases`) with trial factors: for each run, the predicted
 * value of each of its case's observations. One call per residual or Jacobian evaluation, so the
 * runs can go to worker threads together.
 */
export type PredictRuns = (runs: readonly { case: number; factors: FactorTable }[]) => Promise<number[][]>;

export interface CalibrationRow {
  case: string;
  metric: string;
  published: number;
  predicted: number;
  /** Signed error of the fitted prediction, %. */
  errorPct: number;
  /** Signed error had this case been left out of the fit (linearised refit), %. */
  looErrorPct: number | null;
  /** Share of its own fitted value the figure decides (hat-matrix diagonal, 0…1). */
  leverage: number;
}

/**
 * Above this leverage a figure all but fixes a factor by itself: its fitted error says nothing and
 * its leave-one-out error is the factor's prior at best. `fleetsim calibrate` names such figures, so
 * the calibration set gets a second case for that factor (each factor pinned by at least two).
 */
export const HIGH_LEVERAGE = 0.9;

export interface CalibrationResult {
  factors: Record<string, RuntimeFactors>;
  /** Which factors were fitted, `stack.kind` (a stack with no calibration case keeps 1). */
  fitted: string[];
  rows: CalibrationRow[];
  iterations: number;
}

/** Factors stay within [1/4, 5/4] of the accelerator's measured efficiency. */
const LOWER = Math.log(0.25);
const UPPER = Math.log(1.25);
const KINDS = ['compute', 'memory'] as const;

const pct = (logRatio: number) => (Math.exp(logRatio) - 1) * 100;

/**
 * Fits two factors per software stack (runtime/vendor) — compute and memory efficiency multipliers
 * on top of the accelerators' measured efficiencies — by least squares on log(predicted ÷
 * published) over the calibration cases (Levenberg–Marquardt, mathjs). Each factor is shared by
 * every case of its stack, across accelerators, models and lengths: never one factor per row. Leave-one-out
 * errors come from the fitted Jacobian (PRESS residuals), so over-fitting shows without refitting
 * once per case.
 */
export async function calibrate(
  cases: readonly CalibrationCase[],
  predict: PredictRuns,
  opts: { onIteration?: (it: number, rmsPct: number) => void; maxIterations?: number } = {},
): Promise<CalibrationResult> {
  const stacks = [...new Set(cases.map((c) => c.stack))];
  const params = stacks.flatMap((st) => KINDS.map((k) => ({ stack: st, kind: k })));
  const obsCase: number[] = [];
  cases.forEach((c, i) => c.observations.forEach(() => obsCase.push(i)));
  /** Where each case's residuals start in the residual vector. */
  const firstObs = cases.map((_, i) => obsCase.indexOf(i));

  const factorsOf = (theta: readonly number[]): Record<string, RuntimeFactors> => {
    const f: Record<string, RuntimeFactors> = Object.fromEntries(stacks.map((st) => [st, { compute: 1, memory: 1 }]));
    params.forEach((p, j) => (f[p.stack][p.kind] = Math.exp(theta[j])));
    return f;
  };
  const residualsOf = (c: number, predicted: readonly number[]): number[] =>
    predicted.map((pred, k) => Math.log(pred / cases[c].observations[k].published));

  const problem: LeastSquaresProblem = {
    numParams: params.length,
    async residuals(theta) {
      const factors = factorsOf(theta);
      const predicted = await predict(cases.map((_, c) => ({ case: c, factors })));
      return predicted.flatMap((p, c) => residualsOf(c, p));
    },
    async perturbed(theta, h, base) {
      // A stack's factors move only its own cases: re-simulate those, reuse the rest.
      const runs = params.flatMap((p, j) => {
        const t = theta.slice();
        t[j] += h;
        const factors = factorsOf(t);
        return cases.flatMap((c, i) => (c.stack === p.stack ? [{ param: j, case: i, factors }] : []));
      });
      const predicted = await predict(runs);
      const out = params.map(() => base.slice());
      runs.forEach((run, k) => residualsOf(run.case, predicted[k]).forEach((r, o) => (out[run.param][firstObs[run.case] + o] = r)));
      return out;
    },
    lower: params.map(() => LOWER),
    upper: params.map(() => UPPER),
  };
  const fit = await levenbergMarquardt(problem, params.map(() => 0), {
    maxIterations: opts.maxIterations,
    onIteration: (it, cost) => opts.onIteration?.(it, Math.sqrt(cost / Math.max(1, obsCase.length)) * 100),
  });
  const loo = leaveOneOutResiduals(fit.jacobian, fit.residuals);
  const lev = leverages(fit.jacobian);
  const factors = factorsOf(fit.theta);
  const rows: CalibrationRow[] = [];
  let o = 0;
  for (const c of cases) {
    for (const obs of c.observations) {
      const r = fit.residuals[o];
      rows.push({
        case: c.name,
        metric: obs.metric,
        published: obs.published,
        predicted: obs.published * Math.exp(r),
        errorPct: pct(r),
        looErrorPct: Number.isFinite(loo[o]) ? pct(loo[o]) : null,
        leverage: lev[o],
      });
      o++;
    }
  }
  return { factors, fitted: params.map((p) => `${p.stack}.${p.kind}`), rows, iterations: fit.iterations };
}
