import type { StepTimeModel } from '../models/perf/step-time.js';
import { DecodeRun, maxDecodeRunSteps } from './decode-run.js';
import { Priority, type Actor, type Engine } from './engine.js';
import type { PromptHashCache } from './kv/block-hash.js';
import { KVCacheManager } from './kv/kv-cache-manager.js';
import { OffloadTiers, type OffloadConfig, type TierHits } from './kv/offload-tiers.js';
import type { EngineRequest } from './request.js';
import { Scheduler, type SchedulerConfig } from './scheduler.js';
import { V0Scheduler } from './scheduler-v0.js';
import { SchedulerOutput } from './scheduler-output.js';

export interface PodConfig extends SchedulerConfig {
  blockSize: number;
  enablePrefixCaching: boolean;
  numGpuBlocks: number;
  /** KV offload tiers behind the GPU cache (absent: none). */
  offload?: OffloadConfig;
  /**
   * Advance runs of identical decode steps together (default). Off, every step is its own
   * event; results agree to floating-point rounding (a test checks it), only slower.
   */
  decodeRuns?: boolean;
}

/** What a pod tells the metrics recorder. */
export interface PodObserver {
  /** `weight` tokens each arrived `itl` seconds after their request's previous token, at `t`. */
  onInterTokenLatency(itl: number, weight: number, t: number): void;
  onFirstToken(req: EngineRequest, pod: EnginePod, t: number): void;
  onFinish(req: EngineRequest, pod: EnginePod, t: number): void;
  /** The request passed its deadline and was aborted here (its blocks are freed). */
  onAbort?(req: EngineRequest, pod: EnginePod, t: number): void;
}

export type PodRole = 'both' | 'prefill' | 'decode';

/**
 * The replica's life cycle, as its LeaderWorkerSet group lives it: `ready` serves; `failed` is down
 * after a node failure, until the group can be recreated; `starting` is the gang start (image
 * pull, weight load, engine init) before the leader's readiness probe passes again. With an
 * autoscaler: `off` is a replica not provisioned (scaled down, or not yet up); `draining` was
 * scaled down and finishes the requests it has (Kubernetes' termination grace period) but takes
 * no new ones.
 */
export type PodState = 'ready' | 'failed' | 'starting' | 'off' | 'draining';

/** P/D: pulls a decode request's missing KV from its prefill pod (the transfer network). */
export interface RemoteKvLoader {
  start(req: EngineRequest, decodePod: EnginePod, now: number): void;
}

/** Time integrals of the pod's gauges, for time-weighted means. */
export interface PodGaugeIntegrals {
  since: number;
  seconds: number;
  waitingSeconds: number;
  runningSeconds: number;
  kvUsageSeconds: number;
}

/**
 * One vLLM engine pod: a scheduler, a KV cache, and the step loop. Each step is an event: at its
 * start the scheduler builds the batch and the step-time model prices it; at its end tokens are
 * emitted, finished requests free their blocks, and the next step starts at once if there is
 * work. Idle pods wake on enqueue, after every arrival of the same instant has been routed.
 */
export class EnginePod implements Actor {
  readonly kv: KVCacheManager;
  readonly scheduler: Scheduler;
  private readonly out = new SchedulerOutput();
  private readonly run = new DecodeRun();
  private inRun = false;
  /** Set once a request with a client timeout arrived: decode runs then stop at deadlines. */
  private hasDeadlines = false;
  private busy = false;
  /** Generation of the pending step-end event; older events are stale and ignored. */
  private gen = 0;
  private stepStart = 0;
  numRouted = 0;
  numSteps = 0;
  /** Set on decode pods of a P/D fleet. */
  remoteKv: RemoteKvLoader | undefined;
  /** The pod's `llm-d.ai/role` label: which stage of a P/D request it serves. */
  role: PodRole = 'both';
  /** The pod's other Kubernetes labels (the pool's `labels`). */
  labels: Readonly<Record<string, string>> = {};
  /** CPU/NVMe KV offload tiers (vLLM --kv-offloading-size, LMCache disk), when configured. */
  readonly offload: OffloadTiers | undefined;
  private readonly tierHits: TierHits = { cpuBlocks: 0, nvmeBlocks: 0 };
  private readonly tierLoading: EngineRequest[] = [];
  private tierLoadingHead = 0;
  /** Bumped when a failure drops the pending tier loads, so their completion events are ignored. */
  private tierLoadGen = 0;
  private readonly tierLoadDone: Actor = {
    handle: (gen, now) => {
      if (gen !== this.tierLoadGen) return;
      const req = this.tierLoading[this.tierLoadingHead];
      this.tierLoading[this.tierLoadingHead++] = undefined as never;
      if (this.tierLoadingHead === this.tierLoading.length) this.tierLoading.length = this.tierLoadingHead = 0;
      this.onRemoteKvReady(req, now);
    },
  };
  state: PodState = 'ready';
  /** Nodes the replica's LWS group spans (leader + workers); losing any one restarts them all. */
  nodes = 1;
  /** Seconds from the group's recreation to ready: image pull + weight load + engine init. */
  startupSeconds = 0;
  numFailures = 0;
  readonly gauges: PodGaugeIntegrals = { since: 0, seconds: 0, waitingSeconds: 0, runningSeconds: 0, kvUsageSeconds: 0 };

