/** Pruning by dominance and the per-candidate rate bracket, against hand-computed figures. */
import { describe, expect, it } from 'vitest';
import { RateBracket } from '../../../src/experiments/plan/bracket.js';
import { dominanceThreshold, dominatedBelow, dominator, fleetRateAfterMiss, largestOpenFleet, replicaCap, sizedDominated, type FleetPoint, type Limits } from '../../../src/experiments/plan/dominance.js';

// Two verified fleets: $80/h holding 21.5 req/s, $96/h holding 29.5 req/s; target 20 req/s.
const verified: FleetPoint[] = [
  { cost: 80, rate: 21.5, id: 'a' },
  { cost: 96, rate: 29.5, id: 'b' },
];
const limits: Limits = { target: 20, maxReplicas: 64, extra: 3 };

describe('dominance', () => {
  it('a fleet is dominated by one at least as cheap and as fast, better in one; a tie is not', () => {
    expect(dominator(verified, { cost: 113.92, rate: 21.13 })?.id).toBe('a');
    expect(dominator(verified, { cost: 90, rate: 25 })).toBeUndefined();
    expect(dominator(verified, { cost: 80, rate: 21.5 })).toBeUndefined();
    // the same fleet figures: the ranking keeps the first by id
    expect(dominator(verified, { cost: 80, rate: 21.5, id: 'a-kvcpu' })?.id).toBe('a');
    expect(dominator(verified, { cost: 80, rate: 21.5, id: '0' })).toBeUndefined();
    expect(dominator(verified, { cost: 96, rate: 29.4 })?.id).toBe('b');
  });

  it('a grown fleet is rated by the target, not replicas × replica rate', () => {
    expect(fleetRateAfterMiss(5, 5, 20)).toBe(25); // min(25, 5 × 20 / 4)
    expect(fleetRateAfterMiss(6, 5, 20)).toBe(24); // min(30, 6 × 20 / 5)
  });

  it('a $28.48 replica below 5 req/s is dominated whatever it sizes; below 7 req/s it is not', () => {
    // x = 5: ≥ 4 replicas ($113.92, < 25 req/s), +1 ($142.40, < 25), +2 (< 24), +3 (< 23.3): all under b's 29.5.
    expect(dominatedBelow(verified, 28.48, 5, limits)).toBe(true);
    // x = 7: 3 replicas at $85.44 may hold up to 27 req/s; only a (21.5) is that cheap.
    expect(dominatedBelow(verified, 28.48, 7, limits)).toBe(false);
    expect(dominatedBelow([], 28.48, 1, limits)).toBe(false);
    expect(dominatedBelow(verified, 28.48, Infinity, limits)).toBe(false);
  });

  it('fleets over the budget or the replica limit need no dominator', () => {
    // $40 replicas, budget $100: the ≥ 4 replicas of x = 5 cost ≥ $160.
    expect(dominatedBelow(verified, 40, 5, { ...limits, budget: 100 })).toBe(true);
    expect(dominatedBelow(verified, 40, 5, { ...limits, maxReplicas: 3 })).toBe(true);
    expect(dominatedBelow(verified, 40, 5, limits)).toBe(true); // 4 × $40 = $160 holds < 25: b ($96, 29.5) is cheaper and faster
    expect(dominatedBelow(verified, 20, 9, limits)).toBe(false); // 3 × $20 = $60: nothing verified is that cheap
  });

  it('the threshold is the top of the first dominated ⌈target ÷ x⌉ interval', () => {
    // ⌈20 ÷ x⌉ = 4 on [5, 6.67): 4 replicas cost $113.92 (b's 29.5 ≥ 20 + x for x ≤ 9.5), grown
    // fleets hold < 25, 24, 23.3 ≤ 29.5: all of it is dominated. ⌈20 ÷ x⌉ = 3 needs 20 + x ≤ 21.5: x ≤ 1.5, not in [6.67, 10).
    const x = dominanceThreshold(verified, 28.48, limits);
    expect(x).toBeCloseTo(20 / 3, 6);
    expect(x).toBeLessThan(20 / 3);
    expect(dominatedBelow(verified, 28.48, x, limits)).toBe(true);
    expect(dominanceThreshold([], 28.48, limits)).toBe(0);
    // A $10 replica: up to 9 replicas ($90) only a's 21.5 is as cheap, short of 20 + x for x ≥ 20/9;
    // 10 replicas ($100, x in [2, 20/9)) hold < 22.2 and, grown, < 22, 21.8, 21.7: all under b's 29.5.
    expect(dominanceThreshold(verified, 10, limits)).toBeCloseTo(20 / 9, 6);
    expect(dominanceThreshold([{ cost: 1000, rate: 21, id: 'c' }], 10, limits)).toBe(0);
  });
});

