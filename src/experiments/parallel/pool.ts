/**
 * Runs simulation jobs on worker_threads, one job per worker at a time, results in job order.
 * Simulations are CPU-bound and share nothing, so N workers on N cores take ~1/N of the time.
 * With one worker (or one job) jobs run in this thread: same code, same results, no start-up.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../../scenario/package-root.js';
import { runJob, type JobResult, type RunJob } from '../job.js';

/** What a worker posts back: a result, or the crash of a simulator bug (a stack, not user input). */
export type WorkerReply = { result: JobResult } | { crash: string };

/** What experiments need of a pool; tests substitute a fake. */
export interface JobRunner {
  readonly size: number;
  run(jobs: readonly RunJob[], onResult?: (index: number, result: JobResult) => void): Promise<JobResult[]>;
}

export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * The worker script is the built one (dist/), so the pool also works when the caller runs from
 * TypeScript sources under the test runner; `npm ci`/`npm test` build it first.
 */
function workerFile(): string {
  const file = join(packageRoot(), 'dist', 'src', 'experiments', 'parallel', 'worker.js');
  if (!existsSync(file)) throw new Error(`worker script ${file} is missing: run \`npm run build\``);
  return file;
}

export class JobPool implements JobRunner {
  private readonly idle: Worker[] = [];
  /** Callers waiting for a worker: concurrent run() calls share the pool's `size` workers. */
  private readonly waiting: ((w: Worker) => void)[] = [];
  private started = 0;
  private alive = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`workers must be a positive integer, got ${size}`);
  }

  /** Runs every job; `onResult(i, r)` as each finishes (in completion order); resolves in job order. */
  async run(jobs: readonly RunJob[], onResult?: (index: number, result: JobResult) => void): Promise<JobResult[]> {
    const results: JobResult[] = new Array(jobs.length);
    if (this.size === 1 || jobs.length <= 1) {
      jobs.forEach((job, i) => {
        results[i] = runJob(job);
        onResult?.(i, results[i]);
      });
      return results;
    }
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await this.runOne(jobs[i]);
        onResult?.(i, results[i]);
      }
    };
    const lanes = Math.min(this.size, jobs.length);
    await Promise.all(Array.from({ length: lanes }, lane));
    return results;
  }

  private acquire(): Promise<Worker> {
    const w = this.idle.pop();
    if (w) return Promise.resolve(w);
    if (this.alive < this.size) {
      this.started++;
      this.alive++;
      return Promise.resolve(new Worker(workerFile()));
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** A worker is free: the longest waiting caller gets it, else it idles. */
  private release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  private async runOne(job: RunJob): Promise<JobResult> {
    const worker = await this.acquire();
    return new Promise<JobResult>((resolve, reject) => {
      const done = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      const onMessage = (reply: WorkerReply) => {
        done();
        this.release(worker);
        if ('crash' in reply) reject(new Error(`simulation crashed in a worker (${job.file} ${job.sets.join(' ')}):\n${reply.crash}`));
        else resolve(reply.result);
      };
      const onError = (e: Error) => {
        done();
        void worker.terminate();
        this.alive--;
        // A waiting caller gets a fresh worker in its place.
        const next = this.waiting.shift();
        if (next) void this.acquire().then(next);
        reject(e);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage(job);
    });
  }

  /** Ends the workers; the pool can still run jobs afterwards (it starts new ones). */
  async close(): Promise<void> {
    const all = this.idle.splice(0);
    this.alive -= all.length;
    await Promise.all(all.map((w) => w.terminate()));
  }

  /** Workers started over the pool's life (tests check both cores were used). */
  get workersStarted(): number {
    return this.started;
  }
}
