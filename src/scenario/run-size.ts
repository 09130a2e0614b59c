/**
 * A bound on how many requests one scenario may ask for. A rate or duration off by orders of
 * magnitude (1e12 req/s, a duration in ms read as s) is a typo, not a plan: fleetsim simulates
 * ~1e5 requests a wall-second at best, so such a run would not end for days, and it used to start
 * anyway. Refused at the field that sets the size, with the estimate.
 */
import type { Problem } from './problems.js';
import type { Scenario } from './schema.js';

/** Arrivals one run may ask for: ~3 h of CPU at 1e5 requests a wall-second. */
export const MAX_RUN_ARRIVALS = 1e9;

type Arrival = NonNullable<Scenario['workload']['arrival']>;

/** Mean arrival rate (req/s) of a rate-driven process, or undefined (burst: no rate). */
function meanRate(a: Arrival): number | undefined {
  switch (a.process) {
    case 'poisson':
    case 'gamma':
    case 'constant':
    case 'weibull':
      return a.rate;
    case 'diurnal':
      if (a.table) return a.table.reduce((s, r) => s + r, 0) / a.table.length;
      return a.rate;
    default:
      return undefined;
  }
}

/** 1.0e24 for large numbers, as written otherwise. */
function sci(n: number): string {
  return n >= 1e6 ? n.toExponential(1).replace('e+', 'e') : String(n);
}

/**
 * The problem, if the scenario's arrivals (requests, or sessions that open one request per turn)
 * would exceed MAX_RUN_ARRIVALS: stop.requests itself, a load-stage ladder's Σ rate × duration, or a
 * rate × stop.duration with no stop.requests to end it sooner. Traces and inference-perf files are
 * bounded by their own rows and stages.
 */
export function checkRunSize(s: Scenario): Problem[] {
  const max = MAX_RUN_ARRIVALS;
  const expected = `≤ ${sci(max)} requests a run`;
  const tail = `; fleetsim refuses runs above ${sci(max)} requests (hours of CPU): is a rate or duration off by orders of magnitude?`;
  const requests = s.stop.requests;
  if (requests !== undefined && requests > max) {
    return [{ code: 'out_of_range', path: ['stop', 'requests'], expected, message: `${sci(requests)} requests${tail}` }];
  }
  const w = s.workload;
  if (w.trace || w.inferencePerf || !w.arrival) return [];
  const a = w.arrival;
  if (a.process === 'stages') {
    const total = a.stages.reduce((sum, st) => sum + st.rate * st.duration, 0);
    if (total > max) {
      return [{ code: 'out_of_range', path: ['workload', 'arrival', 'stages'], expected, message: `the stages send about ${sci(total)} requests (Σ rate × duration)${tail}` }];
    }
    return [];
  }
  const rate = meanRate(a);
  const duration = s.stop.duration;
  if (requests !== undefined || rate === undefined || duration === undefined) return [];
  const total = rate * duration;
  if (total <= max) return [];
  return [{
    code: 'out_of_range',
    path: ['stop', 'duration'],
    expected,
    message: `${sci(duration)} s at ${a.process === 'diurnal' ? 'a mean of ' : ''}${sci(rate)} req/s is about ${sci(total)} requests${tail}`,
  }];
}
