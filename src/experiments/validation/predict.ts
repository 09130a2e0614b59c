/**
 * One validation case's prediction: its scenario runs through the same path as `fleetsim run`
 * (fleet build, runSimulation) and each expected figure is read from the summary; a maxRate figure
 * is searched over the arrival rate. Deterministic: the case's seed fixes every run.
 */
import type { FactorTable } from '../../models/perf/runtime.js';
import type { Summary } from '../../sim/metrics/summary.js';
import { buildSimConfig } from '../fleet.js';
import { runSimulation } from '../run.js';
import type { ValidationCase } from './case.js';
import { meetsLimits, searchMaxRate, withArrivalRate, type MaxRateSpec } from './max-rate.js';
import { readMetric } from './metrics.js';

export interface PredictOverrides {
  /** Runtime efficiency factors; default the committed calibration (as `fleetsim run` uses). */
  factors?: FactorTable;
}

export interface CasePrediction {
  summary: Summary;
  /** The predicted value of each of the case's figures (caseFigures: `expect`, then maxRate), in order. */
  values: number[];
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

