/**
 * A sweep: the product of the scenario's `sweep:` axes (and of `--set path=v1,v2,...`), each point
 * one job, run on the worker pool. A point's summary is exactly what `fleetsim run --set` on that
 * point gives.
 */
import { parse as parseYaml } from 'yaml';
import type { Summary } from '../sim/metrics/summary.js';
import { pointSets, type JobResult, type RunJob } from './job.js';
import type { JobRunner } from './parallel/pool.js';
import type { RunDetail } from './run.js';

export interface SweepAxis {
  path: string;
  values: unknown[];
}

export type Point = Record<string, unknown>;

export interface SweepRow {
  point: Point;
  summary: Summary;
  detail?: RunDetail;
}

/** Every combination of the axes' values, the first axis varying slowest. */
export function expandPoints(axes: readonly SweepAxis[]): Point[] {
  let points: Point[] = [{}];
  for (const axis of axes) {
    points = points.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.path]: v })));
  }
  return points;
}

/**
 * Splits a command's `--set` arguments into fixed overrides and sweep axes: `path=v1,v2,...` or
 * `path=[v1, v2]` is an axis; anything else (a quoted string too) is an ordinary override. Values
 * are YAML scalars.
 */
export function splitSets(sets: readonly string[]): { fixed: string[]; axes: SweepAxis[] } {
  const fixed: string[] = [];
  const axes: SweepAxis[] = [];
  for (const arg of sets) {
    const eq = arg.indexOf('=');
    const value = eq < 0 ? '' : arg.slice(eq + 1).trim();
    const quoted = value.startsWith('"') || value.startsWith("'");
    const list = value.startsWith('[') ? tryYamlList(value) : !quoted && value.includes(',') ? value.split(',').map((v) => tryYamlScalar(v.trim())) : undefined;
    if (eq < 0 || !list) fixed.push(arg);
    else axes.push({ path: arg.slice(0, eq).trim(), values: list });
  }
  return { fixed, axes };
}

function tryYamlList(text: string): unknown[] | undefined {
  try {
    const v: unknown = parseYaml(text);
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function tryYamlScalar(text: string): unknown {
  try {
    return parseYaml(text) as unknown;
  } catch {
    return text;
  }
}

/** The scenario's own axes, overridden path by path by the command line's. */
export function mergeAxes(fromFile: Record<string, unknown[]> | undefined, fromFlags: readonly SweepAxis[]): SweepAxis[] {
  const byPath = new Map<string, unknown[]>(Object.entries(fromFile ?? {}));
  for (const a of fromFlags) byPath.set(a.path, a.values);
  return [...byPath].map(([path, values]) => ({ path, values }));
}

/** The jobs of a sweep: the fixed overrides, then the point's. */
export function sweepJobs(file: string, fixed: readonly string[], points: readonly Point[], detail = false): RunJob[] {
  return points.map((point) => ({ file, sets: [...fixed, ...pointSets(point)], point, detail }));
}

/** Runs the jobs; a point whose scenario is invalid is an input error of the whole sweep. */
export async function runSweep(pool: JobRunner, jobs: readonly RunJob[], onDone?: (done: number) => void): Promise<SweepRow[]> {
  let done = 0;
  const results = await pool.run(jobs, () => onDone?.(++done));
  return results.map((r, i) => ({ point: jobs[i].point, ...unwrap(r) }));
}

/** A job's result, or its input problems thrown as one SweepInputError. */
export function unwrap(r: JobResult): { summary: Summary; detail?: RunDetail } {
  if (!r.ok) throw new SweepInputError(r.problems);
  return { summary: r.summary, detail: r.detail };
}

export class SweepInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}
