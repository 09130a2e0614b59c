/**
 * Pruning by dominance: a candidate is dropped once none of its fleets could be the cheapest,
 * nor on the Pareto front (cost/h against SLO rate) of fleets as sized, beside the fleets already
 * verified.
 *
 * What a candidate can size, knowing only that one replica's SLO rate r is below x: plan sizes
 * n = ⌈target ÷ r⌉ ≥ m = ⌈target ÷ x⌉ replicas, at cost n·unitCost and SLO rate n·r < target + x
 * (as n·r < target + r); or, if that fleet misses at the target, k more (k ≤ `extra`) rated
 * fleetRateAfterMiss: below (n + k)·target ÷ (n + k − 1) ≤ (m + k)·target ÷ (m + k − 1).
 *
 * Shrinking breaks the linear argument: a fleet can hold the target with fewer replicas than
 * n (shrink.ts), so its cost has no lower bound from r. What does hold: plan never runs a fleet
 * below the candidate's floor (the roofline estimate with its 2× margin, raised past any size
 * that missed at the target), and a fleet smaller than n, or cut to the replica limit or the
 * budget, is rated at the target alone (n'·r < target). So every fleet a candidate ends with is
 * one of the sized points above (within its limits) or costs at least floor·unitCost and holds
 * the target. It is dropped only when its sized points are dominated by the verified fleets as
 * sized (the front of sized fleets, the estimate plan had before shrinking) and the point
 * (floor·unitCost, target) by the verified fleets at their smallest size so far (a fleet's cost
 * only falls as it shrinks, and it still holds the target): see largestOpenFleet. Then the
 * candidate cannot end cheaper than a verified fleet, so plan's best is the one it would find
 * with no pruning at all: the cheapest of the whole space, no candidate below its floor. The
 * front of shrunk fleets is not guaranteed complete: a shrunk fleet is rated at the target, and
 * judging sized fleets against that would prune almost nothing.
 */
export interface FleetPoint {
  cost: number;
  rate: number;
  id: string;
}

export interface Limits {
  target: number;
  maxReplicas: number;
  budget?: number;
  /** Replicas plan may add after a fleet run misses (MAX_SIZING_TRIES − 1). */
  extra: number;
}

/**
 * The SLO rate of a fleet grown to `replicas` after the one a replica smaller missed at the
 * target: each replica holds less than target ÷ (replicas − 1) in that fleet, so replicas × r
 * would overstate it.
 */
export function fleetRateAfterMiss(replicas: number, replicaRate: number, target: number): number {
  return Math.min(replicas * replicaRate, (replicas * target) / (replicas - 1));
}

/** Above the SLO rate of the k-th sizing of a candidate whose replica rate is below x (n ≥ m replicas). */
function rateBound(target: number, x: number, m: number, k: number): number {
  return k === 0 ? target + x : Math.min(target + (k + 1) * x, ((m + k) * target) / (m + k - 1));
}

/**
 * A fleet at least as cheap and at least as fast, better in one, or the same and first by id (as
 * the ranking breaks ties): the front never keeps `p` beside it.
 */
export function dominator(verified: readonly FleetPoint[], p: { cost: number; rate: number; id?: string }): FleetPoint | undefined {
  return verified.find((v) => v.cost <= p.cost && v.rate >= p.rate && (v.cost < p.cost || v.rate > p.rate || (p.id !== undefined && v.id.localeCompare(p.id) < 0)));
}

/** The most replicas a candidate may have: the replica limit, and what the budget buys. */
export function replicaCap(unitCost: number, l: Limits): number {
  if (l.budget === undefined) return l.maxReplicas;
  let n = Math.min(l.maxReplicas, Math.floor(l.budget / unitCost) + 1);
  while (n > 0 && n * unitCost > l.budget) n--;
  return n;
}

/**
 * The largest fleet, from `floor` replicas up to replicaCap, that no verified fleet dominates
 * when it holds just the target (undefined: none). A candidate whose sized fleets are all
 * dominated can still win with a fleet this size or smaller; one run of it at the target decides:
 * a miss means every smaller fleet misses too, and every larger one is dominated.
 */
