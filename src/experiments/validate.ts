/**
 * `fleetsim validate`: each case's scenario runs through the same path as `fleetsim run` (fleet
 * build, runSimulation) and every expected figure is compared with the prediction. The error is
 * signed, (predicted − published) ÷ published × 100, and summarised per role, so the error on rows
 * the runtime factors were not fitted to (holdout) shows separately from the fitted ones.
 * Deterministic: a case's seed fixes its run, and the result carries no wall-clock figure.
 */
import { CALIBRATION_LOO_PCT, stackId, type FactorTable } from '../models/perf/runtime.js';
import { getAccelerator } from '../models/hardware/catalog.js';
import type { Problem } from '../scenario/problems.js';
import type { CalibrationCase, PredictRuns } from './calibrate.js';
import { withCasePool, type CaseRunner } from './validation/case-pool.js';
import { caseFigures, loadCases, type CaseRole, type ValidationCase } from './validation/case.js';
import type { PredictOverrides } from './validation/predict.js';

export { CASE_ROLES, MAX_RATE_METRIC, caseFigures, findCaseFiles, loadCaseFile, loadCases, loadCaseText, type CaseRole, type Expectation, type ValidationCase } from './validation/case.js';
export { predictCase, type CasePrediction, type PredictOverrides } from './validation/predict.js';

/** One published figure against its prediction. */
export interface ValidationRow {
  case: string;
  role: CaseRole;
  source: string;
  metric: string;
  published: number;
  predicted: number;
  /** (predicted − published) ÷ published × 100: positive when the simulator is optimistic about a rate. */
  errorPct: number;
  /**
   * The error on data not used for fitting: for a holdout figure its error; for a calibration
   * figure its leave-one-out error from the committed fit (null when it alone fixes a factor or
   * the calibration file predates it).
   */
  outOfSamplePct: number | null;
}

/** Error statistics over a set of rows; the percentages are null when there is no row. */
export interface ErrorStats {
  /** Figures compared (a case may expect several). */
  count: number;
  /** Distinct cases the figures come from. */
  numCases: number;
  medianAbsErrorPct: number | null;
  meanAbsErrorPct: number | null;
  /** The largest absolute error and where it is. */
  worst: { case: string; metric: string; errorPct: number } | null;
}

export interface ValidationResult {
  rows: ValidationRow[];
  /** `outOfSample`: holdout errors with the calibration figures' leave-one-out errors. */
  stats: { all: ErrorStats; calibration: ErrorStats; holdout: ErrorStats; outOfSample: ErrorStats };
}

/** A bad case file: every problem of every file, each placed at file:line:col. */
export class CaseProblemsError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in validation cases`);
  }
}

/** Signed relative error in percent, (predicted − published) ÷ published × 100. */
export function signedErrorPct(predicted: number, published: number): number {
  return ((predicted - published) / published) * 100;
}

/** Nine significant digits, as the summary rounds, so JSON output carries no float noise. */
const round9 = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(9)) : x);

/** The rows of one case from its predicted values (one per `expect` entry, in order). */
export function compareCase(c: ValidationCase, predicted: readonly number[]): ValidationRow[] {
  return caseFigures(c).map((e, i) => ({
    case: c.name,
    role: c.role,
    source: c.source,
    metric: e.metric,
    published: e.value,
    predicted: predicted[i],
    errorPct: round9(signedErrorPct(predicted[i], e.value)),
    outOfSamplePct:
      c.role === 'holdout' ? round9(signedErrorPct(predicted[i], e.value)) : (CALIBRATION_LOO_PCT.get(`${c.name}|${e.metric}`) ?? null),
  }));
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median and mean absolute error, and the worst row (first listed on a tie). */
export function errorStats(rows: readonly ValidationRow[]): ErrorStats {
  const numCases = new Set(rows.map((r) => r.case)).size;
  if (rows.length === 0) return { count: 0, numCases, medianAbsErrorPct: null, meanAbsErrorPct: null, worst: null };
  const abs = rows.map((r) => Math.abs(r.errorPct));
  const worstAt = abs.indexOf(Math.max(...abs));
  const w = rows[worstAt];
  return {
    count: rows.length,
    numCases,
    medianAbsErrorPct: round9(median([...abs].sort((a, b) => a - b))),
    meanAbsErrorPct: round9(abs.reduce((s, x) => s + x, 0) / abs.length),
    worst: { case: w.case, metric: w.metric, errorPct: w.errorPct },
  };
}

/** Rows and their statistics, overall and per role. */
export function summarizeValidation(rows: ValidationRow[]): ValidationResult {
  return {
    rows,
    stats: {
      all: errorStats(rows),
      calibration: errorStats(rows.filter((r) => r.role === 'calibration')),
      holdout: errorStats(rows.filter((r) => r.role === 'holdout')),
      outOfSample: errorStats(rows.flatMap((r) => (r.outOfSamplePct === null ? [] : [{ ...r, errorPct: r.outOfSamplePct }]))),
    },
  };
}

export interface ValidateOptions extends PredictOverrides {
  /** Called as each case finishes (progress): `done` cases of `total` so far, this one included. */
  onCase?: (name: string, done: number, total: number) => void;
}

/** Runs loaded cases on `runner`; the rows are in case order whatever order the cases finish in. */
export async function runCases(cases: readonly ValidationCase[], runner: CaseRunner, opts: ValidateOptions = {}): Promise<ValidationResult> {
  let done = 0;
  const values = await runner.run(
    cases.map((c) => ({ file: c.file, ...(opts.factors && { factors: opts.factors }) })),
    (i) => opts.onCase?.(cases[i].name, ++done, cases.length),
  );
  return summarizeValidation(cases.flatMap((c, i) => compareCase(c, values[i])));
}

/**
 * Loads the case files and runs them on `jobs` worker threads (default one per core; 1 runs them
 * in this thread). Bad files are reported all at once, before anything is simulated, as a
 * CaseProblemsError.
 */
export async function validateCases(files: readonly string[], opts: ValidateOptions & { jobs?: number } = {}): Promise<ValidationResult> {
  const loaded = loadCases(files);
  if (!loaded.ok) throw new CaseProblemsError(loaded.problems);
  return withCasePool(opts.jobs, loaded.cases, (pool) => runCases(loaded.cases, pool, opts));
}

/**
 * A case as the calibration module sees it: its software stack (the first pool's runtime and vendor;
 * the shipped cases have one pool) and the figures it predicts.
 */
export function asCalibrationCase(c: ValidationCase): CalibrationCase {
  return {
    name: c.name,
    stack: stackId(c.scenario.cluster.pools[0].runtime, getAccelerator(c.scenario.cluster.pools[0].accelerator).vendor),
    observations: caseFigures(c).map((e) => ({ metric: e.metric, published: e.value })),
  };
}

/** Calibration's predictions of `cases` (indices into it) under trial factors, on `runner`. */
export function casePredictions(cases: readonly ValidationCase[], runner: CaseRunner): PredictRuns {
  return (runs) => runner.run(runs.map((r) => ({ file: cases[r.case].file, factors: r.factors })));
}
