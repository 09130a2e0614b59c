import type { StepTimeModel } from '../models/perf/step-time.js';
import { Engine, Priority, type Actor } from './engine.js';
import { ArrivalFeeder, Gateway } from './gateway.js';
import { PromptHashCache } from './kv/block-hash.js';
import { MetricsRecorder, type SloTargets } from './metrics/recorder.js';
import { EnginePod, type PodConfig } from './pod.js';
import { RngStreams } from './rng.js';
import { createRequestSource } from './workload/source.js';
import type { StopSpec, WorkloadSpec } from './workload/types.js';

export interface PoolConfig {
  name: string;
  replicas: number;
  pod: PodConfig;
  stepModel: StepTimeModel;
}

/** Everything a run needs, already resolved: the sim layer reads no files and no catalogues. */
export interface SimConfig {
  seed: number;
  pools: PoolConfig[];
  workload: WorkloadSpec;
  /** `drain: false` ends the run at stop.duration with requests still in flight. */
  stop: StopSpec & { drain?: boolean };
  slo: SloTargets;
  vocabSize: number;
}

export interface SimProgress {
  now: number;
  arrived: number;
  completed: number;
}

/**
 * One simulated fleet: workload → gateway → engine pods, on one event queue.
 * Same config and seed ⇒ the same event sequence, bit for bit.
 */
export class Simulation {
  readonly engine = new Engine();
  readonly pods: EnginePod[] = [];
  readonly recorder: MetricsRecorder;
  readonly gateway: Gateway;
  private readonly feeder: ArrivalFeeder;

  constructor(readonly config: SimConfig) {
    this.recorder = new MetricsRecorder(config.stop.warmup, config.slo);
    const promptHashes = new Map<number, PromptHashCache>();
    for (const pool of config.pools) {
      const bs = pool.pod.blockSize;
      if (!promptHashes.has(bs)) promptHashes.set(bs, new PromptHashCache(bs));
      for (let r = 0; r < pool.replicas; r++) {
        this.pods.push(
          new EnginePod(`${pool.name}-${r}`, this.pods.length, this.engine, pool.pod, pool.stepModel, this.recorder, promptHashes.get(bs)),
        );
      }
    }
    for (const pod of this.pods) pod.startGaugesAt(config.stop.warmup);
    this.gateway = new Gateway(this.pods, this.recorder);
    const streams = new RngStreams(config.seed);
    const source = createRequestSource(config.workload, config.stop, streams, config.vocabSize);
    this.feeder = new ArrivalFeeder(source, this.gateway, (t: number, a: Actor) =>
      this.engine.schedule(t, Priority.arrival, a, 0),
    );
  }

  /** Runs to completion (or to stop.duration without drain); returns the final simulated time. */
  run(onProgress?: (p: SimProgress) => void): number {
    this.feeder.start();
    const { duration, drain } = this.config.stop;
    const until = drain === false && duration !== undefined ? duration : Infinity;
    const report = onProgress
      ? (now: number) => onProgress({ now, arrived: this.recorder.numArrived, completed: this.recorder.numCompleted })
      : undefined;
    this.engine.run(until, report, 4096);
    const end = until === Infinity ? this.engine.now : until;
    for (const pod of this.pods) pod.closeGauges(end);
    return end;
  }

  /** Requests routed to a pod and not finished yet. */
  get numInFlight(): number {
    let n = 0;
    for (const pod of this.pods) n += pod.scheduler.running.length + pod.scheduler.waiting.length;
    return n;
  }

  get numPreemptions(): number {
    let n = 0;
    for (const pod of this.pods) n += pod.scheduler.numPreemptions;
    return n;
  }
}
