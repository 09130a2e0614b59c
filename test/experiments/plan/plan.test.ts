/**
 * The search's decisions on a made-up world: a runner that answers each run from a table (one
 * replica's SLO rate, the fewest replicas a fleet needs at the target) instead of simulating, so
 * what is pruned, cut and shrunk is checked exactly and fast.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RunJob } from '../../../src/experiments/job.js';
import { RATE_PATH } from '../../../src/experiments/max-rate.js';
import type { JobRunner } from '../../../src/experiments/parallel/pool.js';
import { plan, type PlanOptions } from '../../../src/experiments/plan/plan.js';
import type { Summary } from '../../../src/sim/metrics/summary.js';

const file = join(fileURLToPath(import.meta.url), '..', '..', '..', 'fixtures', 'e2e', 'sweep-ladder.yaml');

/** Per accelerator: one replica's SLO rate, and the fewest replicas whose fleet holds the target. */
type World = Record<string, { replicaRate: number; fleetNeeds: number }>;

/** Answers probes by the replica rate and fleet runs by the fleet size; records the fleet runs. */
function fakeRunner(world: World) {
  const fleetRuns: { accelerator: string; replicas: number }[] = [];
  const runner: JobRunner = {
    size: 2,
    async run(jobs: readonly RunJob[]) {
      return jobs.map((job) => {
        const accelerator = JSON.parse(job.sets.find((x) => x.startsWith('cluster.pools.0.accelerator='))!.split('=')[1]) as string;
        const w = world[accelerator];
        let ok: boolean;
        if (job.point.replicas !== undefined) {
          const replicas = Number(job.point.replicas);
          fleetRuns.push({ accelerator, replicas });
          ok = replicas >= w.fleetNeeds;
        } else ok = Number(job.point[RATE_PATH]) <= w.replicaRate;
        return { ok: true as const, summary: fakeSummary(ok) };
      });
    },
  };
  return { runner, fleetRuns };
}

function fakeSummary(ok: boolean): Summary {
  return {
    requests: { measured: 100, inFlight: 0, rejected: 0 },
    slo: { goodput: ok ? 1 : 0.5 },
    ttft: { p95: ok ? 0.1 : 1 },
    tpot: { p95: 0.01 },
    throughput: { outputTokensPerSec: 1000 },
  } as unknown as Summary;
}

// Roofline estimates on this scenario: h100-sxm ~26 req/s, mi300x ~15 req/s a replica, so no
// fleet below 1 (h100) or 2 (mi300x) replicas is tried at 40 req/s.
const base: Omit<PlanOptions, 'prices' | 'space'> = { file, raw: {}, sets: [], targetRate: 40, maxReplicas: 64, goodput: 0.99, tolerance: 0.1 };
const space = (accelerators: string[]): PlanOptions['space'] => ({ accelerators, precisions: ['bf16'], tensorParallel: [1], routers: ['optimized-baseline'] });

