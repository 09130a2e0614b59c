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
import { Priority, type Actor, type Engine } from './engine.js';
import type { SloTargets } from './metrics/recorder.js';
import { RngStreams } from './rng.js';
import { createArrivalProcess } from './workload/arrivals.js';
import type { RequestSpec, StopSpec, WorkloadSpec } from './workload/types.js';

const MAX_COUNTED = 10_000_000;

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
    // A run this long is no probe: not worth counting ahead (the run is then not stopped early).
    if (n === MAX_COUNTED) return undefined;
    const t = next.nextTime();
    if (!(t < duration)) break; // also ends a finite process (Infinity)
    if (t >= warmup) measured++;
  }
  return measured;
}

/** A measured request's state until its TTFT deadline is checked. */
const WAITING = 0;
const STARTED = 1;
const COUNTED = 2;

/**
 * Counts measured requests certain to miss the SLO and stops the run once they decide it:
 * at its TTFT deadline (arrival + ttftP95) a request with no first token yet, at its end one
 * outside the targets by the recorder's criterion (ClassStats.add), and every rejected, failed
 * or timed-out one. Each is counted once. The deadline checks are observer events: they change
 * nothing, so a run that is not stopped is the run without them.
 */
export class SloAbort implements Actor {
  /** Measured requests certain to miss. */
  misses = 0;
  private readonly limit: number;
  /** Requests whose deadline check is pending: waiting for a first token, started, or counted already. */
  private readonly pending = new Map<number, number>();
  /** Ids of the pending deadline checks, in time order (deadlines follow arrival order). */
  private readonly deadlines: number[] = [];
  private nextDeadline = 0;
  /** Counted at their deadline, not finished or ended yet. */
  private readonly late = new Set<number>();

  /**
   * `measuredArrivals` = D. Attainment ≤ within ÷ D ≤ (D − misses) ÷ D (plan's sloAttainment),
   * so misses > (1 − goodput)·D decides a miss; the 1e-6·D margin covers the summary's rounding.
   */
  constructor(
    readonly goodput: number,
    readonly measuredArrivals: number,
    private readonly targets: SloTargets,
    private readonly warmup: number,
    private readonly engine: Engine,
  ) {
    this.limit = (1 - goodput) * measuredArrivals + 1e-6 * measuredArrivals;
  }

  get decided(): boolean {
    return this.misses > this.limit;
  }

  private miss(): void {
    this.misses++;
    if (this.misses > this.limit) this.engine.stop();
  }

  onArrival(spec: RequestSpec, now: number): void {
    const ttft = this.targets.ttftP95;
    if (ttft === undefined || spec.arrivalTime < this.warmup) return;
    this.pending.set(spec.id, WAITING);
    this.deadlines.push(spec.id);
    // Just past the deadline, so a first token after it is a miss by the recorder's arithmetic too.
    this.engine.schedule(now + ttft + 1e-6, Priority.observe, this, 0);
  }

  /** The earliest pending deadline (they were scheduled in arrival order, one offset apart). */
  handle(): void {
    const id = this.deadlines[this.nextDeadline++];
    if (this.nextDeadline === this.deadlines.length) {
      this.deadlines.length = 0;
      this.nextDeadline = 0;
    }
    const state = this.pending.get(id);
    this.pending.delete(id);
    if (state !== WAITING) return;
    this.late.add(id);
    this.miss();
  }

  onFirstToken(req: { id: number }): void {
    if (this.pending.get(req.id) === WAITING) this.pending.set(req.id, STARTED);
  }

  /** A request finished at `t` (the decode side's, for P/D): outside the targets by the recorder's criterion (ClassStats.add)? */
  onFinish(req: { id: number; arrivalTime: number; firstTokenTime: number; numOutputTokens: number }, t: number): void {
    if (req.arrivalTime < this.warmup || this.late.delete(req.id)) return;
    const { ttftP95, tpotP95 } = this.targets;
    const ttft = req.firstTokenTime - req.arrivalTime;
    const tpot = req.numOutputTokens > 1 ? (t - req.firstTokenTime) / (req.numOutputTokens - 1) : 0;
    if ((ttftP95 !== undefined && ttft > ttftP95) || (tpotP95 !== undefined && tpot > tpotP95)) this.count(req.id);
  }

  /** Rejected, failed or timed out: a miss, and no finish will come. */
  onEnded(spec: { id: number; arrivalTime: number }): void {
    if (spec.arrivalTime < this.warmup || this.late.delete(spec.id)) return;
    this.count(spec.id);
  }

  private count(id: number): void {
    if (this.pending.has(id)) this.pending.set(id, COUNTED);
    this.miss();
  }
}
