import type { StepTimeModel } from '../models/perf/step-time.js';
import { Engine, Priority, type Actor } from './engine.js';
import { ArrivalFeeder, Gateway, type RetryPolicy } from './gateway.js';
import { FaultInjector, type FaultConfig } from './faults.js';
import { Autoscaler, type AutoscalerSpec } from './autoscaler.js';
import { ColdStartQueue } from './cold-start-queue.js';
import type { EngineRequest } from './request.js';
import { sharedPromptHashCache } from './kv/block-hash.js';
import { MetricsRecorder, type SloTargets } from './metrics/recorder.js';
import { PodTimeline } from './metrics/timeline.js';
import { EnginePod, type PodConfig, type PodObserver, type PodRole } from './pod.js';
import { KvTransferNetwork, type PodNic } from './kv-transfer.js';
import { RoundRobinPolicy, type RoutingPolicy } from './routing.js';
import type { RequestSpec } from './workload/types.js';
import { MetricsScraper, type ScrapedMetrics } from './scraper.js';
import { RngStreams } from './rng.js';
import { createRequestSource } from './workload/source.js';
import type { StopSpec, TraceReplay, WorkloadSpec } from './workload/types.js';
import { createTraceSource } from './trace/replay-source.js';
import { createSessionSource } from './workload/sessions.js';
import { FollowUps } from './workload/follow-ups.js';
import { countMeasuredArrivals, SloAbort } from './slo-abort.js';
import type { RequestSource } from './workload/types.js';

export interface PoolConfig {
  name: string;
  replicas: number;
  pod: PodConfig;
  stepModel: StepTimeModel;
  /** The pods' `llm-d.ai/role` (default both). */
  role?: PodRole;
  /** The pods' other Kubernetes labels, as the EPP sees them (e.g. llm-d.ai/context-length-range). */
  labels?: Readonly<Record<string, string>>;
  /** P/D: each pod's NIC for KV transfers; set on every pool of a fleet with P/D roles. */
  nic?: PodNic;
  /** Nodes each replica's LWS group spans (default 1). */
  nodes?: number;
  /** Seconds a recreated group takes to become ready: image pull + weight load + engine init (default 0). */
  startupSeconds?: number;
}

/** What a routing policy may see of the fleet when it is built. */
export interface RouterContext {
  pods: readonly EnginePod[];
  /** Each pod's last scraped metrics, refreshed every scrapeInterval (absent when 0). */
  scraped: readonly ScrapedMetrics[];
  /** The `routing` random stream (tie-breaks, random pickers). */
  rng: () => number;
  now: () => number;
  /** Sends a request the policy held (QUEUED) to a pod, or rejects it with index -1. */
  dispatch: (req: RequestSpec, podIndex: number) => void;
}

export interface RouterFactory {
  /** Seconds between metric scrapes; 0 = the policy reads no metrics and nothing is scraped. */
  scrapeInterval: number;
  /** Seconds from a request's arrival to its pod's queue (scheduling + proxy hop); default 0. */
  schedulingLatency?: number;
  create(ctx: RouterContext): RoutingPolicy;
}

/** The run's tenant classes: the workload's, or those a trace's `classBy` column names. */
export function tenantClasses(config: Pick<SimConfig, 'workload' | 'trace'>): { name: string; share: number; priority: number; adapter?: string; slo?: SloTargets }[] | undefined {
  if (config.trace) return config.trace.classes?.map((c) => ({ ...c, priority: 0 }));
  return config.workload.classes;
}

/** Start and end of each load stage's arrivals (arrival process `stages`), for per-stage metrics. */
export function stageWindows(config: Pick<SimConfig, 'workload' | 'trace'>): { rate: number; start: number; end: number }[] {
  const a = config.workload.arrival;
  if (config.trace || a?.process !== 'stages') return [];
  let start = 0;
  return a.stages.map(({ rate, duration }) => {
    const w = { rate, start, end: start + duration };
    start += duration + a.interval;
    return w;
  });
}

