/**
 * Whether a scenario's load varies over time, and what the TUI's over-time comparison (`o`) needs
 * from it: the load's profile, how long the day is, the scenario's autoscaler section, and the
 * overrides that turn the plan's probes into steady runs at one rate. `fleetsim plan --over-time`
 * derives the same in src/cli/commands/plan.ts (`overTimeInput`, private to that command); this is
 * the TUI's copy over the same building blocks (loadProfile, the raw `autoscaler` section).
 *
 * Unlike the CLI, which accepts any arrival process with a rate, the TUI offers the comparison only
 * for a load that varies (diurnal, stages, a trace): with a constant rate the three fleets would
 * only show autoscaling's overhead, so the operator gets a message instead.
 */
import { setArg } from '../experiments/job.js';
import { loadProfile, type LoadProfile } from '../experiments/plan/load-profile.js';
import type { ResolvedScenario } from '../scenario/resolve.js';
import { getPath } from '../scenario/set.js';

export type DayLoad =
  | {
      varies: true;
      /** The arrival process's rate over time; absent for a trace (its peak is the plan's target rate). */
      profile?: LoadProfile;
      /** The day's length (stop.duration); absent when the trace or the stages end it. */
      duration?: number;
      /** The scenario's own autoscaler section (thresholds, timings), or {}. */
      autoscaler: Record<string, unknown>;
      /** What the plan's probes add: a steady Poisson arrival in place of the day's, and no autoscaler. */
      probeSets: string[];
    }
  | { varies: false; message: string };

const VARYING = new Set(['diurnal', 'stages']);

export function dayLoad(s: ResolvedScenario, raw: unknown): DayLoad {
  const trace = s.workload.trace !== undefined;
  const arrival = s.workload.arrival;
  if (!trace && !VARYING.has(arrival?.process ?? '')) {
    // Short enough for one line of an 100-column terminal: the scenario's name is in the title above.
    const what = arrival && 'rate' in arrival ? `${arrival.process} at ${arrival.rate} req/s` : `${arrival?.process ?? 'no'} arrivals`;
    return { varies: false, message: `over time: the load is constant (${what}); needs diurnal or stages arrivals, or a trace` };
  }
  if (!trace && arrival?.process !== 'stages' && s.stop.duration === undefined) {
    return { varies: false, message: `over time: ${s.name}: stop.duration: set how long the day is` };
  }
  const probeSets = [
    // plan sets the probed rate on workload.arrival.rate; a trace is rescaled by plan itself.
    ...(trace ? [] : [setArg('workload.arrival', { process: 'poisson', rate: 1 })]),
    ...(s.autoscaler ? [setArg('autoscaler.variants', {})] : []),
  ];
  return {
    varies: true,
    profile: trace || !arrival ? undefined : loadProfile(arrival),
    duration: s.stop.duration,
    autoscaler: (getPath(raw, ['autoscaler']) as Record<string, unknown> | undefined) ?? {},
    probeSets,
  };
}
