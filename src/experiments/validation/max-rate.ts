/**
 * MLPerf Server's figure of merit as a validation metric: the highest Poisson arrival rate at which
 * a run meets the benchmark's latency limits (loadgen's PerfConstraintsMet: p99 TTFT and p99 TPOT
 * at or under their limits, TPOT taken per query). A published `target_qps` is that rate, found by
 * the submitter; the latencies logged at it sit at the edge of the knee, where a 2 % error in
 * capacity moves TPOT by tens of percent. The rate itself moves one for one with capacity, so it is
 * the well-conditioned comparison of a server row.
 */
import type { ResolvedScenario } from '../../scenario/resolve.js';
import type { Summary } from '../../sim/metrics/summary.js';

/** Latency limits of a server benchmark, seconds, and the published rate that met them. */
export interface MaxRateSpec {
  ttftP99: number;
  tpotP99: number;
  /** The published rate (MLPerf `target_qps`), requests per second. */
  value: number;
}

/** Search settings: stop when the bracket is this narrow relative to its top. */
export const MAX_RATE_TOLERANCE = 0.01;
/**
 * Bracketing step: × 1.25 rather than × 2, since an overloaded probe is the expensive one (its
 * backlog drains after the arrivals stop) and a published rate is rarely far from the model's.
 */
export const MAX_RATE_GROWTH = 1.25;
/** Steps from the scenario's rate before the search gives up on a bracket (1.25^12 ≈ 14.6). */
export const MAX_RATE_STEPS = 12;

/**
 * Whether a run meets the limits. A request still in flight or rejected at the end never got its
 * latency within them, so it fails the run too (the cases drain, so this is a guard).
 */
export function meetsLimits(s: Summary, limits: Pick<MaxRateSpec, 'ttftP99' | 'tpotP99'>): boolean {
  return s.requests.measured > 0 && s.requests.inFlight === 0 && s.requests.rejected === 0 && s.ttft.p99 <= limits.ttftP99 && s.tpot.p99 <= limits.tpotP99;
}

/**
 * The highest rate that passes, to within `tolerance` of the bracket's top: from `start`, grow by
 * `growth` while runs pass (or shrink while they fail) to bracket the edge, then bisect. Assumes
 * passing is monotone in the rate, as it is once queues build. Returns 0 when even
 * start ÷ growth^steps fails and start × growth^steps when even that passes (floor and ceiling).
 */
export function searchMaxRate(
  passes: (rate: number) => boolean,
  start: number,
  tolerance = MAX_RATE_TOLERANCE,
  growth = MAX_RATE_GROWTH,
  steps = MAX_RATE_STEPS,
): number {
  let lo: number;
  let hi: number;
  if (passes(start)) {
    lo = start;
    hi = start * growth;
    for (let i = 0; passes(hi); i++) {
      if (i + 1 >= steps) return hi;
      lo = hi;
      hi *= growth;
    }
  } else {
    hi = start;
    lo = start / growth;
    for (let i = 0; !passes(lo); i++) {
      if (i + 1 >= steps) return 0;
      hi = lo;
      lo /= growth;
    }
  }
  while (hi - lo > tolerance * hi) {
    const mid = (lo + hi) / 2;
    if (passes(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The scenario with its Poisson arrival rate replaced (nothing else in a resolved scenario derives from it). */
export function withArrivalRate(s: ResolvedScenario, rate: number): ResolvedScenario {
  const arrival = s.workload.arrival;
  if (arrival?.process !== 'poisson') throw new Error(`withArrivalRate: scenario ${s.name} has no Poisson arrival`);
  return { ...s, workload: { ...s.workload, arrival: { ...arrival, rate } } };
}
