import { describe, expect, it } from 'vitest';
import type { JobResult, RunJob } from '../../src/experiments/job.js';
import { findMaxRate, RATE_PATH, sloAttainment } from '../../src/experiments/max-rate.js';
import type { JobRunner } from '../../src/experiments/parallel/pool.js';
import type { Summary } from '../../src/sim/metrics/summary.js';

/** A fake fleet whose SLO attainment is 1 up to `capacity` req/s and 0.5 beyond. */
function fakeRunner(size: number, capacity: number): JobRunner & { rounds: number[][] } {
  const rounds: number[][] = [];
  return {
    size,
    rounds,
    async run(jobs: readonly RunJob[]): Promise<JobResult[]> {
      rounds.push(jobs.map((j) => j.point[RATE_PATH] as number));
      return jobs.map((j) => {
        const rate = j.point[RATE_PATH] as number;
        const summary = { requests: { measured: 100, inFlight: 0, rejected: 0 }, slo: { goodput: rate <= capacity ? 1 : 0.5 } } as unknown as Summary;
        return { ok: true, summary };
      });
    },
  };
}

const opts = { file: 's.yaml', sets: [], startRate: 1, goodput: 0.99, tolerance: 0.02 };

describe('find max rate', () => {
  it('brackets by doubling, then narrows to the tolerance, probing as many rates per round as workers', async () => {
    const runner = fakeRunner(2, 13.7);
    const r = await findMaxRate(runner, opts);
    expect(r.maxRate).toBeLessThanOrEqual(13.7);
    expect(r.failRate).toBeGreaterThan(13.7);
    expect((r.failRate! - r.maxRate!) / r.failRate!).toBeLessThanOrEqual(0.02);
    expect(runner.rounds[0]).toEqual([1, 2]);
    expect(runner.rounds[1]).toEqual([4, 8]);
    expect(runner.rounds[2]).toEqual([16, 32]);
    for (const round of runner.rounds) expect(round.length).toBe(2);
    expect(r.probes.map((p) => p.rate)).toEqual([...r.probes.map((p) => p.rate)].sort((a, b) => a - b));
  });

  it('searches below the start rate when it already fails', async () => {
    const r = await findMaxRate(fakeRunner(1, 0.3), opts);
    expect(r.maxRate).toBeGreaterThan(0.3 * 0.97);
    expect(r.maxRate).toBeLessThanOrEqual(0.3);
  });

  it('reports no rate when even a tiny load misses the SLO, and a ceiling when nothing fails', async () => {
    const none = await findMaxRate(fakeRunner(2, 0), opts);
    expect(none.maxRate).toBeUndefined();
    const all = await findMaxRate(fakeRunner(2, Infinity), { ...opts, maxDoublings: 3 });
    expect(all.failRate).toBeUndefined();
    expect(all.maxRate).toBe(8);
  });

  it('attainment counts requests in flight or rejected as misses', () => {
    const s = { requests: { measured: 90, inFlight: 5, rejected: 5 }, slo: { goodput: 1 } } as unknown as Summary;
    expect(sloAttainment(s)).toBeCloseTo(0.9, 12);
  });
});
