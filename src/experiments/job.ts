/**
 * One simulation as a self-contained job: a scenario file and the `--set` overrides of its point.
 * Jobs are plain data, so a worker thread can run one exactly as `fleetsim run --set ...` would,
 * and a point of a sweep gives the summary that running it alone gives.
 */
import { loadScenarioFile, locateProblems } from '../scenario/load.js';
import { formatProblem } from '../scenario/problems.js';
import type { Summary } from '../sim/metrics/summary.js';
import { buildSimConfig } from './fleet.js';
import { runSimulation, runSimulationDetailed, type RunDetail } from './run.js';

export interface RunJob {
  file: string;
  /** `path=value` overrides, applied in order (the command's --set, then the point's). */
  sets: string[];
  /** The point this job stands for, copied into summary.point. */
  point: Record<string, unknown>;
  /** Also sample CDFs and per-pod timelines for a report. */
  detail?: boolean;
  /** Stop the run once its SLO attainment is certainly below this (a probe that needs only its verdict). */
  abortBelowGoodput?: number;
}

export type JobResult = { ok: true; summary: Summary; detail?: RunDetail } | { ok: false; problems: string[] };

export function runJob(job: RunJob): JobResult {
  const loaded = loadScenarioFile(job.file, job.sets);
  if (!loaded.ok) return { ok: false, problems: loaded.problems.map(formatProblem) };
  const fleet = buildSimConfig(loaded.scenario);
  if (!fleet.ok) return { ok: false, problems: locateProblems(loaded, fleet.problems).map(formatProblem) };
  const name = loaded.scenario.name;
  const config = job.abortBelowGoodput === undefined ? fleet.config : { ...fleet.config, abortBelowGoodput: job.abortBelowGoodput };
  if (!job.detail) return { ok: true, summary: runSimulation(name, config, { point: job.point }) };
  const { summary, detail } = runSimulationDetailed(name, config, { point: job.point });
  return { ok: true, summary, detail };
}

/** A point value as a `--set` value: JSON is YAML, so strings stay strings and numbers numbers. */
export function setArg(path: string, value: unknown): string {
  return `${path}=${JSON.stringify(value)}`;
}

/** The `--set` overrides of a point. */
export function pointSets(point: Record<string, unknown>): string[] {
  return Object.entries(point).map(([path, value]) => setArg(path, value));
}
