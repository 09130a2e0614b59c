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
import type { Summary } from '../sim/metrics/summary.js';
import type { CalibrationCase } from './calibrate.js';
import { buildSimConfig } from './fleet.js';
import { runSimulation } from './run.js';
import { caseFigures, loadCases, type CaseRole, type ValidationCase } from './validation/case.js';
import { meetsLimits, searchMaxRate, withArrivalRate, type MaxRateSpec } from './validation/max-rate.js';
import { readMetric } from './validation/metrics.js';

export { CASE_ROLES, MAX_RATE_METRIC, caseFigures, findCaseFiles, loadCaseFile, loadCases, loadCaseText, type CaseRole, type Expectation, type ValidationCase } from './validation/case.js';

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

export interface PredictOverrides {
  /** Runtime efficiency factors; default the committed calibration (as `fleetsim run` uses). */
  factors?: FactorTable;
}

export interface CasePrediction {
  summary: Summary;
  /** The predicted value of each of the case's figures (caseFigures: `expect`, then maxRate), in order. */
  values: number[];
}

/** A bad case file: every problem of every file, each placed at file:line:col. */
export class CaseProblemsError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in validation cases`);
  }
}

/**
 * Runs one case and reads its expected metrics from the summary. Calibration calls this with trial
 * runtime factors. The case was checked at load time, so a fleet that cannot be built here (only
 * possible with factors that change memory planning) is a bug and throws.
 */
export function predictCase(c: ValidationCase, overrides: PredictOverrides = {}): CasePrediction {
  const summary = simulate(c, c.scenario, overrides);
  const values = c.expect.map((e) => readMetric(summary, e.metric));
  if (c.maxRate) values.push(predictMaxRate(c, c.maxRate, overrides));
  return { summary, values };
}

function simulate(c: ValidationCase, scenario: ValidationCase['scenario'], overrides: PredictOverrides): Summary {
  const fleet = buildSimConfig(scenario, overrides.factors);
  if (!fleet.ok) throw new Error(`case ${c.name}: fleet cannot be built: ${fleet.problems.map((p) => p.message).join('; ')}`);
  return runSimulation(scenario.name, fleet.config);
}

/** The highest Poisson rate whose run meets the case's latency limits, searched from the scenario's rate. */
function predictMaxRate(c: ValidationCase, spec: MaxRateSpec, overrides: PredictOverrides): number {
  const arrival = c.scenario.workload.arrival;
  if (arrival?.process !== 'poisson') throw new Error(`case ${c.name}: maxRate needs Poisson arrivals (checked at load)`);
  return searchMaxRate((rate) => meetsLimits(simulate(c, withArrivalRate(c.scenario, rate), overrides), spec), arrival.rate);
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
  /** Called before each case is simulated (progress). */
  onCase?: (name: string, index: number, total: number) => void;
}

/** Runs loaded cases in order. */
export function runCases(cases: readonly ValidationCase[], opts: ValidateOptions = {}): ValidationResult {
  const rows: ValidationRow[] = [];
  cases.forEach((c, i) => {
    opts.onCase?.(c.name, i, cases.length);
    rows.push(...compareCase(c, predictCase(c, opts).values));
  });
  return summarizeValidation(rows);
}

/**
 * Loads the case files and runs them. Bad files are reported all at once, before anything is
 * simulated, as a CaseProblemsError.
 */
export function validateCases(files: readonly string[], opts: ValidateOptions = {}): ValidationResult {
  const loaded = loadCases(files);
  if (!loaded.ok) throw new CaseProblemsError(loaded.problems);
  return runCases(loaded.cases, opts);
}

/**
 * A case as the calibration module sees it: its software stack (the first pool's runtime and vendor;
 * the shipped cases have one pool) and a prediction function of the runtime factors.
 */
export function asCalibrationCase(c: ValidationCase): CalibrationCase {
  return {
    name: c.name,
    stack: stackId(c.scenario.cluster.pools[0].runtime, getAccelerator(c.scenario.cluster.pools[0].accelerator).vendor),
    observations: caseFigures(c).map((e) => ({ metric: e.metric, published: e.value })),
    predict: (factors) => predictCase(c, { factors }).values,
  };
}