export function largestOpenFleet(verified: readonly FleetPoint[], p: { unitCost: number; floor: number; id: string }, l: Limits): number | undefined {
  let open: number | undefined;
  const cap = replicaCap(p.unitCost, l);
  // Dominated at n replicas, dominated at every larger n (strictly dearer at the same rate).
  for (let n = Math.max(1, p.floor); n <= cap && !dominator(verified, { cost: n * p.unitCost, rate: l.target, id: p.id }); n++) open = n;
  return open;
}

/** The fastest verified fleet costing at most `cost` (its rate; -Infinity when none). */
function fastestWithin(verified: readonly FleetPoint[], cost: number): number {
  let best = -Infinity;
  for (const v of verified) if (v.cost <= cost && v.rate > best) best = v.rate;
  return best;
}

/**
 * True when every fleet a candidate whose replica rate is below `x` sizes is dominated or past its
 * replicaCap (plan runs those cut to the cap: largestOpenFleet's case, as are shrunk ones).
 */
export function dominatedBelow(verified: readonly FleetPoint[], unitCost: number, x: number, l: Limits): boolean {
  if (!(x < Infinity) || verified.length === 0) return false;
  const n = Math.ceil(l.target / x);
  for (let k = 0; k <= l.extra; k++) {
    const replicas = n + k;
    const cost = replicas * unitCost;
    if (replicas > l.maxReplicas || (l.budget !== undefined && cost > l.budget)) continue;
    // The bound on the rate is strict, so a verified fleet at least that fast is strictly faster.
    if (fastestWithin(verified, cost) < rateBound(l.target, x, n, k)) return false;
  }
  return true;
}

/**
 * The highest rate x such that a candidate whose replica rate is below x is dominated (0 when
 * none is): a probe at x that misses prunes it. ⌈target ÷ x⌉ = m on [target ÷ m, target ÷ (m−1)),
 * where the rate bound rises with x, so the largest dominated x of each such interval is the
 * tightest of the verified rates' limits; the first interval (largest x) with one wins.
 */
export function dominanceThreshold(verified: readonly FleetPoint[], unitCost: number, l: Limits): number {
  if (verified.length === 0) return 0;
  for (let m = 1; m <= l.maxReplicas; m++) {
    const low = l.target / m;
    const high = m === 1 ? Infinity : l.target / (m - 1);
    let x = high;
    for (let k = 0; k <= l.extra; k++) {
      const replicas = m + k;
      const cost = replicas * unitCost;
      if (replicas > l.maxReplicas || (l.budget !== undefined && cost > l.budget)) continue;
      const fastest = fastestWithin(verified, cost);
      // k = 0 needs target + x ≤ fastest; later sizings are bounded by target alone, or by x.
      if (k === 0) x = Math.min(x, fastest - l.target);
      else if (fastest < rateBound(l.target, Infinity, m, k)) x = Math.min(x, (fastest - l.target) / (k + 1));
    }
    // x = high itself has ⌈target ÷ x⌉ = m − 1: step just below it.
    if (x >= high) x = high * (1 - 1e-9);
    if (x >= low && x > 0) return x;
  }
  return 0;
}

/**
 * True when the fleet plan would size from any replica rate r in [lo, hi) is dominated (or past
 * its replicaCap), so the bisection can stop: with n = ⌈target ÷ r⌉ replicas the fleet costs
 * n·unitCost and holds n·r < n·min(hi, target ÷ (n − 1)). This is the check plan makes once a
 * candidate is sized, made on the whole bracket; it needs lo > 0 (a rate known to pass). Shrunk
 * fleets are largestOpenFleet's case.
 */
export function sizedDominated(verified: readonly FleetPoint[], unitCost: number, lo: number, hi: number, l: Limits): boolean {
  if (!(lo > 0) || verified.length === 0) return false;
  const first = hi === Infinity ? 1 : Math.max(1, Math.ceil(l.target / hi));
  const last = Math.ceil(l.target / lo);
  for (let n = first; n <= last; n++) {
    const cost = n * unitCost;
    if (n > l.maxReplicas || (l.budget !== undefined && cost > l.budget)) continue;
    const top = n * Math.min(hi, n > 1 ? l.target / (n - 1) : Infinity);
    if (fastestWithin(verified, cost) < top) return false;
  }
  return true;
}
