import { ScaleDownStabilizer, type ReplicaMetrics, type SaturationConfig } from '../policies/autoscaling/saturation-analyzer.js';
import { targetsByRole, type RoleVariant, type VariantRole } from '../policies/autoscaling/role-targets.js';
import { Priority, type Actor, type Engine } from './engine.js';
import type { EnginePod } from './pod.js';

/** One autoscaled pool (a WVA variant): its pods, bounds and price. */
export interface VariantConfig {
  /** The pool's name; its pods are `pods` below, in index order. */
  name: string;
  pods: readonly EnginePod[];
  /** The pool's pods' role: each role is analyzed on its own replicas (role-targets.ts). */
  role: VariantRole;
  /** Replicas up at t = 0. */
  initial: number;
  minReplicas: number;
  maxReplicas: number;
  /** Accelerators one replica holds (for GPU-hours). */
  gpusPerReplica: number;
  /** $/h of one replica (the analyzer's variant cost; the summary's cost). */
  usdPerHour: number;
  /**
   * Arrival rate one replica holds within the SLO: set on every variant, it turns on WVA's
   * model-based (QoS-aware) optimizer, arbitrated with the saturation analyzer.
   */
  sloRatePerReplica?: number;
}

/** Everything the autoscaler needs, resolved: seconds, fractions, pods. */
export interface AutoscalerConfig {
  saturation: SaturationConfig;
  /** Seconds between reconciles (WVA's control loop). */
  interval: number;
  /** Seconds between metric samples (the Prometheus scrape interval). */
  sampleInterval: number;
  /** Each reconcile reads every replica's peak over this many seconds (max_over_time[1m]). */
  metricsWindow: number;
  /** HPA behavior.scaleDown.stabilizationWindowSeconds: the scale-down cooldown. */
  scaleDownStabilization: number;
  /** Seconds to get a node for a new replica before its pods start (node pool / cluster autoscaler). */
  provisioningDelay: number;
  /** Kubernetes' terminationGracePeriodSeconds: a scaled-down pod's time to finish its requests. */
  terminationGracePeriod: number;
  /** Model-based sizing: replicas for the observed rate × (1 + headroom). */
  headroom: number;
  /**
   * Scale to zero: variants with minReplicas 0 go to zero once no request has arrived for this
   * many seconds (then through the HPA's stabilization); absent, they stay up.
   */
  scaleToZeroAfter?: number;
  variants: VariantConfig[];
}

/** The autoscaler as a run's config gives it: variants name their pools; the simulation finds the pods. */
export type AutoscalerSpec = Omit<AutoscalerConfig, 'variants'> & { variants: Omit<VariantConfig, 'pods' | 'role'>[] };

/** One scaling decision, for the summary. */
export interface ScaleEvent {
  t: number;
  variant: string;
  from: number;
  to: number;
}

/** What the fleet does for the autoscaler (Simulation wires these). */
export interface AutoscalerHooks {
  isActive(): boolean;
  /** The endpoint joins (true) or leaves (false) the router's endpoint list. */
  setListed(pod: EnginePod, listed: boolean): void;
  /** Terminates a pod; the requests it still holds are handed to the gateway (retried or failed). */
  stop(pod: EnginePod, now: number): void;
  /**
   * The pod still has work a drain must wait for: requests on it, KV it holds for a decode pod's
   * pull, or (a decode pod) requests being prefilled elsewhere whose KV its sidecar will send it.
   */
  holdsWork(pod: EnginePod): boolean;
  /** Requests arrived at the gateway so far (the model-based optimizer's arrival rate). */
  arrivals(): number;
  /** Requests waiting at the gateway for a replica (scale from zero). */
  numColdWaiting(): number;
}

const SAMPLE = 0;
const RECONCILE = 1;
/** Pod events carry the pod's index and epoch: kind = (epoch × pods + index) × 4 + what. */
const READY = 2;
const KILL = 3;

