/**
 * A JobRunner that reports which simulations are running, for the terminal UI's per-worker
 * progress lines. JobPool's lanes take jobs in order as they free up, so with `size` lanes the
 * running jobs are the unfinished ones among the first (finished + size).
 */
import type { JobResult, RunJob } from '../experiments/job.js';
import type { CandidateConfig } from '../experiments/plan/candidates.js';
import type { JobRunner } from '../experiments/parallel/pool.js';
import type { WorkerLine } from './state.js';

export class TrackingRunner implements JobRunner {
  constructor(
    private readonly inner: JobRunner,
    private readonly candidates: () => readonly CandidateConfig[],
    private readonly onWorkers: (lines: WorkerLine[]) => void,
  ) {}

  get size(): number {
    return this.inner.size;
  }

  async run(jobs: readonly RunJob[], onResult?: (index: number, result: JobResult) => void): Promise<JobResult[]> {
    const finished = new Set<number>();
    const report = () => {
      const running: WorkerLine[] = [];
      const started = Math.min(jobs.length, finished.size + this.size);
      for (let i = 0; i < started; i++) if (!finished.has(i)) running.push(this.describe(jobs[i]));
      this.onWorkers(running);
    };
    report();
    try {
      // JobPool runs a lone job in the calling thread, which would freeze the UI (keys, timer) for
      // the whole simulation; a twin sends it to a worker, on a core that would idle anyway.
      if (jobs.length === 1 && this.size > 1) {
        const [first] = await this.inner.run([jobs[0], jobs[0]]);
        finished.add(0);
        onResult?.(0, first);
        return [first];
      }
      return await this.inner.run(jobs, (i, r) => {
        finished.add(i);
        report();
        onResult?.(i, r);
      });
    } finally {
      this.onWorkers([]);
    }
  }

  /** The candidate a job belongs to (its overrides include the candidate's) and what it runs. */
  private describe(job: RunJob): WorkerLine {
    const c = this.candidates().find((x) => x.sets.every((s) => job.sets.includes(s)));
    const replicas = job.point.replicas;
    const rate = job.point['workload.arrival.rate'] ?? job.point['workload.trace.rate'];
    if (replicas !== undefined) return { id: c?.id ?? '?', kind: 'fleet', what: `fleet of ${String(replicas)} at the target rate` };
    return { id: c?.id ?? '?', kind: 'probe', what: `one replica at ${String(rate)} req/s` };
  }
}
