/**
 * Validation cases on worker threads: `validate` and `calibrate` hand each case (and, when
 * calibrating, trial runtime factors) to a WorkerPool. A case's run is deterministic and shares
 * nothing with the others, so the figures are the same to the last digit in any thread and the
 * results come back in case order. Workers get the case file's path, not the loaded case, and load
 * it once themselves; the file was checked in this thread before anything ran.
 */
import { availableParallelism } from 'node:os';
import type { FactorTable } from '../../models/perf/runtime.js';
import { formatProblem } from '../../scenario/problems.js';
import { predictCase } from './predict.js';
import { WorkerPool, type TaskRunner } from '../parallel/worker-pool.js';
import { loadCaseFile, type ValidationCase } from './case.js';

/** One case to predict: its file and the runtime factors (default: the committed calibration). */
export interface CaseTask {
  file: string;
  factors?: FactorTable;
}

/** Predicts case tasks: each result is the case's figures (caseFigures order). */
export type CaseRunner = TaskRunner<CaseTask, number[]>;

const loadedHere = new Map<string, ValidationCase>();

/** The case of a file, loaded on first use. A file that no longer loads changed under the run: a crash, not input. */
function caseOf(file: string): ValidationCase {
  let c = loadedHere.get(file);
  if (!c) {
    const r = loadCaseFile(file);
    if (!r.ok) throw new Error(`case file ${file} changed since it was checked:\n${r.problems.map(formatProblem).join('\n')}`);
    loadedHere.set(file, (c = r.case));
  }
  return c;
}

/** What a case worker runs (case-worker.ts). */
export function runCaseTask(task: CaseTask): number[] {
  return predictCase(caseOf(task.file), { factors: task.factors }).values;
}

export class CasePool extends WorkerPool<CaseTask, number[]> {
  /** `cases`: already loaded here, so a task run in this thread (one worker) uses them as they are. */
  constructor(size: number, cases: readonly ValidationCase[]) {
    const byFile = new Map(cases.map((c) => [c.file, c]));
    super(size, {
      script: 'experiments/validation/case-worker.js',
      run: (task) => predictCase(byFile.get(task.file) ?? caseOf(task.file), { factors: task.factors }).values,
      describe: (task) => `case ${task.file}`,
    });
  }
}

/**
 * Runs `body` with a pool of `jobs` workers (default one per core), never more than there are
 * cases, and closes it however `body` ends.
 */
export async function withCasePool<T>(jobs: number | undefined, cases: readonly ValidationCase[], body: (pool: CasePool) => Promise<T>): Promise<T> {
  const pool = new CasePool(Math.max(1, Math.min(jobs ?? availableParallelism(), cases.length)), cases);
  try {
    return await body(pool);
  } finally {
    await pool.close();
  }
}