/**
 * The variant autoscaler in the loop: samples every ready pod's KV usage and waiting queue as
 * Prometheus scrapes vLLM, reconciles every `interval` with WVA's saturation analyzer, and
 * actuates as the HPA and the Deployment do. A new replica is billed from the decision; it takes
 * `provisioningDelay` plus the pool's start-up time (image pull, weight load, engine init) to
 * become ready and join the endpoint list. A removed replica (the newest first, as a ReplicaSet
 * picks) leaves the endpoint list at once, finishes what it has, and is killed after the grace
 * period with whatever remains (those requests are retried or fail, as on a node failure).
 * P/D pools are variants too, each role sized on its own pods' metrics; a draining prefill pod
 * waits for the decode pods to pull the KV it holds, a draining decode pod for the KV in flight to
 * it and the prompts its sidecar sent to be prefilled; killed at the grace period, it is taken
 * down as a failed pod is (transfers aborted, their decode pods recompute).
 * A variant with minReplicas 0 goes to zero after `scaleToZeroAfter` seconds without a request,
 * and back to one when a request waits at the gateway (scaleFromZero, cold-start-queue.ts).
 */
export class Autoscaler implements Actor {
  readonly events: ScaleEvent[] = [];
  /** Per pod: samples of (time, kv usage, waiting) within the metrics window. */
  private readonly samples: { t: number; kv: number; queue: number }[][];
  /** Per pod: when its billing started (−1: not billed now) and accrued seconds. */
  private readonly billedSince: Float64Array;
  private readonly billedSeconds: Float64Array;
  /** Per pod: bumped at each start/stop, so stale READY/KILL events are ignored. */
  private readonly epoch: Int32Array;
  private readonly stabilizers: ScaleDownStabilizer[];
  private readonly variantOf: Int32Array;
  /** Arrival counts at each sample within the window (the gateway's request counter, as Prometheus scrapes it). */
  private readonly arrivalSamples: { t: number; n: number }[] = [];
  private readonly modelBased: boolean;
  private numDraining = 0;
  /** The gateway's request counter at the last change, and when it changed (scale to zero). */
  private lastArrivals = 0;
  private lastArrivalAt = 0;

  constructor(
    private readonly engine: Engine,
    private readonly pods: readonly EnginePod[],
    readonly config: AutoscalerConfig,
    private readonly hooks: AutoscalerHooks,
  ) {
    const n = pods.length;
    this.samples = pods.map(() => []);
    this.billedSince = new Float64Array(n).fill(-1);
    this.billedSeconds = new Float64Array(n);
    this.epoch = new Int32Array(n);
    this.variantOf = new Int32Array(n).fill(-1);
    this.stabilizers = config.variants.map(() => new ScaleDownStabilizer(config.scaleDownStabilization));
    this.modelBased = config.variants.length > 0 && config.variants.every((v) => v.sloRatePerReplica !== undefined && v.sloRatePerReplica > 0);
    config.variants.forEach((v, k) => {
      if (!(v.minReplicas >= 0 && v.minReplicas <= v.initial && v.initial <= v.maxReplicas && v.maxReplicas <= v.pods.length)) {
        throw new Error(`autoscaler variant ${v.name}: need 0 ≤ min ${v.minReplicas} ≤ initial ${v.initial} ≤ max ${v.maxReplicas} ≤ pods ${v.pods.length}`);
      }
      for (const pod of v.pods) this.variantOf[pod.index] = k;
    });
  }

  /** Before the run: replicas beyond each variant's initial count are off and unlisted. */
  start(): void {
    for (const v of this.config.variants) {
      v.pods.forEach((pod, r) => {
        if (r < v.initial) {
          this.billedSince[pod.index] = 0;
          return;
        }
        pod.state = 'off';
        this.hooks.setListed(pod, false);
      });
    }
    this.engine.schedule(this.engine.now, Priority.sample, this, SAMPLE);
    this.engine.schedule(this.engine.now + this.config.interval, Priority.sample, this, RECONCILE);
  }

  handle(kind: number, now: number): void {
    if (kind === SAMPLE) return this.sample(now);
    if (kind === RECONCILE) return this.reconcile(now);
    const what = kind % 4;
    const key = (kind - what) / 4;
    const index = key % this.pods.length;
    if (Math.floor(key / this.pods.length) !== this.epoch[index]) return; // superseded
    const pod = this.pods[index];
    if (what === READY && pod.state === 'starting') {
      pod.ready(now);
      this.hooks.setListed(pod, true);
    } else if (what === KILL && pod.state === 'draining') {
      this.terminate(pod, now);
    }
  }

