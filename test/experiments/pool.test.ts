import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runJob } from '../../src/experiments/job.js';
import { JobPool } from '../../src/experiments/parallel/pool.js';
import { expandPoints, sweepJobs } from '../../src/experiments/sweep.js';
import type { Summary } from '../../src/sim/metrics/summary.js';

const ladder = join(__dirname, '..', 'fixtures', 'e2e', 'sweep-ladder.yaml');
const strip = (s: Summary) => JSON.stringify({ ...s, sim: { ...s.sim, wallSeconds: 0, peakRssMB: 0 } });

describe('JobPool on worker threads', () => {
  it('runs points on two workers with results identical to running each alone, in job order', async () => {
    const jobs = sweepJobs(ladder, [], expandPoints([{ path: 'workload.arrival.rate', values: [16, 2, 8] }]));
    const pool = new JobPool(2);
    const order: number[] = [];
    try {
      const results = await pool.run(jobs, (i) => order.push(i));
      expect(pool.workersStarted).toBe(2);
      expect(order.sort()).toEqual([0, 1, 2]);
      results.forEach((r, i) => {
        expect(r.ok).toBe(true);
        const alone = runJob(jobs[i]);
        if (!r.ok || !alone.ok) return;
        expect(r.summary.point).toEqual({ 'workload.arrival.rate': jobs[i].point['workload.arrival.rate'] });
        expect(strip(r.summary)).toBe(strip(alone.summary));
      });
    } finally {
      await pool.close();
    }
  });

  it('concurrent run() calls share the pool: never more workers than its size, each call gets its own results', async () => {
    const pool = new JobPool(2);
    try {
      const a = sweepJobs(ladder, [], expandPoints([{ path: 'workload.arrival.rate', values: [2, 4] }]));
      const b = sweepJobs(ladder, [], expandPoints([{ path: 'workload.arrival.rate', values: [8, 16] }]));
      const [ra, rb] = await Promise.all([pool.run(a), pool.run(b)]);
      expect(pool.workersStarted).toBe(2);
      const rates = (rs: typeof ra) => rs.map((r) => (r.ok ? r.summary.point['workload.arrival.rate'] : undefined));
      expect(rates(ra)).toEqual([2, 4]);
      expect(rates(rb)).toEqual([8, 16]);
    } finally {
      await pool.close();
    }
  });

  it('a detailed run (timeline and CDFs) gives the same summary as a plain one', () => {
    const [job] = sweepJobs(ladder, [], [{ 'workload.arrival.rate': 16 }]);
    const plain = runJob(job);
    const detailed = runJob({ ...job, detail: true });
    expect(plain.ok && detailed.ok).toBe(true);
    if (!plain.ok || !detailed.ok) return;
    expect(strip(detailed.summary)).toBe(strip(plain.summary));
    const d = detailed.detail!;
    expect(d.timeline.pods).toEqual(['h100-0', 'h100-1']);
    expect(d.timeline.samples.length).toBeGreaterThan(50);
    const ttft = d.cdf.find((c) => c.metric === 'ttft')!.quantiles;
    expect(ttft[0].q).toBe(0);
    expect(ttft[ttft.length - 1].q).toBe(1);
    // a CDF is monotone, and its p95 is the summary's
    for (let i = 1; i < ttft.length; i++) expect(ttft[i].value).toBeGreaterThanOrEqual(ttft[i - 1].value);
    expect(ttft.find((p) => p.q === 0.95)!.value).toBeCloseTo(detailed.summary.ttft.p95, 6);
  });

  it('an invalid point is reported as problems, not a crash', async () => {
    const pool = new JobPool(2);
    try {
      const [bad, good] = await pool.run(sweepJobs(ladder, [], [{ 'cluster.pools.0.replicas': 0 }, { 'workload.arrival.rate': 2 }]));
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.problems.join('\n')).toMatch(/--set: cluster\.pools\.0\.replicas/);
      expect(good.ok).toBe(true);
    } finally {
      await pool.close();
    }
  });
});