/** Everything a run needs, already resolved: the sim layer reads no files and no catalogues. */
export interface SimConfig {
  seed: number;
  pools: PoolConfig[];
  /** Default: a Kubernetes Service's round robin. */
  router?: RouterFactory;
  workload: WorkloadSpec;
  /** A trace replayed instead of the synthetic workload (rows pulled as the run needs them). */
  trace?: TraceReplay;
  /** `drain: false` ends the run at stop.duration with requests still in flight. */
  stop: StopSpec & { drain?: boolean };
  slo: SloTargets;
  vocabSize: number;
  /** Node failures to inject (pods by index); absent: none, and the run is as without this field. */
  faults?: FaultConfig[];
  /** What the gateway does with requests lost to a failure (default: they fail). */
  retry?: RetryPolicy;
  /**
   * The variant autoscaler: each variant's pool has `maxReplicas` pods, of which `initial` are up
   * at the start (P/D pools too, each role sized on its own).
   */
  autoscaler?: AutoscalerSpec;
  /** Sample per-pod gauges every `interval` seconds for reports (thinned to ≤ maxSamples). */
  timeline?: { interval: number; maxSamples?: number };
  /**
   * Stop as soon as the share of measured requests within the SLO is certain to stay below this
   * (a planner's probe needs the verdict only); the summary then has sim.stoppedEarly. Ignored for
   * replayed traces and sessions.
   */
  abortBelowGoodput?: number;
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
  private readonly source: RequestSource;
  /** Turns released by finished requests (sessions); absent for open-loop workloads. */
  private readonly followUps: FollowUps | undefined;
  private readonly scraper: MetricsScraper | undefined;
  readonly timeline: PodTimeline | undefined;
  /** P/D: the KV transfer network (absent when no pool has a NIC). */
  readonly transfers: KvTransferNetwork | undefined;
  private readonly policy: RoutingPolicy;
  /** Present when the config has faults. */
  readonly faults: FaultInjector | undefined;
  /** Present when the config has an autoscaler. */
  readonly autoscaler: Autoscaler | undefined;
  /** Present when a variant may scale to zero: requests waiting at the gateway for a replica. */
  readonly coldStart: ColdStartQueue | undefined;
  /** Present with config.abortBelowGoodput on an open-loop workload. */
  readonly sloAbort: SloAbort | undefined;