describe('plan against a made-up world', () => {
  it('finds a candidate whose sized fleet is dominated but whose shrunk fleet is the cheapest', async () => {
    // mi300x: its probes (which start at its roofline estimate, so they move with calibration.json)
    // bracket 13.5 req/s a replica from below at 12.9–13.3, sized ⌈40 ÷ that⌉ = 4 × $12 = $48,
    // shrunk to the 3 its fleet needs. h100: 0.8125 to < 1.625 req/s a replica would size
    // ≥ 25 × $5 = $125 holding < 41.6 req/s, dominated by mi300x's 4 replicas; but 2 hold the
    // target together: $10.
    const { runner, fleetRuns } = fakeRunner({ 'h100-sxm': { replicaRate: 0.9, fleetNeeds: 2 }, mi300x: { replicaRate: 13.5, fleetNeeds: 3 } });
    const r = await plan(runner, { ...base, space: space(['h100-sxm', 'mi300x']), prices: { 'h100-sxm': 5, mi300x: 12 } });
    expect(r.best?.config.id).toBe('h100-sxm-bf16-tp1');
    expect(r.best?.replicas).toBe(2);
    expect(r.best?.costPerHour).toBe(10);
    expect(r.best?.fleetRate).toBe(40);
    expect(r.front.map((f) => `${f.config.id}×${f.replicas}`)).toEqual(['h100-sxm-bf16-tp1×2']);
    // Once its sized fleets were dominated, the largest fleet under mi300x's $48 ran (9 × $5), then
    // shrank to 2; a fleet of one is its replica, whose probes already missed.
    expect(fleetRuns.filter((f) => f.accelerator === 'h100-sxm').map((f) => f.replicas)).toEqual([9, 5, 3, 2]);
  });

  it('drops a candidate no fleet of which, down to its roofline floor, could win', async () => {
    // mi300x as above; h100 now needs 10 replicas in a fleet: its largest fleet that could beat
    // mi300x's $48, 9 replicas ($45), misses, so it is dominated after one fleet run.
    const { runner, fleetRuns } = fakeRunner({ 'h100-sxm': { replicaRate: 0.9, fleetNeeds: 10 }, mi300x: { replicaRate: 13.5, fleetNeeds: 3 } });
    const r = await plan(runner, { ...base, space: space(['h100-sxm', 'mi300x']), prices: { 'h100-sxm': 5, mi300x: 12 } });
    expect(r.best?.config.id).toBe('mi300x-bf16-tp1');
    expect(r.best?.replicas).toBe(3);
    const h100 = r.candidates.find((c) => c.config.id === 'h100-sxm-bf16-tp1')!;
    expect(h100.status).toBe('dominated');
    expect(fleetRuns.filter((f) => f.accelerator === 'h100-sxm')).toEqual([{ accelerator: 'h100-sxm', replicas: 9 }]);
  });

  it('judges the budget after shrinking, running no fleet over it', async () => {
    // 5 req/s a replica (4.875 found) sizes 9 × $5 = $45, over a $15 budget; 3 replicas ($15)
    // hold the target, and so do 2 (1 is the replica itself, known to miss 40 req/s: not run).
    const { runner, fleetRuns } = fakeRunner({ 'h100-sxm': { replicaRate: 5, fleetNeeds: 2 } });
    const r = await plan(runner, { ...base, space: space(['h100-sxm']), prices: { 'h100-sxm': 5 }, budget: 15 });
    expect(r.best?.config.id).toBe('h100-sxm-bf16-tp1');
    expect(r.best?.replicas).toBe(2);
    expect(r.best?.costPerHour).toBe(10);
    expect(fleetRuns.map((f) => f.replicas)).toEqual([3, 2]);
  });

  it('rejects a candidate over budget when the largest fleet the budget buys misses', async () => {
    const { runner, fleetRuns } = fakeRunner({ 'h100-sxm': { replicaRate: 5, fleetNeeds: 4 } });
    const r = await plan(runner, { ...base, space: space(['h100-sxm']), prices: { 'h100-sxm': 5 }, budget: 15 });
    expect(r.best).toBeUndefined();
    expect(r.candidates[0].status).toBe('over-budget');
    expect(fleetRuns.map((f) => f.replicas)).toEqual([3]);
  });

  it('runs no fleet when the budget buys only a replica already known to miss the target', async () => {
    const { runner, fleetRuns } = fakeRunner({ 'h100-sxm': { replicaRate: 5, fleetNeeds: 1 } });
    const r = await plan(runner, { ...base, space: space(['h100-sxm']), prices: { 'h100-sxm': 5 }, budget: 9 });
    expect(r.candidates[0].status).toBe('over-budget');
    expect(r.candidates[0].reason).toMatch(/the budget buys 1 of the 9 replicas .*plan tries no fewer than 2/);
    expect(fleetRuns).toEqual([]);
  });
});