  constructor(
    readonly name: string,
    readonly index: number,
    private readonly engine: Engine,
    readonly config: PodConfig,
    private readonly stepModel: StepTimeModel,
    private readonly observer: PodObserver,
    promptHashes?: PromptHashCache,
  ) {
    this.kv = new KVCacheManager(config.numGpuBlocks, config.blockSize, config.enablePrefixCaching, config.maxModelLen, promptHashes);
    this.scheduler = config.scheduler === 'v0' ? new V0Scheduler(config, this.kv) : new Scheduler(config, this.kv);
    if (config.offload && config.offload.tiers.length > 0) {
      const tiers = new OffloadTiers(config.offload);
      this.offload = tiers;
      this.scheduler.offload = tiers;
      this.kv.pool.onTierEvent = (stored, hash) => (stored ? tiers.onGpuCached(hash) : tiers.onGpuEvicted(hash));
    }
  }

  /** A routed request joins the waiting queue. */
  enqueue(req: EngineRequest, now: number): void {
    this.numRouted++;
    this.accrueGauges(now);
    const sched = this.scheduler;
    const wasEmpty = sched.waiting.length === sched.numRemotePending;
    if (req.deadline < Infinity) this.hasDeadlines = true;
    sched.waiting.pushBack(req);
    this.wake(now, wasEmpty);
  }

  /** P/D decode: the pulled KV has arrived; the request is admitted at the next step. */
  onRemoteKvReady(req: EngineRequest, now: number): void {
    this.accrueGauges(now);
    this.scheduler.markRemoteReady(req);
    this.wake(now, true);
  }

  /** Reads a parked request's blocks back from the offload tiers; it is admitted once they are in HBM. */
  private startTierLoad(req: EngineRequest, cpuBlocks: number, nvmeBlocks: number, now: number): void {
    const hits = this.tierHits;
    hits.cpuBlocks = cpuBlocks;
    hits.nvmeBlocks = nvmeBlocks;
    const at = this.offload!.loadReadyAt(hits, now);
    // The host channel is FIFO, so loads complete in the order they were started.
    this.tierLoading.push(req);
    this.engine.schedule(at, Priority.stepEnd, this.tierLoadDone, this.tierLoadGen);
  }

  /** P/D prefill: the decode pod has pulled this request's KV; its blocks return to the cache. */
  releaseHeld(req: EngineRequest, now: number): void {
    this.accrueGauges(now);
    this.scheduler.releaseHeld(req);
    if (this.scheduler.hasWork) this.wake(now, false);
  }

  /**
   * Node failure: the group goes down as LWS's RecreateGroupOnPodRestart takes it down, with all
   * its state. Every user-visible request on it (running, waiting, parked for remote KV) is pushed
   * to `dropped`, for the gateway to fail or retry; finished P/D prefill requests holding blocks
   * for a decode pod are let go (that pod recomputes, see recomputeRemote). Every KV block is
   * freed and the prefix cache cleared (listeners get AllBlocksCleared); the pending step is
   * abandoned. The caller has aborted the KV transfers touching this pod first.
   */
  fail(now: number, dropped: EngineRequest[]): void {
    this.shutDown(now, dropped);
    this.state = 'failed';
    this.numFailures++;
  }

  /**
   * Scaled down: the pod terminates (drained, or killed at the end of its grace period); what it
   * still holds goes to `dropped`, as with a failure, but it is no failure.
   */
  stop(now: number, dropped: EngineRequest[]): void {
    this.shutDown(now, dropped);
    this.state = 'off';
  }

