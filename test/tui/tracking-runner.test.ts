import { describe, expect, it } from 'vitest';
import type { JobResult, RunJob } from '../../src/experiments/job.js';
import type { CandidateConfig } from '../../src/experiments/plan/candidates.js';
import type { JobRunner } from '../../src/experiments/parallel/pool.js';
import type { WorkerLine } from '../../src/tui/state.js';
import { TrackingRunner } from '../../src/tui/tracking-runner.js';

/** A pool of `size` lanes taking jobs in order, as JobPool does, finishing when the test says. */
function fakePool(size: number) {
  const pending: (() => void)[] = [];
  const runner: JobRunner = {
    size,
    async run(jobs, onResult) {
      const results: JobResult[] = [];
      let next = 0;
      const lane = async () => {
        while (next < jobs.length) {
          const i = next++;
          await new Promise<void>((r) => pending.push(r));
          results[i] = {} as JobResult;
          onResult?.(i, results[i]);
        }
      };
      await Promise.all(Array.from({ length: Math.min(size, jobs.length) }, lane));
      return results;
    },
  };
  return { runner, finishOldest: async () => { pending.shift()!(); await new Promise((r) => setTimeout(r, 0)); } };
}

const config = (id: string, acc: string): CandidateConfig => ({ id, accelerator: acc, precision: 'bf16', tensorParallel: 1, router: 'r', sets: [`cluster.pools.0.accelerator="${acc}"`, 'cluster.pools.0.replicas=1'] });
const job = (acc: string, point: Record<string, unknown>, extra: string[] = []): RunJob => ({ file: 'f.yaml', sets: ['slo.ttftP95=1', `cluster.pools.0.accelerator="${acc}"`, 'cluster.pools.0.replicas=1', ...extra], point });

describe('TrackingRunner', () => {
  it('reports the jobs running on the lanes, named by their candidate, as they start and finish', async () => {
    const pool = fakePool(2);
    const seen: WorkerLine[][] = [];
    const t = new TrackingRunner(pool.runner, () => [config('a', 'h100-sxm'), config('b', 'mi300x')], (l) => seen.push(l));
    const done = t.run([job('h100-sxm', { 'workload.arrival.rate': 4 }), job('h100-sxm', { 'workload.arrival.rate': 8 }), job('mi300x', { replicas: 3 }, ['cluster.pools.0.replicas=3'])]);
    expect(seen.at(-1)!.map((w) => w.what)).toEqual(['one replica at 4 req/s', 'one replica at 8 req/s']);
    await pool.finishOldest();
    expect(seen.at(-1)).toEqual([
      { id: 'a', kind: 'probe', what: 'one replica at 8 req/s' },
      { id: 'b', kind: 'fleet', what: 'fleet of 3 at the target rate' },
    ]);
    await pool.finishOldest();
    await pool.finishOldest();
    await done;
    expect(seen.at(-1)).toEqual([]);
    expect(t.size).toBe(2);
  });
});

describe('TrackingRunner with a lone job', () => {
  it('sends it with a twin so that a pool of workers runs it off the UI thread, and returns one result', async () => {
    const calls: number[] = [];
    const inner: JobRunner = { size: 2, run: async (jobs) => (calls.push(jobs.length), jobs.map((_, i) => ({ i }) as unknown as JobResult)) };
    const got: number[] = [];
    const r = await new TrackingRunner(inner, () => [], () => {}).run([job('h100-sxm', { replicas: 2 })], (i) => got.push(i));
    expect(calls).toEqual([2]);
    expect(r).toHaveLength(1);
    expect(got).toEqual([0]);
  });
});
