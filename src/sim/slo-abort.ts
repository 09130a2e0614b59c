/**
 * Early stop of a run whose SLO verdict is already decided: a planner's probe only needs to know
 * whether the share of requests within the SLO reaches `goodput`, so once more measured requests
 * have certainly missed than (1 − goodput) of all the run will measure, the rest of the run (and
 * the drain of its backlog) cannot change the verdict.
 *
 * The count it compares against is exact: arrivals come from their own random stream, so the
 * measured arrivals of an open-loop workload are counted up front on a copy of that stream.
 * Closed-loop sessions and replayed traces are not supported (their counts depend on the run).
 */
import { RngStreams } from './rng.js';
import { createArrivalProcess } from './workload/arrivals.js';
import type { StopSpec, WorkloadSpec } from './workload/types.js';

/** Arrivals at or after `stop.warmup` that the synthetic source of `workload` will issue. */
export function countMeasuredArrivals(workload: WorkloadSpec, stop: StopSpec, seed: number): number | undefined {
  if (!workload.arrival || workload.sessions) return undefined;
  const maxRequests = stop.requests ?? Infinity;
  const duration = stop.duration ?? Infinity;
  if (maxRequests === Infinity && duration === Infinity && workload.arrival.process !== 'stages') return undefined;
  const next = createArrivalProcess(workload.arrival, new RngStreams(seed).stream('arrivals'));
  const warmup = stop.warmup ?? 0;
  let measured = 0;
  for (let n = 0; n < maxRequests; n++) {
    const t = next.nextTime();
    if (!(t < duration)) break; // also ends a finite process (Infinity)
    if (t >= warmup) measured++;
  }
  return measured;
}

export class SloAbort {
  /** Measured requests that ended (or got their first token) outside the SLO. */
  misses = 0;
  private readonly limit: number;

  /**
   * `measuredArrivals` = D. Attainment ≤ within ÷ D ≤ (D − misses) ÷ D (plan's sloAttainment),
   * so misses > (1 − goodput)·D decides a miss; the 1e-6·D margin covers the summary's rounding.
   */
  constructor(
    readonly goodput: number,
    readonly measuredArrivals: number,
    private readonly onDecided: () => void,
  ) {
    this.limit = (1 - goodput) * measuredArrivals + 1e-6 * measuredArrivals;
  }

  get decided(): boolean {
    return this.misses > this.limit;
  }

  miss(): void {
    this.misses++;
    if (this.misses > this.limit && this.misses - 1 <= this.limit) this.onDecided();
  }
}
