import { describe, expect, it } from 'vitest';
import { admitterSaturation, probabilisticAdmitter } from '../../../src/policies/plugins/probabilistic-admitter.js';
import type { Admitter } from '../../../src/policies/types.js';
import { endpoint, make, request, testHandle } from '../helpers.js';

const req = (priority: number) => ({ ...request(), priority });

describe('probabilistic-admitter', () => {
  it('saturation: the mean over endpoints of max(queue ÷ 5, kv ÷ 0.8)', () => {
    const es = [endpoint('a', { waitingQueueSize: 1, kvCacheUsagePercent: 0.4 }), endpoint('b', { waitingQueueSize: 0, kvCacheUsagePercent: 0.08 })];
    // a: max(0.2, 0.5) = 0.5; b: max(0, 0.1) = 0.1 → 0.3
    expect(admitterSaturation(es, 5, 0.8)).toBeCloseTo(0.3, 12);
  });
  it('sheds a sheddable request with probability min(sat^5 · 300, 1); priority ≥ 0 always passes', () => {
    const at = (kv: number) => [endpoint('a', { kvCacheUsagePercent: kv })];
    // saturation 0.15 (kv 0.12): p = 0.15^5 · 300 = 0.02278
    const p = 0.15 ** 5 * 300;
    const below = make<Admitter>(probabilisticAdmitter, {}, testHandle([p - 1e-6]));
    const above = make<Admitter>(probabilisticAdmitter, {}, testHandle([p + 1e-6]));
    expect(below.admit(req(-1), at(0.12))).toMatch(/^shed by probabilistic-admitter: pool saturation 0\.15$/);
    expect(above.admit(req(-1), at(0.12))).toBeUndefined();
    // saturation 0.34 (kv 0.272): 0.34^5 · 300 = 1.36 → certain
    expect(make<Admitter>(probabilisticAdmitter, {}, testHandle([0.999])).admit(req(-1), at(0.272))).toBeDefined();
    expect(make<Admitter>(probabilisticAdmitter, {}, testHandle([0])).admit(req(0), at(1))).toBeUndefined();
    expect(make<Admitter>(probabilisticAdmitter, {}, testHandle([0])).admit(req(-1), [])).toBeUndefined();
  });
  it('refuses non-positive parameters', () => {
    for (const bad of [{ power: 0 }, { k: -1 }, { queueDepthThreshold: 0 }, { kvCacheUtilThreshold: 0 }]) {
      expect(() => make(probabilisticAdmitter, bad)).toThrow();
    }
  });
});