  constructor(readonly config: SimConfig) {
    const classes = tenantClasses(config);
    const faults = config.faults ?? [];
    const measuredArrivals = config.abortBelowGoodput === undefined || config.trace ? undefined : countMeasuredArrivals(config.workload, config.stop, config.seed);
    this.sloAbort = measuredArrivals === undefined ? undefined : new SloAbort(config.abortBelowGoodput!, measuredArrivals, config.slo, config.stop.warmup, this.engine);
    const abort = this.sloAbort;
    this.recorder = new MetricsRecorder(
      config.stop.warmup,
      config.slo,
      classes?.map((c) => ({ name: c.name, slo: { ...config.slo, ...c.slo } })),
      stageWindows(config).map((w) => w.end),
      faults.length > 0 || config.autoscaler !== undefined,
    );
    // Pods report to the recorder and, on finish, to the gateway's response-complete hooks.
    const observer: PodObserver = {
      onInterTokenLatency: (itl, weight, t) => this.recorder.onInterTokenLatency(itl, weight, t),
      onFirstToken: (req, pod, t) => {
        this.recorder.onFirstToken();
        abort?.onFirstToken(req);
        this.gateway.onFirstToken(req, pod, t);
      },
      onAbort: (req, pod, t) => {
        this.gateway.onAborted(req, pod, t);
        this.autoscaler?.checkDrained(t);
      },
      onFinish: (req, pod, t) => {
        if (req.pd === 'prefill') {
          this.gateway.onPrefillDone(req, pod, t);
          this.autoscaler?.checkDrained(t);
          return;
        }
        this.recorder.onFinish(req, pod, t);
        abort?.onFinish(req, t);
        this.gateway.onFinish(req, pod, t);
        this.autoscaler?.checkDrained(t);
        this.feeder.onEnded(t);
        if (this.followUps) {
          const next = this.source.onFinish!(req.id, t);
          if (next) this.followUps.push(next);
        }
      },
    };
    const nics: PodNic[] = [];
    for (const pool of config.pools) {
      const hashes = sharedPromptHashCache(pool.pod.blockSize);
      for (let r = 0; r < pool.replicas; r++) {
        const pod = new EnginePod(`${pool.name}-${r}`, this.pods.length, this.engine, pool.pod, pool.stepModel, observer, hashes);
        pod.role = pool.role ?? 'both';
        if (pool.labels) pod.labels = pool.labels;
        pod.nodes = pool.nodes ?? 1;
        pod.startupSeconds = pool.startupSeconds ?? 0;
        this.pods.push(pod);
        if (pool.nic) nics.push(pool.nic);
      }
    }
    if (nics.length > 0 && nics.length !== this.pods.length) throw new Error('P/D: every pool needs a NIC when one has');
    this.transfers =
      nics.length > 0
        ? new KvTransferNetwork(this.engine, this.pods, nics, (req, decodePod, now) => {
            const remote = req.remote!;
            this.pods[remote.podIndex].releaseHeld(remote.request!, now);
            decodePod.onRemoteKvReady(req, now);
            this.autoscaler?.checkDrained(now); // the prefill pod may hold nothing more now
          })
        : undefined;
    if (this.transfers) for (const pod of this.pods) pod.remoteKv = this.transfers;
    for (const pod of this.pods) pod.startGaugesAt(config.stop.warmup);
    const streams = new RngStreams(config.seed);
    const interval = config.router?.scrapeInterval ?? 0;
    this.scraper = interval > 0 ? new MetricsScraper(this.engine, this.pods, interval, () => this.isActive, (now) => this.policy.onScrape?.(now)) : undefined;
    const policy = config.router
      ? config.router.create({
          pods: this.pods,
          scraped: this.scraper?.metrics ?? [],
          rng: streams.stream('routing'),
          now: () => this.engine.now,
          dispatch: (req, podIndex) => this.gateway.dispatch(req, podIndex, this.engine.now),
        })
      : new RoundRobinPolicy(this.pods.length);
    this.policy = policy;
    this.gateway = new Gateway(
      this.pods,
      this.recorder,
      policy,
      config.router?.schedulingLatency ?? 0,
      (t, a) => this.engine.schedule(t, Priority.route, a, 0),
      (spec) => {
        abort?.onEnded(spec);
        this.source.onReject?.(spec.id);
        this.feeder.onEnded(this.engine.now);
      },
      config.retry,
    );
    this.faults =
      faults.length > 0
        ? new FaultInjector(this.engine, this.pods, faults, {
            isActive: () => this.isActive,
            fail: (pod, now) => {
              const lost = this.takeDown(pod, now, 'fail');
              this.autoscaler?.checkDrained(now);
              return lost;
            },
            setListed: (pod, listed) => this.setListed(pod, listed),
          })
        : undefined;
    this.autoscaler = config.autoscaler ? this.createAutoscaler(config.autoscaler) : undefined;
    this.coldStart = config.autoscaler?.variants.some((v) => v.minReplicas === 0)
      ? new ColdStartQueue(this.engine, {
          wake: (now) => this.autoscaler!.scaleFromZero(now),
          route: (spec, now) => this.gateway.attempt(spec, now),
          timedOut: (spec, now) => this.gateway.giveUp(spec, now),
          requestTimeout: () => this.gateway.requestTimeout,
        })
      : undefined;
    this.gateway.coldStart = this.coldStart;
    this.gateway.requestTimeout = config.workload.requestTimeout ?? Infinity;
    const tl = config.timeline;
    this.timeline = tl ? new PodTimeline(this.engine, this.pods, tl.interval, () => this.isActive, tl.maxSamples) : undefined;
    const source = config.trace
      ? createTraceSource(config.trace, config.stop, streams, config.vocabSize)
      : config.workload.sessions
        ? createSessionSource(config.workload, config.stop, streams, config.vocabSize)
        : createRequestSource(config.workload, config.stop, streams, config.vocabSize);
    this.source = source;
    if (source.onFinish) {
      this.followUps = new FollowUps(
        (spec, now) => this.gateway.route(spec, now),
        (t, a) => this.engine.schedule(t, Priority.arrival, a, 0),
      );
    }
    const gateway = this.gateway;
    const entry = abort ? { route: (spec: RequestSpec, now: number) => (abort.onArrival(spec, now), gateway.route(spec, now)) } : gateway;
    this.feeder = new ArrivalFeeder(source, entry, (t: number, a: Actor) =>
      this.engine.schedule(t, Priority.arrival, a, 0),
    );
  }

  /** Runs to completion (or to stop.duration without drain); returns the final simulated time. */
  run(onProgress?: (p: SimProgress) => void): number {
    this.autoscaler?.start();
    this.feeder.start();
    this.faults?.start();
    this.scraper?.start();
    this.timeline?.start();
    const { duration, drain } = this.config.stop;
    const until = drain === false && duration !== undefined ? duration : Infinity;
    const report = onProgress
      ? (now: number) => onProgress({ now, arrived: this.recorder.numArrived, completed: this.recorder.numCompleted })
      : undefined;
    this.engine.run(until, report, 4096);
    const end = until === Infinity ? this.engine.lastEventTime : until;
    for (const pod of this.pods) pod.closeGauges(end);
    return end;
  }

