import TinyQueue from 'tinyqueue';

/**
 * Same-time ordering, in one place (as BLIS's sim/event.go does): at equal times an arrival is
 * routed before a pod's step ends, so a request arriving exactly at a step boundary is seen by
 * the next schedule(); stops come last.
 */
export const Priority = {
  arrival: 0,
  route: 1,
  stepEnd: 2,
  sample: 3,
  /**
   * Fault injection (node failure, group restart), after everything else of the instant. Not
   * counted as activity either: a fault or a restart scheduled past the end of the traffic does
   * not stretch the run; what a fault sets off (retries, steps) counts as usual.
   */
  fault: 4,
  /** Pure observers (report timelines): they read state, change nothing, and do not count as
   *  simulated activity (numEvents, lastEventTime), so a run is the same with or without them. */
  observe: 5,
  stop: 9,
} as const;
export type Priority = (typeof Priority)[keyof typeof Priority];

/** The livelock guard's limit (Engine.step). */
export const MAX_EVENTS_AT_ONE_INSTANT = 5_000_000;

/** The livelock guard's failure, out of the hot path. */
function noProgress(ev: { time: number; actor: object }): never {
  throw new Error(`no progress: more than ${MAX_EVENTS_AT_ONE_INSTANT} events at t=${ev.time} (last to ${ev.actor.constructor.name}); an actor keeps rescheduling itself at the same instant`);
}

/** Anything that can receive events: the gateway, a pod, the workload feeder. */
export interface Actor {
  handle(kind: number, now: number): void;
}

interface SimEvent {
  time: number;
  priority: number;
  seq: number;
  actor: Actor;
  kind: number;
}

function before(a: SimEvent, b: SimEvent): number {
  return a.time - b.time || a.priority - b.priority || a.seq - b.seq;
}

/**
 * The kernel, after SimPy's core: one priority queue ordered by (time, priority, insertion
 * sequence), so simultaneous events resolve identically on every run; a few verbs (now,
 * schedule, step, run). Events are plain records dispatched to an actor's handle(kind).
 * A handler that throws stops the run loudly: broken internal state is a bug, not an outcome.
 */
export class Engine {
  private readonly queue = new TinyQueue<SimEvent>([], before);
  private seq = 0;
  private clock = 0;
  private stopped = false;
  /** Events handled so far, observers and fault events excluded. */
  numEvents = 0;
  /** Time of the last event that was not an observer's. */
  lastEventTime = 0;
  /** Events handled in a row at the current instant (the livelock guard). */
  private atInstant = 0;

  get now(): number {
    return this.clock;
  }

  /** Schedules `actor.handle(kind)` at absolute time `time` (never in the past). */
  schedule(time: number, priority: number, actor: Actor, kind: number): void {
    if (!(time >= this.clock)) {
      throw new Error(`event scheduled in the past: t=${time} < now=${this.clock}`);
    }
    this.queue.push({ time, priority, seq: this.seq++, actor, kind });
  }

  /** Ends run() after the current event. */
  stop(): void {
    this.stopped = true;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Handles the next event; false when none is left. */
  step(): boolean {
    const ev = this.queue.pop();
    if (!ev) return false;
    // A run never needs millions of events at one instant (a burst of every request at t = 0 is
    // tens of thousands): that many means an actor keeps rescheduling itself at `now` without
    // progress. Stop loudly rather than spin forever.
    if (ev.time !== this.clock) this.atInstant = 0;
    else if (++this.atInstant > MAX_EVENTS_AT_ONE_INSTANT) noProgress(ev);
    this.clock = ev.time;
    if (ev.priority < Priority.fault) {
      this.numEvents++;
      this.lastEventTime = ev.time;
    }
    ev.actor.handle(ev.kind, ev.time);
    return true;
  }

  /** Runs until the queue empties, stop() is called, or the next event is after `until`. */
  run(until = Infinity, onProgress?: (now: number) => void, progressEvery = 65536): void {
    this.stopped = false;
    while (!this.stopped) {
      const next = this.queue.peek();
      if (!next || next.time > until) break;
      this.step();
      if (onProgress && (this.numEvents & (progressEvery - 1)) === 0) onProgress(this.clock);
    }
  }
}