  /**
   * A request ended, a KV transfer completed or a held KV was let go: a draining pod left with no
   * work terminates, in an event of its own (the pod may be mid-step when this is called). With
   * P/D one end can free two pods (the decode pod's request, the prefill pod's held KV), so every
   * draining pod is looked at.
   */
  checkDrained(now: number): void {
    if (this.numDraining === 0) return;
    for (const v of this.config.variants) {
      for (const pod of v.pods) if (pod.state === 'draining' && !this.hooks.holdsWork(pod)) this.engine.schedule(now, Priority.fault, this, this.podEvent(pod.index, KILL));
    }
  }

  private podEvent(i: number, what: number): number {
    return (this.epoch[i] * this.pods.length + i) * 4 + what;
  }

  get variants(): readonly VariantConfig[] {
    return this.config.variants;
  }

  /** Replica counts per variant now: asked for (starting + ready) and ready. */
  counts(k: number): { current: number; ready: number } {
    let current = 0;
    let ready = 0;
    for (const pod of this.config.variants[k].pods) {
      if (pod.state === 'ready') ready++;
      if (pod.state === 'ready' || pod.state === 'starting') current++;
    }
    return { current, ready };
  }

  /** Accelerator-hours and replica-hours billed per variant up to `end`, and the cost. */
  billing(end: number): { variant: string; replicaHours: number; gpuHours: number; usd: number }[] {
    return this.config.variants.map((v) => {
      let seconds = 0;
      for (const pod of v.pods) {
        const since = this.billedSince[pod.index];
        seconds += this.billedSeconds[pod.index] + (since >= 0 ? Math.max(0, end - since) : 0);
      }
      const replicaHours = seconds / 3600;
      return { variant: v.name, replicaHours, gpuHours: replicaHours * v.gpusPerReplica, usd: replicaHours * v.usdPerHour };
    });
  }

  private sample(now: number): void {
    const cutoff = now - this.config.metricsWindow;
    const a = this.arrivalSamples;
    // Keep one sample at or before the window's start, to measure the rate across the whole window.
    while (a.length > 1 && a[1].t <= cutoff) a.shift();
    a.push({ t: now, n: this.noteArrivals(now) });
    for (let i = 0; i < this.pods.length; i++) {
      if (this.variantOf[i] < 0) continue;
      const pod = this.pods[i];
      const s = this.samples[i];
      while (s.length > 0 && s[0].t <= cutoff) s.shift();
      // Only a ready pod is scraped: a starting one has no metrics endpoint yet.
      if (pod.state === 'ready') s.push({ t: now, kv: pod.kv.usage, queue: pod.scheduler.waiting.length });
    }
    if (this.hooks.isActive()) this.engine.schedule(now + this.config.sampleInterval, Priority.sample, this, SAMPLE);
  }

  private reconcile(now: number): void {
    const cfg = this.config;
    const replicas: ReplicaMetrics[] = [];
    const cutoff = now - cfg.metricsWindow;
    for (let i = 0; i < this.pods.length; i++) {
      const k = this.variantOf[i];
      if (k < 0 || this.pods[i].state !== 'ready') continue;
      let kv = 0;
      let queue = 0;
      let seen = false;
      for (const x of this.samples[i]) {
        if (x.t <= cutoff) continue;
        seen = true;
        if (x.kv > kv) kv = x.kv;
        if (x.queue > queue) queue = x.queue;
      }
      if (seen) replicas.push({ variant: cfg.variants[k].name, kvCacheUsage: kv, queueLength: queue });
    }
    const states: RoleVariant[] = cfg.variants.map((v, k) => ({
      name: v.name,
      role: v.role,
      cost: v.usdPerHour,
      ...this.counts(k),
      minReplicas: v.minReplicas,
      maxReplicas: v.maxReplicas,
      ...(v.sloRatePerReplica !== undefined && { sloRatePerReplica: v.sloRatePerReplica }),
    }));
    const targets = targetsByRole(replicas, states, cfg.saturation, this.modelBased ? { rate: this.arrivalRate(), headroom: cfg.headroom } : undefined);
    // Read the counter now, not at the last sample: a request that just woke a variant from zero
    // must not see it scaled straight back down.
    this.noteArrivals(now);
    const idle = cfg.scaleToZeroAfter !== undefined && now - this.lastArrivalAt >= cfg.scaleToZeroAfter;
    cfg.variants.forEach((v, k) => {
      const current = states[k].current;
      const target = this.stabilizers[k].apply(now, current, idle && v.minReplicas === 0 ? 0 : targets.get(v.name)!);
      if (target === current) return;
      this.events.push({ t: now, variant: v.name, from: current, to: target });
      if (target > current) this.scaleUp(v, target - current, now);
      else this.scaleDown(v, current - target, now);
    });
    if (this.hooks.isActive()) this.engine.schedule(now + cfg.interval, Priority.sample, this, RECONCILE);
  }

