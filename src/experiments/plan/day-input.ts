/**
 * What an over-time comparison takes from a scenario, for `fleetsim plan --over-time` and the
 * terminal UI's `o` alike: the offered load over time, how long the day is, the scenario's own
 * autoscaler section, and the overrides that turn the plan's probes into steady runs at one rate.
 */
import { setArg } from '../job.js';
import type { ResolvedScenario } from '../../scenario/resolve.js';
import { getPath } from '../../scenario/set.js';
import { loadProfile, type LoadProfile } from './load-profile.js';

export interface DayInput {
  /** The arrival process's rate over time; absent for a trace (its peak is the plan's target rate). */
  profile?: LoadProfile;
  /** The day's length (stop.duration); absent when the trace or the stages end it. */
  duration?: number;
  /** The scenario's own autoscaler section (thresholds, timings), or {}. */
  autoscaler: Record<string, unknown>;
  /** What the plan's probes add: a steady Poisson arrival at `probeRate` in place of the day's, and no autoscaler. */
  probeSets: string[];
}

/** True when nothing ends the day: no stop.duration, and neither a trace nor drained stages. */
export function dayLengthMissing(s: ResolvedScenario): boolean {
  return s.stop.duration === undefined && s.workload.trace === undefined && s.workload.arrival?.process !== 'stages';
}

/** The day's load as the comparison runs it; `probeRate` is the rate the probes start from. */
export function dayInput(s: ResolvedScenario, raw: unknown, probeRate: number): DayInput {
  const trace = s.workload.trace !== undefined;
  const arrival = s.workload.arrival;
  return {
    profile: trace || !arrival ? undefined : loadProfile(arrival),
    duration: s.stop.duration,
    autoscaler: (getPath(raw, ['autoscaler']) as Record<string, unknown> | undefined) ?? {},
    probeSets: [
      // plan sets the probed rate on workload.arrival.rate; a trace is rescaled by plan itself.
      ...(trace ? [] : [setArg('workload.arrival', { process: 'poisson', rate: probeRate })]),
      ...(s.autoscaler ? [setArg('autoscaler.variants', {})] : []),
    ],
  };
}
