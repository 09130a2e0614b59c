import type { BatchShape } from '../models/perf/step-time.js';
import type { KVCacheManager } from './kv/kv-cache-manager.js';
import type { EngineRequest } from './request.js';

/**
 * Runs of identical decode steps, advanced together (DESIGN §6).
 *
 * When a step schedules every running request for exactly one token, admits nobody and preempts
 * nobody, the following steps are the same batch with one more KV token per sequence — until a
 * request finishes, KV blocks run out, or a new request could be admitted. Nothing can be
 * admitted meanwhile if the waiting queue was blocked (seats, budget or head-of-line KV only get
 * tighter while decoding); if it was empty, an arrival interrupts the run at the next step
 * boundary. So the pod prices those k steps one after another (cheap: a few flops each) and
 * applies their effect on requests once, keeping per-request work proportional to batch
 * changes, not to tokens generated.
 */
export class DecodeRun {
  /** Cumulative end offsets of the run's steps from its start: ends[i] = end of step i + 1. */
  ends = new Float64Array(64);
  numSteps = 0;
  startTime = 0;
  /** True when the waiting queue was empty: an arrival may be admitted, so it interrupts. */
  interruptible = false;

  /**
   * Prices steps 2..k after the already-scheduled first step of duration `firstStepSeconds`.
   * `shape` is the first step's shape (uniform decode); step i reads i − 1 more tokens per seq.
   */
  plan(
    startTime: number,
    firstStepSeconds: number,
    numSteps: number,
    shape: BatchShape,
    stepSeconds: (b: BatchShape) => number,
  ): void {
    if (this.ends.length < numSteps) this.ends = new Float64Array(Math.max(numSteps, this.ends.length * 2));
    this.startTime = startTime;
    this.numSteps = numSteps;
    const n = shape.numSeqs;
    const kv0 = shape.kvReadTokens;
    const qk0 = shape.attnQkPairs;
    const dkv0 = shape.decodeKvReadTokens ?? 0;
    let t = firstStepSeconds;
    this.ends[0] = t;
    for (let i = 1; i < numSteps; i++) {
      shape.kvReadTokens = kv0 + i * n;
      shape.attnQkPairs = qk0 + i * n;
      shape.decodeKvReadTokens = dkv0 + i * n;
      t += stepSeconds(shape);
      this.ends[i] = t;
    }
    shape.kvReadTokens = kv0;
    shape.attnQkPairs = qk0;
    shape.decodeKvReadTokens = dkv0;
  }

  endTime(numSteps: number): number {
    return this.startTime + this.ends[numSteps - 1];
  }

  /** Steps completed by the first step boundary at or after `now` (≥ 1). */
  stepsBy(now: number): number {
    let lo = 0;
    let hi = this.numSteps - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.startTime + this.ends[mid] >= now) hi = mid;
      else lo = mid + 1;
    }
    return lo + 1;
  }

  duration(step: number): number {
    return step === 0 ? this.ends[0] : this.ends[step] - this.ends[step - 1];
  }
}

/**
 * How many identical decode steps `running` can take from now: no request may finish before the
 * last one, and steps 2..k must find KV blocks without preempting anyone, leaving `spareBlocks`
 * free (the scheduler's decodeRunSpareBlocks). `running` have just been scheduled for step 1
 * (numComputedTokens already advanced).
 */
export function maxDecodeRunSteps(running: readonly EngineRequest[], kv: KVCacheManager, spareBlocks = 0): number {
  let k = Infinity;
  for (const r of running) {
    const left = r.maxTokens - r.numOutputTokens;
    if (left < k) k = left;
  }
  if (!(k >= 2)) return 1;
  const free = kv.pool.numFreeBlocks - spareBlocks;
  const fits = (steps: number): boolean => {
    let need = 0;
    for (const r of running) need += kv.blocksNeeded(r, r.numComputedTokens + steps - 1);
    return need <= free;
  };
  if (fits(k)) return k;
  let lo = 1;
  let hi = k; // fits(lo) holds (step 1 is already allocated), fits(hi) does not
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