  /** Everything the engine process held goes: requests to `dropped`, KV, caches, the pending step. */
  private shutDown(now: number, dropped: EngineRequest[]): void {
    this.accrueGauges(now);
    const sched = this.scheduler;
    for (const req of sched.running) {
      this.kv.free(req);
      dropped.push(req);
    }
    sched.running.length = 0;
    while (sched.waiting.length > 0) {
      const req = sched.waiting.popFront();
      this.kv.free(req);
      dropped.push(req);
    }
    for (const req of sched.held) this.kv.free(req);
    sched.held.length = 0;
    sched.numRemotePending = 0;
    this.kv.pool.clear();
    // The CPU/NVMe tiers live in the engine process's pinned memory and its local cache: gone.
    // Pending tier loads are for dropped requests; their completion events find nothing.
    this.tierLoading.length = this.tierLoadingHead = 0;
    this.tierLoadGen++;
    this.offload?.clear();
    this.out.reset();
    this.inRun = false;
    this.busy = false;
    this.gen++; // the pending step-end event is stale now
  }

  /** The group is being recreated (gang start: image pull, weight load, engine init). */
  restart(_now: number): void {
    this.state = 'starting'; // queues are empty while down: gauges need no accrual
  }

  /** The restarted group passed its readiness probe: it serves again, with an empty cache. */
  ready(_now: number): void {
    this.state = 'ready';
  }

  /**
   * P/D: the prefill pod holding this decode request's KV failed before the KV arrived. vLLM's
   * kv_load_failure_policy=recompute: the request stays here and computes its prompt itself.
   */
  recomputeRemote(req: EngineRequest, now: number): void {
    const remote = req.remote;
    if (!remote || remote.ready) throw new Error(`request ${req.id} is not waiting for remote KV`);
    this.accrueGauges(now);
    req.remote = undefined;
    if (req.status !== 'WAITING_FOR_REMOTE_KVS') return; // not admitted yet: phase B computes it
    this.scheduler.numRemotePending--;
    this.kv.free(req);
    req.numComputedTokens = 0;
    req.status = 'WAITING';
    this.wake(now, true);
  }

  /**
   * Starts an idle pod after the other events of this instant (stepEnd priority) with a
   * zero-length step; a busy pod in an interruptible decode run ends it at the next step boundary
   * when `admissible` new work appeared.
   */
  private wake(now: number, admissible: boolean): void {
    if (!this.busy) {
      this.busy = true;
      this.out.reset();
      this.inRun = false;
      this.stepStart = now;
      this.engine.schedule(now, Priority.stepEnd, this, ++this.gen);
    } else if (this.inRun && this.run.interruptible && admissible) {
      this.truncateRun(now);
    }
  }

  handle(kind: number, now: number): void {
    if (kind !== this.gen) return; // superseded by a truncated decode run
    this.finishStep(now);
    this.startStep(now);
  }

  private startStep(now: number): void {
    const sched = this.scheduler;
    if (!sched.hasWork) {
      this.busy = false;
      return;
    }
    this.accrueGauges(now);
    sched.schedule(this.out, now);
    const out = this.out;
    for (let i = 0; i < out.aborted.length; i++) this.observer.onAbort?.(out.aborted[i], this, now);
    for (let i = 0, t = 0; i < out.remoteLoads.length; i++) {
      const req = out.remoteLoads[i];
      if (req.remote!.podIndex >= 0) this.remoteKv!.start(req, this, now);
      else this.startTierLoad(req, out.tierLoads[t++], out.tierLoads[t++], now);
    }
    if (out.isEmpty && sched.running.length === 0 && out.preempted.length === 0) {
      // Nothing to compute: every waiting request was aborted, or blocks parked for transfers will
      // come back; otherwise nothing fits.
      if (sched.waiting.length === 0 || sched.numRemotePending > 0 || sched.held.length > 0 || out.aborted.length > 0) {
        this.busy = false;
        return;
      }
      throw new Error(`${this.name}: waiting request ${sched.waiting.peek()!.id} can never fit in KV cache`);
    }
    const shape = out.shape;
    const seconds = this.stepModel.stepSeconds(shape);
    this.stepStart = now;
    this.inRun = false;
    let end = now + seconds;
    if (this.config.decodeRuns !== false && shape.uniformDecode && out.numAdmitted === 0 && out.preempted.length === 0 && out.reqs.length === sched.running.length) {
      const k = maxDecodeRunSteps(sched.running, this.kv, sched.decodeRunSpareBlocks);
      if (k >= 2) {
        this.run.plan(now, seconds, k, shape, (b) => this.stepModel.stepSeconds(b));
        this.run.interruptible = sched.waiting.length === sched.numRemotePending;
        this.inRun = true;
        end = this.run.endTime(k);
        // A client that gives up mid-run is aborted at the next step boundary, as vLLM handles an
        // abort between steps: the run ends there.
        const deadline = this.hasDeadlines ? earliestDeadline(sched, now) : Infinity;
        if (deadline < end) {
          this.run.numSteps = this.run.stepsBy(deadline);
          end = this.run.endTime(this.run.numSteps);
        }
      }
    }
    this.engine.schedule(end, Priority.stepEnd, this, ++this.gen);
  }