  /**
   * Scale from zero (WVA's scale-from-zero engine, see cold-start-queue.ts): requests wait at the
   * gateway, so every variant at zero replicas gets one, billed from now and ready after the
   * provisioning delay and its start-up time.
   */
  scaleFromZero(now: number): void {
    this.config.variants.forEach((v, k) => {
      if (this.counts(k).current > 0) return;
      // Every pod may still be draining: then the first to terminate calls this again.
      if (this.scaleUp(v, 1, now) > 0) this.events.push({ t: now, variant: v.name, from: 0, to: 1 });
    });
  }

  /** The gateway's request counter; a change marks the time of the latest arrival (scale to zero). */
  private noteArrivals(now: number): number {
    const arrived = this.hooks.arrivals();
    if (arrived !== this.lastArrivals) {
      this.lastArrivals = arrived;
      this.lastArrivalAt = now;
    }
    return arrived;
  }

  /** Requests per second over the metrics window (rate(...[1m]) of the gateway's request counter). */
  private arrivalRate(): number {
    const a = this.arrivalSamples;
    if (a.length < 2) return 0;
    const first = a[0];
    const last = a[a.length - 1];
    return last.t > first.t ? (last.n - first.n) / (last.t - first.t) : 0;
  }

  /** New replicas take the lowest-numbered pods that are off (a draining pod is still terminating). Returns how many started. */
  private scaleUp(v: VariantConfig, n: number, now: number): number {
    let started = 0;
    for (const pod of v.pods) {
      if (n === 0) break;
      if (pod.state !== 'off') continue;
      n--;
      started++;
      const i = pod.index;
      this.epoch[i]++;
      this.billedSince[i] = now;
      pod.restart(now);
      const at = now + this.config.provisioningDelay + pod.startupSeconds;
      this.engine.schedule(at, Priority.fault, this, this.podEvent(i, READY));
    }
    return started;
  }

  /** The newest replicas go first (starting before ready), as a ReplicaSet ranks pods to delete. */
  private scaleDown(v: VariantConfig, n: number, now: number): void {
    for (const want of ['starting', 'ready'] as const) {
      for (let r = v.pods.length - 1; r >= 0 && n > 0; r--) {
        const pod = v.pods[r];
        if (pod.state !== want) continue;
        n--;
        const i = pod.index;
        this.epoch[i]++;
        if (want === 'starting') {
          this.terminate(pod, now);
          continue;
        }
        pod.state = 'draining';
        this.numDraining++;
        this.hooks.setListed(pod, false);
        if (!this.hooks.holdsWork(pod)) this.terminate(pod, now);
        else this.engine.schedule(now + this.config.terminationGracePeriod, Priority.fault, this, this.podEvent(i, KILL));
      }
    }
  }

  private terminate(pod: EnginePod, now: number): void {
    const i = pod.index;
    if (pod.state === 'ready') this.hooks.setListed(pod, false);
    if (pod.state === 'draining') this.numDraining--;
    this.hooks.stop(pod, now);
    pod.state = 'off';
    this.samples[i].length = 0;
    if (this.billedSince[i] >= 0) {
      this.billedSeconds[i] += now - this.billedSince[i];
      this.billedSince[i] = -1;
    }
    if (this.hooks.numColdWaiting() > 0) this.scaleFromZero(now);
  }
}
