/**
 * What the terminal UI needs of the planner, with a fake pool (no simulation): each candidate's
 * probe points, the rate path a trace is searched on, and stopping on an abort signal.
 */
import { describe, expect, it } from 'vitest';
import type { JobResult, RunJob } from '../../src/experiments/job.js';
import type { JobRunner } from '../../src/experiments/parallel/pool.js';
import { plan, type PlanEvent, type PlanOptions } from '../../src/experiments/plan/plan.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import type { Summary } from '../../src/sim/metrics/summary.js';
import { fixture } from '../e2e/helpers.js';

/** A pool whose fleets meet the SLO up to `capacity` req/s per replica, TTFT rising with load. */
function fakePool(capacity: number, ratePath = 'workload.arrival.rate') {
  const jobs: RunJob[] = [];
  const runner: JobRunner = {
    size: 2,
    async run(batch) {
      jobs.push(...batch);
      return batch.map((j): JobResult => {
        const rate = Number(j.point[ratePath]);
        const replicas = Number(j.point.replicas ?? 1);
        const load = (Number.isFinite(rate) ? rate : 8) / (replicas * capacity);
        const summary = { requests: { measured: 100, inFlight: 0, rejected: 0 }, slo: { goodput: load <= 1 ? 1 : 0.5 }, ttft: { p95: 0.1 * load }, tpot: { p95: 0.01 }, throughput: { outputTokensPerSec: 1000, requestsPerSec: rate } } as unknown as Summary;
        return { ok: true, summary };
      });
    },
  };
  return { runner, jobs };
}

function options(extra: Partial<PlanOptions> = {}): PlanOptions {
  const file = fixture('sweep-ladder.yaml');
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) throw new Error('fixture');
  return { file, raw: loaded.raw, sets: [], space: { accelerators: ['h100-sxm'], precisions: ['bf16'], tensorParallel: [1], routers: ['optimized-baseline'] }, targetRate: 8, prices: { 'h100-sxm': 6.88 }, maxReplicas: 64, goodput: 0.99, tolerance: 0.1, ...extra };
}

describe('plan, as the terminal UI uses it', () => {
  it('keeps each candidate\'s probes by rate, with the figures that decided them, and emits them as they come', async () => {
    const { runner } = fakePool(5);
    const events: PlanEvent[] = [];
    const r = await plan(runner, options(), (e) => events.push(e));
    const c = r.candidates[0];
    expect(c.status).toBe('meets');
    expect(c.probes!.length).toBeGreaterThan(2);
    expect(c.probes!.map((p) => p.rate)).toEqual([...c.probes!.map((p) => p.rate)].sort((a, b) => a - b));
    for (const p of c.probes!) expect(p).toEqual({ rate: p.rate, ok: p.rate <= 5, attainment: p.rate <= 5 ? 1 : 0.5, ttftP95: 0.1 * (p.rate / (1 * 5)), tpotP95: 0.01 });
    const probeEvents = events.filter((e) => e.kind === 'probe');
    expect(probeEvents).toHaveLength(c.probes!.length);
  });

  it('searches and sizes on ratePath instead of the arrival rate when asked (a replayed trace)', async () => {
    const { runner, jobs } = fakePool(5, 'workload.trace.rate');
    const r = await plan(runner, options({ ratePath: 'workload.trace.rate' }));
    expect(r.best?.replicas).toBe(2);
    for (const j of jobs) {
      expect(j.sets.some((s) => s.startsWith('workload.arrival.rate='))).toBe(false);
      expect(j.sets.some((s) => s.startsWith('workload.trace.rate='))).toBe(true);
    }
    expect(jobs.at(-1)!.sets).toContain('workload.trace.rate=8');
  });

  it('stops at the next round once its signal is aborted', async () => {
    const { runner, jobs } = fakePool(5);
    const controller = new AbortController();
    controller.abort(new Error('quit'));
    await expect(plan(runner, options({ signal: controller.signal }))).rejects.toThrow('quit');
    expect(jobs).toHaveLength(0);
  });
});
