/**
 * A parallel map over worker_threads: tasks go to `size` workers, one task per worker at a time,
 * results come back in task order. Simulations are CPU-bound and share nothing, so N workers on N
 * cores take ~1/N of the time. With one worker (or one task) tasks run in this thread: same code,
 * same results, no start-up. Each kind of task has its own small worker script (see serve.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../../scenario/package-root.js';

/** What a worker posts back: a result, or the crash of a simulator bug (a stack, not user input). */
export type WorkerReply<R> = { result: R } | { crash: string };

/** How to run one kind of task: in a worker (its script) or in this thread (the same function). */
export interface TaskKind<T, R> {
  /** The worker script, relative to dist/src, e.g. `experiments/parallel/worker.js`. */
  script: string;
  /** What the script runs; used in this thread when the pool has one worker. */
  run(task: T): R;
  /** Names a task in a crash report. */
  describe(task: T): string;
}

/** What callers need of a pool; tests substitute a fake. */
export interface TaskRunner<T, R> {
  readonly size: number;
  run(tasks: readonly T[], onResult?: (index: number, result: R) => void): Promise<R[]>;
}

/**
 * The worker script is the built one (dist/), so the pool also works when the caller runs from
 * TypeScript sources under the test runner; `npm ci`/`npm test` build it first.
 */
function workerFile(script: string): string {
  const file = join(packageRoot(), 'dist', 'src', ...script.split('/'));
  if (!existsSync(file)) throw new Error(`worker script ${file} is missing: run \`npm run build\``);
  return file;
}

export class WorkerPool<T, R> implements TaskRunner<T, R> {
  private readonly idle: Worker[] = [];
  /** Callers waiting for a worker: concurrent run() calls share the pool's `size` workers. */
  private readonly waiting: ((w: Worker) => void)[] = [];
  private started = 0;
  private alive = 0;

  constructor(
    readonly size: number,
    private readonly kind: TaskKind<T, R>,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`workers must be a positive integer, got ${size}`);
  }

  /** Runs every task; `onResult(i, r)` as each finishes (in completion order); resolves in task order. */
  async run(tasks: readonly T[], onResult?: (index: number, result: R) => void): Promise<R[]> {
    const results: R[] = new Array<R>(tasks.length);
    if (this.size === 1 || tasks.length <= 1) {
      tasks.forEach((task, i) => {
        results[i] = this.kind.run(task);
        onResult?.(i, results[i]);
      });
      return results;
    }
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await this.runOne(tasks[i]);
        onResult?.(i, results[i]);
      }
    };
    const lanes = Math.min(this.size, tasks.length);
    await Promise.all(Array.from({ length: lanes }, lane));
    return results;
  }

  private acquire(): Promise<Worker> {
    const w = this.idle.pop();
    if (w) return Promise.resolve(w);
    if (this.alive < this.size) {
      this.started++;
      this.alive++;
      return Promise.resolve(new Worker(workerFile(this.kind.script)));
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** A worker is free: the longest waiting caller gets it, else it idles. */
  private release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  private async runOne(task: T): Promise<R> {
    const worker = await this.acquire();
    return new Promise<R>((resolve, reject) => {
      const done = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      const onMessage = (reply: WorkerReply<R>) => {
        done();
        this.release(worker);
        if ('crash' in reply) reject(new Error(`simulation crashed in a worker (${this.kind.describe(task)}):\n${reply.crash}`));
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
      worker.postMessage(task);
    });
  }

  /** Ends the workers; the pool can still run tasks afterwards (it starts new ones). */
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
