import type { EngineRequest } from '../request.js';
import type { EnginePod, PodObserver } from '../pod.js';
import { LogHistogram } from './histogram.js';
import { SampleBuffer } from './samples.js';
import { ClassStats, type ClassTargets } from './class-stats.js';
import type { RequestSpec } from '../workload/types.js';

export interface SloTargets {
  ttftP95?: number;
  tpotP95?: number;
}

/**
 * Collects per-request latencies and counters as requests finish: the run's totals (the
 * ClassStats it extends), per tenant class and per load stage. Requests that arrived before
 * `warmup` seconds count in `arrived`/`completed` but not in latency, throughput or hit-rate
 * figures, so a cold start does not skew steady-state numbers. Memory is O(completed requests)
 * floats for exact percentiles, and constant for per-token figures (a histogram).
 */
export class MetricsRecorder extends ClassStats implements PodObserver {
  /** Requests lost to a pod failure and not retried (or out of retries). */
  numFailed = 0;
  /** Of those, arrived after warm-up: they count against goodput. */
  numFailedMeasured = 0;
  /** Retries the gateway made (a request retried twice counts twice). */
  numRetried = 0;
  /**
   * With `timed` (fault runs): each completed request's arrival time and TTFT, and each failed
   * request's arrival time, so TTFT before, during and after an outage can be told apart.
   */
  readonly timedArrivals: SampleBuffer | undefined;
  readonly timedTtfts: SampleBuffer | undefined;
  readonly failedArrivals: SampleBuffer | undefined;
  readonly itl = new LogHistogram();
  /** Of measuredCachedPromptTokens, found in the CPU / NVMe offload tiers (the rest on the GPU). */
  measuredCpuHitTokens = 0;
  measuredNvmeHitTokens = 0;
  firstMeasuredArrival = Infinity;
  lastFinish = 0;
  /** Per tenant class, in workload.classes order; empty without classes. */
  readonly classes: ClassStats[];
  /** Per load stage (arrival process `stages`), by arrival time; empty otherwise. */
  readonly stages: ClassStats[];

  constructor(
    readonly warmup: number,
    readonly slo: SloTargets,
    classes: readonly ClassTargets[] = [],
    /** End time of each load stage's arrivals (the stage a request arrived in gets its figures). */
    private readonly stageEnds: readonly number[] = [],
    timed = false,
  ) {
    super({ name: 'all', slo });
    this.classes = classes.map((c) => new ClassStats(c));
    this.stages = stageEnds.map((_, i) => new ClassStats({ name: `stage ${i}`, slo }));
    this.stageSpans = stageEnds.map(() => ({ first: Infinity, last: -Infinity }));
    if (timed) {
      this.timedArrivals = new SampleBuffer();
      this.timedTtfts = new SampleBuffer();
      this.failedArrivals = new SampleBuffer();
    }
  }

  /**
   * Per load stage, its requests' first arrival and last end (completed, failed or rejected):
   * inference-perf's stage span, max(end_time) − min(start_time), over which it divides a stage's
   * throughput (reportgen/base.py summarize_requests).
   */
  readonly stageSpans: { first: number; last: number }[];

  onArrival(spec?: RequestSpec): void {
    this.numArrived++;
    if (spec?.classIndex !== undefined) this.classes[spec.classIndex].numArrived++;
    if (spec && this.stages.length > 0) {
      const i = this.stageOf(spec);
      this.stages[i].numArrived++;
      const span = this.stageSpans[i];
      if (spec.arrivalTime < span.first) span.first = spec.arrivalTime;
    }
  }

  onReject(spec?: RequestSpec): void {
    this.numRejected++;
    if (spec?.classIndex !== undefined) this.classes[spec.classIndex].numRejected++;
    if (spec && this.stages.length > 0) {
      this.stages[this.stageOf(spec)].numRejected++;
      this.endInStage(spec, spec.arrivalTime);
    }
  }

  /** A drained stage's requests carry their stage; otherwise the stage is the arrival window. */
  private stageOf(spec: { arrivalTime: number; stage?: number }): number {
    if (spec.stage !== undefined) return spec.stage;
    const ends = this.stageEnds;
    let i = 0;
    while (i < ends.length - 1 && spec.arrivalTime >= ends[i]) i++;
    return i;
  }

  private endInStage(spec: { arrivalTime: number; stage?: number }, t: number): void {
    const span = this.stageSpans[this.stageOf(spec)];
    if (t > span.last) span.last = t;
  }

  /** Requests the client abandoned at workload.requestTimeout (also counted in numFailed). */
  numTimedOut = 0;

  onTimeout(req: { arrivalTime: number; stage?: number }, t: number): void {
    this.numTimedOut++;
    this.onFail(req, t);
  }

  /** A request lost to a pod failure, not retried: it ends here. */
  onFail(req: { arrivalTime: number; stage?: number }, t: number): void {
    this.numFailed++;
    if (this.stages.length > 0) this.endInStage(req, t);
    if (req.arrivalTime >= this.warmup) this.numFailedMeasured++;
    this.failedArrivals?.push(req.arrivalTime);
  }

  onRetry(): void {
    this.numRetried++;
  }

  onFirstToken(): void {}

  onInterTokenLatency(itl: number, weight: number, t: number): void {
    if (t >= this.warmup) this.itl.add(itl, weight);
  }

  onFinish(req: EngineRequest, _pod: EnginePod, t: number): void {
    if (t > this.lastFinish) this.lastFinish = t;
    if (this.classes.length > 0) this.classes[req.classIndex].add(req, t, this.warmup);
    if (this.stages.length > 0) {
      const spec = req.spec ?? req;
      this.stages[this.stageOf(spec)].add(req, t, this.warmup);
      this.endInStage(spec, t);
    }
    this.add(req, t, this.warmup);
    if (req.arrivalTime < this.warmup) return;
    if (req.arrivalTime < this.firstMeasuredArrival) this.firstMeasuredArrival = req.arrivalTime;
    if (this.timedArrivals) {
      this.timedArrivals.push(req.arrivalTime);
      this.timedTtfts!.push(req.firstTokenTime - req.arrivalTime);
    }
    this.measuredCpuHitTokens += req.numCpuHitTokens;
    this.measuredNvmeHitTokens += req.numNvmeHitTokens;
  }
}