  /** An arrival during an interruptible run: end the run at the step boundary after `now`. */
  private truncateRun(now: number): void {
    const steps = this.run.stepsBy(now);
    if (steps >= this.run.numSteps) return;
    this.run.numSteps = steps;
    this.engine.schedule(this.run.endTime(steps), Priority.stepEnd, this, ++this.gen);
  }

  /** Applies the finished step (or decode run) to its requests: tokens, first tokens, finishes. */
  private finishStep(now: number): void {
    const out = this.out;
    const reqs = out.reqs;
    if (reqs.length === 0) return;
    const extra = this.inRun ? this.run.numSteps - 1 : 0;
    const kvUsageBefore = this.kv.usage;
    const firstEnd = this.inRun ? this.stepStart + this.run.ends[0] : now;
    this.numSteps += 1 + extra;
    let numFinished = 0;
    for (let i = 0; i < reqs.length; i++) {
      const req = reqs[i];
      if (req.numComputedTokens !== req.numTokens) continue; // mid-prefill chunk: no token yet
      this.emitToken(req, firstEnd);
      if (extra > 0) {
        // Steps 2..k of a decode run: one more KV slot and one more token each. Outputs first,
        // so the blocks they fill are hashed into the cache now, as step-by-step scheduling would.
        req.numOutputTokens += extra;
        if (!this.kv.allocateSlots(req, extra, NO_HITS, false)) {
          throw new Error(`${this.name}: decode run planned blocks that were not there`);
        }
        req.numComputedTokens += extra;
        req.lastTokenTime = now;
      }
      if (req.numOutputTokens >= req.maxTokens) {
        req.status = 'FINISHED';
        req.finishTime = now;
        numFinished++;
      } else if (req.deadline <= now) {
        // The client gave up mid-stream: aborted at this step boundary (a decode run's end).
        req.status = 'FINISHED';
        req.aborted = true;
        numFinished++;
      }
    }
    // A run allocates its blocks at its end; KV usage grew about linearly over it.
    this.accrueGauges(now, extra > 0 ? (kvUsageBefore + this.kv.usage) / 2 : kvUsageBefore);
    if (extra > 0) {
      for (let s = 1; s <= extra; s++) {
        this.observer.onInterTokenLatency(this.run.duration(s), reqs.length, this.stepStart + this.run.ends[s]);
      }
    }
    if (numFinished > 0) {
      this.scheduler.removeFinished();
      for (const req of reqs) {
        if (req.status !== 'FINISHED') continue;
        if (req.aborted) this.observer.onAbort?.(req, this, now);
        else this.observer.onFinish(req, this, now);
      }
    }
    this.inRun = false;
  }

  private emitToken(req: EngineRequest, t: number): void {
    if (req.pd === 'prefill') {
      // The prefill pod's token is discarded (the decode pod samples its own): no latency figures.
      req.numOutputTokens++;
      req.lastTokenTime = t;
      return;
    }
    if (req.numOutputTokens === 0) {
      req.firstTokenTime = t;
      this.observer.onFirstToken(req, this, t);
    } else {
      this.observer.onInterTokenLatency(t - req.lastTokenTime, 1, t);
    }
    req.numOutputTokens++;
    req.lastTokenTime = t;
  }

  /** Gauges integrate from `t` on (the end of warm-up). */
  startGaugesAt(t: number): void {
    this.gauges.since = t;
  }

  private accrueGauges(now: number, kvUsage = this.kv.usage): void {
    const g = this.gauges;
    const dt = now - g.since;
    if (dt > 0) {
      g.seconds += dt;
      g.waitingSeconds += dt * this.scheduler.waiting.length;
      g.runningSeconds += dt * this.scheduler.running.length;
      g.kvUsageSeconds += dt * kvUsage;
      g.since = now;
    }
  }

  /** Brings gauge integrals up to `now` (end of run). */
  closeGauges(now: number): void {
    this.accrueGauges(now);
  }
}

const NO_HITS: readonly number[] = [];

/**
 * The earliest client deadline still ahead of `now` among a scheduler's running and waiting requests
 * (Infinity: none). One already past belongs to a request parked for a KV transfer, aborted when its
 * KV arrives; it must not shrink every run to one step meanwhile.
 */
function earliestDeadline(sched: Scheduler, now: number): number {
  let d = Infinity;
  for (const r of sched.running) if (r.deadline > now && r.deadline < d) d = r.deadline;
  for (const r of sched.waiting) if (r.deadline > now && r.deadline < d) d = r.deadline;
  return d;
}
