import { describe, expect, it } from 'vitest';
import { targetsByRole, type RoleVariant, type VariantRole } from '../../../src/policies/autoscaling/role-targets.js';
import { WVA_DEFAULTS } from '../../../src/policies/autoscaling/saturation-analyzer.js';

const r = (variant: string, kvCacheUsage: number, queueLength: number) => ({ variant, kvCacheUsage, queueLength });
const v = (name: string, role: VariantRole, current: number, ready = current, cost = 10, sloRatePerReplica?: number): RoleVariant => ({
  name,
  role,
  cost,
  current,
  ready,
  minReplicas: 1,
  maxReplicas: 8,
  ...(sloRatePerReplica !== undefined && { sloRatePerReplica }),
});

describe('per-role targets (P/D variants)', () => {
  it('a saturated decode pool grows while an idle prefill pool keeps its count', () => {
    // Decode: kv 0.75 on both → spare 0.05 < 0.1 → +1 (from 2 ready to 3). Prefill: idle, but one
    // prefill replica alone can never be removed (n ≥ 2 for a safe scale-down).
    const t = targetsByRole([r('pre', 0.05, 0), r('dec', 0.75, 1), r('dec', 0.75, 1)], [v('pre', 'prefill', 1), v('dec', 'decode', 2)], WVA_DEFAULTS);
    expect([...t]).toEqual([['pre', 1], ['dec', 3]]);
  });

  it('a prefill pool with prompts queued grows; the decode pool, lightly loaded, shrinks by one', () => {
    // Prefill: queue 4 and 5 → one saturated (5 ≥ 5), the other spare 1 < 3 → +1.
    // Decode: three at kv 0.1 and queue 0 → on two, kv 0.15 and queue 0: safe → −1.
    const t = targetsByRole(
      [r('pre', 0.3, 4), r('pre', 0.3, 5), r('dec', 0.1, 0), r('dec', 0.1, 0), r('dec', 0.1, 0)],
      [v('pre', 'prefill', 2), v('dec', 'decode', 3)],
      WVA_DEFAULTS,
    );
    expect(t.get('pre')).toBe(3);
    expect(t.get('dec')).toBe(2);
  });

  it('judged together, the same metrics would move neither: the roles are not pooled', () => {
    // Pooled, the idle prefill replicas would lift the mean spare KV above the trigger.
    const replicas = [r('pre', 0, 0), r('pre', 0, 0), r('pre', 0, 0), r('dec', 0.75, 0)];
    expect(targetsByRole(replicas, [v('pre', 'both', 3), v('dec', 'both', 1)], WVA_DEFAULTS).get('dec')).toBe(1);
    expect(targetsByRole(replicas, [v('pre', 'prefill', 3), v('dec', 'decode', 1)], WVA_DEFAULTS).get('dec')).toBe(2);
  });

  it('a replica starting in one role blocks scale-up only in that role', () => {
    // Both roles saturated; prefill has one replica starting (current 2, ready 1).
    const t = targetsByRole([r('pre', 0.9, 0), r('dec', 0.9, 0)], [v('pre', 'prefill', 2, 1), v('dec', 'decode', 1)], WVA_DEFAULTS);
    expect(t.get('pre')).toBe(2);
    expect(t.get('dec')).toBe(2);
  });

  it('the model-based optimizer sizes each role for the whole arrival rate from its own rate per replica', () => {
    // 10 req/s: prefill holds 5/s per replica → 2; decode 2/s → 5. No replica is saturated, so
    // the model's scale-ups stand.
    const t = targetsByRole(
      [r('pre', 0.1, 0), r('dec', 0.1, 0)],
      [v('pre', 'prefill', 1, 1, 10, 5), v('dec', 'decode', 1, 1, 10, 2)],
      WVA_DEFAULTS,
      { rate: 10, headroom: 0 },
    );
    expect(t.get('pre')).toBe(2);
    expect(t.get('dec')).toBe(5);
  });

  it('an aggregated fleet is WVA as is: the cheapest variant grows', () => {
    const t = targetsByRole([r('a', 0.9, 0), r('b', 0.9, 0)], [v('a', 'both', 1, 1, 12), v('b', 'both', 1, 1, 4)], WVA_DEFAULTS);
    expect([...t]).toEqual([['a', 1], ['b', 2]]);
  });
});
