/**
 * Whether a scenario's load varies over time, and then what the TUI's over-time comparison (`o`)
 * needs from it: plan/day-input.ts's DayInput, as `fleetsim plan --over-time` takes it.
 *
 * Unlike the CLI, which accepts any arrival process with a rate, the TUI offers the comparison only
 * for a load that varies (diurnal, stages, a trace): with a constant rate the three fleets would
 * only show autoscaling's overhead, so the operator gets a message instead.
 */
import { dayInput, dayLengthMissing, type DayInput } from '../experiments/plan/day-input.js';
import type { ResolvedScenario } from '../scenario/resolve.js';

export type DayLoad = ({ varies: true } & DayInput) | { varies: false; message: string };

const VARYING = new Set(['diurnal', 'stages']);

export function dayLoad(s: ResolvedScenario, raw: unknown): DayLoad {
  const trace = s.workload.trace !== undefined;
  const arrival = s.workload.arrival;
  if (!trace && !VARYING.has(arrival?.process ?? '')) {
    // Short enough for one line of an 100-column terminal: the scenario's name is in the title above.
    const what = arrival && 'rate' in arrival ? `${arrival.process} at ${arrival.rate} req/s` : `${arrival?.process ?? 'no'} arrivals`;
    return { varies: false, message: `over time: the load is constant (${what}); needs diurnal or stages arrivals, or a trace` };
  }
  if (dayLengthMissing(s)) return { varies: false, message: `over time: ${s.name}: stop.duration: set how long the day is` };
  // The probes' rate is the plan's to set (workload.arrival.rate); 1 only starts the search.
  return { varies: true, ...dayInput(s, raw, 1) };
}
