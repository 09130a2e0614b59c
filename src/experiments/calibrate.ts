import { RUNTIME_IDS, type RuntimeFactorTable, type RuntimeId } from '../models/perf/runtime.js';
import { leaveOneOutResiduals, levenbergMarquardt, type LeastSquaresProblem } from './calibration/least-squares.js';

/** One published figure a calibration case predicts. */
export interface Observation {
  metric: string;
  published: number;
}

/** What calibration needs of a validation case: its runtime and a way to predict it. */
export interface CalibrationCase {
  name: string;
  runtime: RuntimeId;
  observations: Observation[];
  /** Predicted value of each observation, with the given runtime factors. */
  predict(factors: Readonly<RuntimeFactorTable>): number[];
}

export interface CalibrationRow {
  case: string;
  metric: string;
  published: number;
  predicted: number;
  /** Signed error of the fitted prediction, %. */
  errorPct: number;
  /** Signed error had this case been left out of the fit (linearised refit), %. */
  looErrorPct: number | null;
}

export interface CalibrationResult {
  factors: RuntimeFactorTable;
  /** Which factors were fitted (a runtime with no calibration case keeps 1). */
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
 * Fits two factors per runtime — compute and memory efficiency multipliers on top of the
 * accelerators' measured efficiencies — by least squares on log(predicted ÷ published) over the
 * calibration cases (Levenberg–Marquardt, mathjs). Each factor is shared by every case of its
 * runtime, across accelerators, models and lengths: never one factor per row. Leave-one-out
 * errors come from the fitted Jacobian (PRESS residuals), so over-fitting shows without refitting
 * once per case.
 */
export function calibrate(
  cases: readonly CalibrationCase[],
  opts: { onIteration?: (it: number, rmsPct: number) => void; maxIterations?: number } = {},
): CalibrationResult {
  const runtimes = RUNTIME_IDS.filter((r) => cases.some((c) => c.runtime === r));
  const params = runtimes.flatMap((r) => KINDS.map((k) => ({ runtime: r, kind: k })));
  const obsCase: number[] = [];
  cases.forEach((c, i) => c.observations.forEach(() => obsCase.push(i)));

  const factorsOf = (theta: readonly number[]): RuntimeFactorTable => {
    const f = Object.fromEntries(RUNTIME_IDS.map((r) => [r, { compute: 1, memory: 1 }])) as RuntimeFactorTable;
    params.forEach((p, j) => (f[p.runtime][p.kind] = Math.exp(theta[j])));
    return f;
  };
  const residualsOf = (c: CalibrationCase, factors: RuntimeFactorTable): number[] =>
    c.predict(factors).map((pred, k) => Math.log(pred / c.observations[k].published));

  const all = (theta: readonly number[]) => {
    const f = factorsOf(theta);
    return cases.flatMap((c) => residualsOf(c, f));
  };
  const problem: LeastSquaresProblem = {
    numParams: params.length,
    residuals: all,
    perturbed(theta, j, base) {
      // A runtime's factors move only its own cases: re-simulate those, reuse the rest.
      const t = theta.slice();
      t[j] += 0.02;
      const f = factorsOf(t);
      const out = base.slice();
      let o = 0;
      for (const c of cases) {
        if (c.runtime === params[j].runtime) residualsOf(c, f).forEach((r, k) => (out[o + k] = r));
        o += c.observations.length;
      }
      return out;
    },
    lower: params.map(() => LOWER),
    upper: params.map(() => UPPER),
  };
  const fit = levenbergMarquardt(problem, params.map(() => 0), {
    maxIterations: opts.maxIterations,
    onIteration: (it, cost) => opts.onIteration?.(it, Math.sqrt(cost / Math.max(1, obsCase.length)) * 100),
  });
  const loo = leaveOneOutResiduals(fit.jacobian, fit.residuals);
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
      });
      o++;
    }
  }
  return { factors, fitted: params.map((p) => `${p.runtime}.${p.kind}`), rows, iterations: fit.iterations };
}
