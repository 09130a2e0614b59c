/**
 * The pool of simulation jobs (scenario file plus `--set` overrides) that sweep, plan, ab, regress
 * and the TUI run on: a WorkerPool whose workers run `runJob`.
 */
import { availableParallelism } from 'node:os';
import { runJob, type JobResult, type RunJob } from '../job.js';
import { WorkerPool, type TaskRunner } from './worker-pool.js';

/** What experiments need of a pool; tests substitute a fake. */
export type JobRunner = TaskRunner<RunJob, JobResult>;

export function defaultWorkers(): number {
  return availableParallelism();
}

export class JobPool extends WorkerPool<RunJob, JobResult> {
  constructor(size: number) {
    super(size, { script: 'experiments/parallel/worker.js', run: runJob, describe: (job) => `${job.file} ${job.sets.join(' ')}` });
  }
}
