/**
 * What sweep, ab and regress share at the command line: loading the base scenario with its fixed
 * overrides, the sweep axes (file and flags), checking every point before any is simulated, a
 * points progress bar, and a worker pool that is always closed.
 */
import cliProgress from 'cli-progress';
import { pointSets } from '../../experiments/job.js';
import { defaultWorkers, JobPool } from '../../experiments/parallel/pool.js';
import { expandPoints, mergeAxes, splitSets, SweepInputError, type Point, type SweepAxis } from '../../experiments/sweep.js';
import { loadScenarioFile, type LoadResult } from '../../scenario/load.js';
import { formatProblem } from '../../scenario/problems.js';
import { parsePath } from '../../scenario/set.js';
import { InputError, type CliIO } from '../io.js';

export type Loaded = Extract<LoadResult, { ok: true }>;

export function loadOrThrow(file: string, sets: readonly string[]): Loaded {
  const loaded = loadScenarioFile(file, sets);
  if (!loaded.ok) throw new InputError(loaded.problems.map(formatProblem));
  return loaded;
}

export interface ExperimentInput {
  loaded: Loaded;
  fixed: string[];
  axes: SweepAxis[];
  points: Point[];
}

/**
 * The scenario's `sweep:` axes and the `--set path=v1,v2` ones (which win per path); a plain
 * `--set` on an axis path pins it, removing the axis. Every point is loaded once here, so a bad
 * value is reported (exit 2) before anything runs.
 */
export function experimentInput(file: string, sets: readonly string[], opts: { useFileSweep?: boolean } = {}): ExperimentInput {
  const { fixed, axes: flagAxes } = splitSets(sets);
  const bad = flagAxes.filter((a) => !parsePath(a.path)).map((a) => `--set: \`${a.path}\` is not a dotted path such as workload.arrival.rate`);
  for (const a of flagAxes) if (a.values.length === 0) bad.push(`--set: \`${a.path}=[]\` gives the axis no value: list at least one`);
  if (bad.length > 0) throw new InputError(bad);
  const loaded = loadOrThrow(file, fixed);
  const pinned = new Set(fixed.map((s) => s.slice(0, s.indexOf('=')).trim()));
  const fromFile = opts.useFileSweep === false ? {} : Object.fromEntries(Object.entries(loaded.scenario.sweep ?? {}).filter(([path]) => !pinned.has(path)));
  const axes = mergeAxes(fromFile, flagAxes);
  const points = expandPoints(axes);
  const problems = new Set<string>();
  for (const point of points) {
    if (Object.keys(point).length === 0) continue;
    const r = loadScenarioFile(file, [...fixed, ...pointSets(point)]);
    if (!r.ok) for (const p of r.problems) problems.add(formatProblem(p));
  }
  if (problems.size > 0) throw new InputError([...problems]);
  return { loaded, fixed, axes, points };
}

/** Runs `body` with a pool of `workers` threads (default: one per core) and closes it after. */
export async function withPool<T>(workers: number | undefined, body: (pool: JobPool) => Promise<T>): Promise<T> {
  const pool = new JobPool(workers ?? defaultWorkers());
  try {
    return await body(pool);
  } catch (e) {
    if (e instanceof SweepInputError) throw new InputError(e.problems);
    throw e;
  } finally {
    await pool.close();
  }
}

/** A progress bar over simulation jobs on stderr, TTY only. */
export function jobsProgress(io: CliIO, total: number, what: string) {
  if (!io.isTTY || total <= 1) return { tick: (_done: number) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${what} [{bar}] {value}/{total} runs | {duration_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { tick: (done: number) => bar.update(done), stop: () => bar.stop() };
}

/** `workload.arrival.rate=4, router.config=random` for tables and file names. */
export function pointLabel(point: Point): string {
  const entries = Object.entries(point);
  return entries.length === 0 ? '(base)' : entries.map(([k, v]) => `${k}=${String(v)}`).join(', ');
}

/** A file-system-safe slug of a point: `workload.arrival.rate=4_router.config=random`. */
export function pointSlug(point: Point, index: number): string {
  const body = Object.entries(point)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('_')
    .replace(/[^A-Za-z0-9._=-]+/g, '-')
    .slice(0, 120);
  return `${String(index).padStart(3, '0')}${body ? `_${body}` : ''}`;
}
