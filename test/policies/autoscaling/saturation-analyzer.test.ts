import { describe, expect, it } from 'vitest';
import { analyzeCapacity, capacityTargets, ScaleDownStabilizer, WVA_DEFAULTS, type VariantState } from '../../../src/policies/autoscaling/saturation-analyzer.js';

const r = (kvCacheUsage: number, queueLength: number, variant = 'a') => ({ variant, kvCacheUsage, queueLength });
const v = (name: string, cost: number, current: number, ready = current, minReplicas = 1, maxReplicas = 10): VariantState => ({ name, cost, current, ready, minReplicas, maxReplicas });

describe('WVA saturation analyzer', () => {
  it('averages spare capacity over the non-saturated replicas only', () => {
    // Replica 3 is saturated (kv 0.85 ≥ 0.8): spare over the others: kv 0.8 − (0.5+0.6)/2 = 0.25; queue 5 − (1+2)/2 = 3.5.
    const a = analyzeCapacity([r(0.5, 1), r(0.6, 2), r(0.85, 0)], WVA_DEFAULTS);
    expect(a.nonSaturated).toBe(2);
    expect(a.avgSpareKv).toBeCloseTo(0.25, 12);
    expect(a.avgSpareQueue).toBeCloseTo(3.5, 12);
    expect(a.shouldScaleUp).toBe(false);
    // Removing one of two: kv 1.1/1 = 1.1 > 0.8 → unsafe.
    expect(a.scaleDownSafe).toBe(false);
  });

  it('scales up when mean spare KV or queue falls under its trigger', () => {
    // kv spare 0.8 − 0.75 = 0.05 < 0.1.
    expect(analyzeCapacity([r(0.75, 0), r(0.75, 0)], WVA_DEFAULTS).shouldScaleUp).toBe(true);
    // queue spare 5 − 2.5 = 2.5 < 3.
    expect(analyzeCapacity([r(0.1, 2), r(0.1, 3)], WVA_DEFAULTS).shouldScaleUp).toBe(true);
    // A queue of 5 saturates a replica (≥ threshold): all saturated → no spare → scale up.
    const all = analyzeCapacity([r(0.1, 5), r(0.9, 0)], WVA_DEFAULTS);
    expect(all.nonSaturated).toBe(0);
    expect(all.shouldScaleUp).toBe(true);
    // No replica reporting: nothing to decide on.
    expect(analyzeCapacity([], WVA_DEFAULTS).shouldScaleUp).toBe(false);
  });

  it('allows scale-down only if the load fits one fewer replica with the triggers kept', () => {
    // 3 replicas at kv 0.2, queue 0: on 2, kv 0.3 (spare 0.5 ≥ 0.1), queue 0 (spare 5 ≥ 3) → safe.
    expect(analyzeCapacity([r(0.2, 0), r(0.2, 0), r(0.2, 0)], WVA_DEFAULTS).scaleDownSafe).toBe(true);
    // 3 at queue 1.5: on 2, 4.5/2 = 2.25 → spare 2.75 < 3 → unsafe.
    expect(analyzeCapacity([r(0.1, 1.5), r(0.1, 1.5), r(0.1, 1.5)], WVA_DEFAULTS).scaleDownSafe).toBe(false);
    // One non-saturated replica can never be removed.
    expect(analyzeCapacity([r(0, 0)], WVA_DEFAULTS).scaleDownSafe).toBe(false);
  });

  it('grows the cheapest variant from its ready count, shrinks the dearest, respects bounds', () => {
    const up = { nonSaturated: 1, avgSpareKv: 0, avgSpareQueue: 0, shouldScaleUp: true, scaleDownSafe: false };
    const down = { ...up, shouldScaleUp: false, scaleDownSafe: true };
    const t = capacityTargets(up, [v('h100', 13.8, 3), v('gaudi', 8, 2)]);
    expect(Object.fromEntries(t)).toEqual({ h100: 3, gaudi: 3 });
    // The cheapest is at its max: the next cheapest grows.
    expect(Object.fromEntries(capacityTargets(up, [v('h100', 13.8, 3), v('gaudi', 8, 2, 2, 1, 2)]))).toEqual({ h100: 4, gaudi: 2 });
    // Equal cost: the first by name grows, the last by name shrinks.
    expect(Object.fromEntries(capacityTargets(up, [v('b', 5, 2), v('a', 5, 2)]))).toEqual({ a: 3, b: 2 });
    expect(Object.fromEntries(capacityTargets(down, [v('b', 5, 2), v('a', 5, 2)]))).toEqual({ a: 2, b: 1 });
    expect(Object.fromEntries(capacityTargets(down, [v('h100', 13.8, 3), v('gaudi', 8, 2)]))).toEqual({ h100: 2, gaudi: 2 });
    // Never under minReplicas.
    expect(Object.fromEntries(capacityTargets(down, [v('a', 5, 1)]))).toEqual({ a: 1 });
  });

  it('blocks scale-up while a replica is still starting (no cascade)', () => {
    const up = { nonSaturated: 0, avgSpareKv: 0, avgSpareQueue: 0, shouldScaleUp: true, scaleDownSafe: false };
    expect(Object.fromEntries(capacityTargets(up, [v('a', 5, 3, 2)]))).toEqual({ a: 3 });
  });
});

describe('HPA scale-down stabilization', () => {
  it('scales up at once and down only to the highest target of the window', () => {
    const s = new ScaleDownStabilizer(300);
    expect(s.apply(0, 2, 3)).toBe(3);
    expect(s.apply(60, 3, 3)).toBe(3);
    // Targets of 2 from t=120: the window still holds the 3s of t ≤ 60 until t=360.
    expect(s.apply(120, 3, 2)).toBe(3);
    expect(s.apply(300, 3, 2)).toBe(3);
    expect(s.apply(360, 3, 2)).toBe(3); // t=60 is exactly at the window's edge: kept
    expect(s.apply(420, 3, 2)).toBe(2);
  });

  it('with no window, follows the target', () => {
    const s = new ScaleDownStabilizer(0);
    expect(s.apply(0, 5, 3)).toBe(3);
  });
});
