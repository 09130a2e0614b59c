import { Priority, type Actor, type Engine } from '../engine.js';
import type { EnginePod } from '../pod.js';

/** One sample of every pod's gauges. */
export interface TimelineSample {
  t: number;
  /** Per pod, in pod order. */
  kvUtil: number[];
  waiting: number[];
  running: number[];
}

/**
 * Samples every pod's KV-cache usage, waiting and running counts every `interval` simulated
 * seconds, for the per-pod charts of a report. Memory is bounded: past `maxSamples` it keeps every
 * other sample and doubles the interval, so a run of any length ends with between maxSamples/2
 * and maxSamples evenly spaced samples. It only reads the pods, so it cannot change a run's
 * outcome; its events are observer events (Priority.observe), which the engine does not count,
 * so summaries with and without a timeline are identical.
 */
export class PodTimeline implements Actor {
  readonly samples: TimelineSample[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly pods: readonly EnginePod[],
    public interval: number,
    private readonly isActive: () => boolean,
    private readonly maxSamples = 600,
  ) {
    if (!(interval > 0)) throw new RangeError(`timeline interval must be > 0, got ${interval}`);
    if (!(maxSamples >= 2)) throw new RangeError(`timeline maxSamples must be ≥ 2, got ${maxSamples}`);
  }

  start(): void {
    this.engine.schedule(this.engine.now, Priority.observe, this, 0);
  }

  handle(_kind: number, now: number): void {
    this.samples.push({
      t: now,
      kvUtil: this.pods.map((p) => p.kv.usage),
      waiting: this.pods.map((p) => p.scheduler.waiting.length),
      running: this.pods.map((p) => p.scheduler.running.length),
    });
    if (this.samples.length >= this.maxSamples) this.thin();
    // After thinning the last kept sample is earlier than now: space the next one from it.
    const next = this.samples[this.samples.length - 1].t + this.interval;
    if (this.isActive()) this.engine.schedule(next, Priority.observe, this, 0);
  }

  /** Keeps the even-indexed samples and doubles the interval, so spacing stays uniform. */
  private thin(): void {
    let j = 0;
    for (let i = 0; i < this.samples.length; i += 2) this.samples[j++] = this.samples[i];
    this.samples.length = j;
    this.interval *= 2;
  }
}
