import { describe, expect, it } from 'vitest';
import { arbitrate, modelBasedTargets, type ModelVariant } from '../../../src/policies/autoscaling/model-based.js';

const v = (name: string, cost: number, rate: number, min = 1, max = 10): ModelVariant => ({ name, cost, current: min, ready: min, minReplicas: min, maxReplicas: max, sloRatePerReplica: rate });
const analysis = (safe: boolean) => ({ nonSaturated: 2, avgSpareKv: 0.3, avgSpareQueue: 4, shouldScaleUp: false, scaleDownSafe: safe });

describe('WVA model-based optimizer', () => {
  it('sizes one variant as ⌈rate × (1 + headroom) ÷ per-replica SLO rate⌉, within its bounds', () => {
    expect(modelBasedTargets(13, [v('a', 10, 2)]).get('a')).toBe(7); // 13 / 2 = 6.5
    expect(modelBasedTargets(12, [v('a', 10, 2)]).get('a')).toBe(6); // exactly 6, not 7
    expect(modelBasedTargets(12, [v('a', 10, 2)], 0.1).get('a')).toBe(7); // 13.2 / 2
    expect(modelBasedTargets(0, [v('a', 10, 2, 2)]).get('a')).toBe(2); // never under the minimum
    expect(modelBasedTargets(100, [v('a', 10, 2, 1, 8)]).get('a')).toBe(8);
  });

  it('fills the variant cheapest per unit of SLO rate first, then the next', () => {
    // a: $10 for 2 req/s = $5 per req/s; b: $12 for 4 req/s = $3 → b first.
    // 30 req/s: minimums hold 2 + 4 = 6; b takes ⌈24/4⌉ = 6 more (max 5 → 4 more, 16 req/s); a the remaining 8 → 4 more.
    const t = modelBasedTargets(30, [v('a', 10, 2), v('b', 12, 4, 1, 5)]);
    expect(Object.fromEntries(t)).toEqual({ a: 5, b: 5 });
  });
});

describe('WVA arbitration of capacity and model-based targets', () => {
  it('follows the decision matrix', () => {
    expect(arbitrate(3, 4, 2, analysis(true))).toBe(3); // capacity up, model down: veto
    expect(arbitrate(3, 3, 2, analysis(false))).toBe(3); // model down, unsafe: blocked
    expect(arbitrate(3, 3, 2, analysis(true))).toBe(2); // model down, safe
    expect(arbitrate(3, 4, 3, analysis(true))).toBe(4); // capacity up, model steady
    expect(arbitrate(3, 3, 5, analysis(true))).toBe(5); // model up
    expect(arbitrate(3, 4, 5, analysis(true))).toBe(5); // both up: the higher
    expect(arbitrate(3, 3, 3, analysis(true))).toBe(3);
  });
});
