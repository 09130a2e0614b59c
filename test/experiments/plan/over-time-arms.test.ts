import { describe, expect, it } from 'vitest';
import { overTimeArms, sizedPools } from '../../../src/experiments/plan/over-time-arms.js';

describe('plan --over-time arms', () => {
  it('an aggregated fleet: one pool, static at the peak size, autoscaled from the user minimum to the larger of peak and user maximum', () => {
    const pools = sizedPools('h100', 5, undefined);
    expect(pools).toEqual([{ name: 'h100', role: 'both', replicas: 5 }]);
    const [stat, sat, qos] = overTimeArms({ pools, user: { minReplicas: 0, maxReplicas: 8 }, atStart: 0.2, peak: 20 });
    expect(stat.pools).toEqual([{ name: 'h100', role: 'both', initialReplicas: 5, minReplicas: 5, maxReplicas: 5 }]);
    // Scale to zero stays allowed on an aggregated pool; the start is what 20 % of the peak needs.
    expect(sat.pools).toEqual([{ name: 'h100', role: 'both', initialReplicas: 1, minReplicas: 0, maxReplicas: 8 }]);
    expect(qos.pools[0].sloRatePerReplica).toBe(4);
  });

  it('a P/D fleet: two variants, each bounded by its own sized count, started at its share of the load at t = 0', () => {
    // 4 units of 1:2 → 4 prefill pods and 8 decode pods.
    const pools = sizedPools('h100', 4, { prefill: 1, decode: 2 });
    expect(pools).toEqual([
      { name: 'prefill', role: 'prefill', replicas: 4 },
      { name: 'decode', role: 'decode', replicas: 8 },
    ]);
    const arms = overTimeArms({ pools, pd: { prefill: 1, decode: 2 }, user: {}, atStart: 0.3, peak: 24 });
    expect(arms.map((a) => a.name)).toEqual(['static', 'wva-saturation', 'wva-qos']);
    const [stat, sat, qos] = arms;
    expect(stat.pools.map((p) => [p.name, p.initialReplicas, p.minReplicas, p.maxReplicas])).toEqual([
      ['prefill', 4, 4, 4],
      ['decode', 8, 8, 8],
    ]);
    expect(sat.pools.map((p) => [p.name, p.role, p.initialReplicas, p.minReplicas, p.maxReplicas, p.sloRatePerReplica])).toEqual([
      ['prefill', 'prefill', 2, 1, 4, undefined],
      ['decode', 'decode', 3, 1, 8, undefined],
    ]);
    // Each role carries the whole peak over its own pods: 24 / 4 and 24 / 8 req/s per pod.
    expect(qos.pools.map((p) => [p.name, p.initialReplicas, p.minReplicas, p.maxReplicas, p.sloRatePerReplica])).toEqual([
      ['prefill', 2, 1, 4, 6],
      ['decode', 3, 1, 8, 3],
    ]);
  });

  it("a P/D fleet: the user's maximum counts P/D units (times each role's pods per unit); a minimum of 0 becomes 1", () => {
    const pd = { prefill: 1, decode: 2 };
    const [, sat] = overTimeArms({ pools: sizedPools('h100', 3, pd), pd, user: { minReplicas: 0, maxReplicas: 5 }, atStart: 0, peak: 9 });
    expect(sat.pools.map((p) => [p.name, p.initialReplicas, p.minReplicas, p.maxReplicas])).toEqual([
      ['prefill', 1, 1, 5],
      ['decode', 1, 1, 10],
    ]);
    // A user maximum below the sized count does not cap the fleet below what the peak needs.
    const [, low] = overTimeArms({ pools: sizedPools('h100', 3, pd), pd, user: { maxReplicas: 1 }, atStart: 1, peak: 9 });
    expect(low.pools.map((p) => [p.initialReplicas, p.maxReplicas])).toEqual([
      [3, 3],
      [6, 6],
    ]);
  });
});