  private createAutoscaler(spec: AutoscalerSpec): Autoscaler {
    const variants = spec.variants.map((v) => {
      const k = this.config.pools.findIndex((p) => p.name === v.name);
      if (k < 0) throw new Error(`autoscaler variant ${v.name}: no such pool`);
      return { ...v, role: this.config.pools[k].role ?? 'both', pods: this.pods.filter((p) => this.poolOf(p) === k) };
    });
    return new Autoscaler(this.engine, this.pods, { ...spec, variants }, {
      isActive: () => this.isActive,
      setListed: (pod, listed) => this.setListed(pod, listed),
      stop: (pod, now) => {
        this.takeDown(pod, now, 'stop');
        this.autoscaler!.checkDrained(now);
      },
      holdsWork: (pod) => pod.scheduler.hasRequests || this.gateway.numAwaitingPrefillFor(pod.index) > 0,
      arrivals: () => this.recorder.numArrived,
      numColdWaiting: () => this.coldStart?.size ?? 0,
    });
  }

  /** A pod joins or leaves the endpoint list; one joining releases the requests waiting for a replica. */
  private setListed(pod: EnginePod, listed: boolean): void {
    this.gateway.setListed(pod, listed);
    if (listed && this.coldStart && this.coldStart.size > 0) this.coldStart.release(this.engine.now);
  }

  /** Index into config.pools of the pool a pod belongs to (pods are created pool by pool). */
  private poolOf(pod: EnginePod): number {
    let first = 0;
    for (let k = 0; k < this.config.pools.length; k++) {
      first += this.config.pools[k].replicas;
      if (pod.index < first) return k;
    }
    return -1;
  }

  /**
   * A node of `pod`'s group failed, or a scaled-down pod is killed. P/D first: transfers from or
   * to it are aborted; decode pods whose KV was to come from it recompute the prompt themselves
   * (vLLM's kv_load_failure_policy=recompute). Then the group drops everything; of its lost decode
   * requests, the prefill pods holding their KV let it go. Each lost request goes to the gateway,
   * which retries or fails it. Returns the number lost.
   */
  private takeDown(pod: EnginePod, now: number, how: 'fail' | 'stop'): number {
    const i = pod.index;
    if (this.transfers) {
      this.transfers.abortFor(i, now);
      const orphans: { req: EngineRequest; on: EnginePod }[] = [];
      for (const other of this.pods) {
        if (other === pod) continue;
        for (const req of other.scheduler.waiting) if (req.remote && !req.remote.ready && req.remote.podIndex === i) orphans.push({ req, on: other });
      }
      for (const { req, on } of orphans) on.recomputeRemote(req, now);
    }
    const dropped: EngineRequest[] = [];
    if (how === 'fail') pod.fail(now, dropped);
    else pod.stop(now, dropped);
    for (const req of dropped) {
      const remote = req.remote;
      if (remote && !remote.ready && remote.podIndex >= 0) this.pods[remote.podIndex].releaseHeld(remote.request!, now);
    }
    for (const req of dropped) this.gateway.onDropped(req, pod, now);
    return dropped.length;
  }

  /** Arrivals remain or some pod has work: periodic actors keep going only while this holds. */
  get isActive(): boolean {
    if (this.feeder.hasPending || (this.followUps?.size ?? 0) > 0 || (this.policy.numQueued ?? 0) > 0 || (this.coldStart?.size ?? 0) > 0) return true;
    if (this.transfers && this.transfers.numActive > 0) return true;
    for (const pod of this.pods) if (pod.scheduler.hasRequests) return true;
    return false;
  }

  /** Requests routed to a pod and not finished yet. */
  get numInFlight(): number {
    let n = (this.policy.numQueued ?? 0) + this.gateway.numInTransit + (this.coldStart?.size ?? 0);
    for (const pod of this.pods) n += pod.scheduler.running.length + pod.scheduler.waiting.length;
    return n;
  }

  get numPreemptions(): number {
    let n = 0;
    for (const pod of this.pods) n += pod.scheduler.numPreemptions;
    return n;
  }
}