describe('rate bracket', () => {
  it('doubles, halves and bisects from the start rate to the tolerance', () => {
    const b = new RateBracket(4, 0.1);
    const trace: number[] = [];
    const capacity = 6.6;
    while (!b.done) {
      const r = b.next();
      trace.push(r);
      b.record(r, r <= capacity);
    }
    expect(trace).toEqual([4, 8, 6, 7, 6.5]);
    expect(b.lo).toBe(6.5);
    expect(b.hi).toBe(7);
  });

  it('probes at the pruning threshold when it is above the regular next rate and inside the bracket', () => {
    const b = new RateBracket(4, 0.1);
    expect(b.next(10)).toBe(10);
    expect(b.next(3)).toBe(4);
    expect(b.next(20 / 3)).toBe(6.666); // rounded down, never above the threshold
    b.record(8, false);
    expect(b.next(9)).toBe(4); // above the known miss: no use
  });

  it('gives up halving at its floor and doubling at its ceiling', () => {
    const none = new RateBracket(4, 0.1, 64, 0.5);
    while (!none.done) none.record(none.next(), false);
    expect(none.lo).toBe(0);
    const all = new RateBracket(4, 0.1, 64, 0.5);
    while (!all.done) all.record(all.next(), true);
    expect(all.lo).toBe(64);
  });
});

describe('dominance of a bracket', () => {
  it('stops a bisection whose every outcome sizes a dominated fleet', () => {
    // $28.48 replicas, rate in [11, 13): 2 replicas ($56.96) hold < 26; nothing verified is that cheap.
    expect(sizedDominated(verified, 28.48, 11, 13, limits)).toBe(false);
    // $40 replicas in [7, 9): 3 replicas ($120) hold < 27, b ($96, 29.5) is cheaper and faster.
    expect(sizedDominated(verified, 40, 7, 9, limits)).toBe(true);
    // [7, 11): 2 replicas ($80) may hold up to 22 > a's 21.5.
    expect(sizedDominated(verified, 40, 7, 11, limits)).toBe(false);
    // nothing known to pass: no bracket to judge
    expect(sizedDominated(verified, 40, 0, 9, limits)).toBe(false);
  });
});

describe('dominance after shrinking', () => {
  it('caps replicas at the limit and at what the budget buys', () => {
    expect(replicaCap(28.48, limits)).toBe(64);
    expect(replicaCap(5, { ...limits, budget: 15 })).toBe(3);
    expect(replicaCap(5, { ...limits, budget: 14.99 })).toBe(2);
    expect(replicaCap(0.1, { ...limits, budget: 15, maxReplicas: 8 })).toBe(8);
    expect(replicaCap(20, { ...limits, budget: 15 })).toBe(0);
  });

  it('the largest fleet holding just the target that no verified fleet dominates, from the floor up', () => {
    // $10 replicas: 7 ($70) is cheaper than b; 8 ($80) costs what a does at 21.5 > 20 req/s: dominated.
    expect(largestOpenFleet(verified, { unitCost: 10, floor: 2, id: 'z' }, limits)).toBe(7);
    // $40 replicas: 2 cost a's $80 and a holds more than the target: only 1 is left.
    expect(largestOpenFleet(verified, { unitCost: 40, floor: 1, id: 'z' }, limits)).toBe(1);
    expect(largestOpenFleet(verified, { unitCost: 40, floor: 2, id: 'z' }, limits)).toBeUndefined();
    // A floor of 8 replicas is as dear as a: nothing left.
    expect(largestOpenFleet(verified, { unitCost: 10, floor: 8, id: 'z' }, limits)).toBeUndefined();
    // The budget cuts it first.
    expect(largestOpenFleet(verified, { unitCost: 10, floor: 2, id: 'z' }, { ...limits, budget: 45 })).toBe(4);
    expect(largestOpenFleet([], { unitCost: 10, floor: 2, id: 'z' }, limits)).toBe(64);
  });

  it('a candidate whose sized fleets are dominated can still be the cheapest once shrunk', () => {
    // $5 replicas below 1.625 req/s size ≥ 13 replicas ($65) holding < 21.63 req/s: a ($80, 21.5)
    // does not dominate that, b ($96, 29.5) is dearer. Below 1 req/s: ≥ 20 replicas, $100: dominated by b.
    expect(dominatedBelow(verified, 5, 1, limits)).toBe(true);
    // But with a floor of 2 replicas, 15 of them ($75) holding the target would be the cheapest.
    expect(largestOpenFleet(verified, { unitCost: 5, floor: 2, id: 'z' }, limits)).toBe(15);
  });
});
