import { Priority, type Actor, type Engine } from './engine.js';
import type { EnginePod } from './pod.js';

/** One injected fault, resolved: times in seconds, the pod by index. */
export interface FaultConfig {
  /** Simulated time of the failure. */
  at: number;
  pod: number;
  /** A node of the replica's LWS group fails: the whole group goes down and is recreated. */
  kind: 'node-failure';
  /**
   * Seconds until the group can be recreated (the node is back, or a spare took its place);
   * undefined: never, the replica stays down for the rest of the run.
   */
  recoverAfter?: number;
  /**
   * Seconds until the EPP drops the endpoint (the pod's Ready condition turns false and the pod
   * reconciler deletes it from the datastore). Until then requests routed to it are refused.
   */
  detectAfter: number;
}

/** What happened to one fault, for the summary. */
export interface FaultRecord {
  at: number;
  pod: string;
  kind: 'node-failure';
  /** Nodes of the group that went down together. */
  nodes: number;
  /** Requests on the group when it failed (running, waiting, parked for KV), now failed or retried. */
  requestsLost: number;
  /** When the EPP stopped routing to it. */
  detectedAt: number | null;
  /** When the recreated group passed its readiness probe again; null if it never did. */
  readyAt: number | null;
}

/** What the fleet does at each step of a fault (Simulation wires these). */
export interface FaultHooks {
  /** Arrivals remain or requests are in flight: a fault after the traffic has ended is skipped. */
  isActive(): boolean;
  /** Takes the group down; returns the requests lost with it. */
  fail(pod: EnginePod, now: number): number;
  /** The endpoint leaves (ready=false) or rejoins (ready=true) the router's endpoint list. */
  setListed(pod: EnginePod, listed: boolean, now: number): void;
}

const FAIL = 0;
const DETECT = 1;
const RESTART = 2;
const READY = 3;

/**
 * Fault injection after LeaderWorkerSet's failure handling (restartPolicy
 * RecreateGroupOnPodRestart, its default): a node failure takes the replica's whole group down,
 * with every in-flight request and all its KV; the EPP drops the endpoint `detectAfter` seconds
 * later, as GIE's pod reconciler deletes a pod from the datastore once it is not Ready; once a node
 * is available again (`recoverAfter`) the group is recreated and starts together (gang), and it
 * rejoins the endpoint list after its start-up time (image pull, weight load, engine init).
 * A later fault on the same pod supersedes an earlier one's restart. A fault after the traffic has
 * ended changes nothing and is skipped (its record keeps detectedAt and readyAt null).
 */
export class FaultInjector implements Actor {
  readonly records: FaultRecord[];
  /** Index of the latest fault that hit each pod (−1: none). */
  private readonly latest: Int32Array;

  constructor(
    private readonly engine: Engine,
    private readonly pods: readonly EnginePod[],
    private readonly faults: readonly FaultConfig[],
    private readonly hooks: FaultHooks,
  ) {
    for (const f of faults) if (!(f.pod >= 0 && f.pod < pods.length)) throw new Error(`fault on pod ${f.pod}: no such pod`);
    this.latest = new Int32Array(pods.length).fill(-1);
    this.records = faults.map((f) => ({
      at: f.at,
      pod: pods[f.pod].name,
      kind: f.kind,
      nodes: pods[f.pod].nodes,
      requestsLost: 0,
      detectedAt: null,
      readyAt: null,
    }));
  }

  start(): void {
    this.faults.forEach((f, k) => this.engine.schedule(f.at, Priority.fault, this, k * 4 + FAIL));
  }

  handle(kind: number, now: number): void {
    const k = kind >> 2;
    const f = this.faults[k];
    const pod = this.pods[f.pod];
    const rec = this.records[k];
    switch (kind & 3) {
      case FAIL: {
        if (!this.hooks.isActive()) return; // nothing left to break: the run is over
        // Scaled down by the autoscaler (off, or finishing its last requests): the fault is skipped.
        if (pod.state === 'off' || pod.state === 'draining') return;
        this.latest[f.pod] = k;
        // Detected at once: the endpoint goes before the lost requests are retried elsewhere.
        if (f.detectAfter === 0) this.detect(pod, rec, now);
        rec.requestsLost = this.hooks.fail(pod, now);
        if (f.detectAfter > 0) this.engine.schedule(now + f.detectAfter, Priority.fault, this, k * 4 + DETECT);
        if (f.recoverAfter !== undefined) {
          this.engine.schedule(now + Math.max(f.detectAfter, f.recoverAfter), Priority.fault, this, k * 4 + RESTART);
        }
        return;
      }
      case DETECT:
        if (pod.state !== 'ready') this.detect(pod, rec, now);
        return;
      case RESTART:
        if (this.latest[f.pod] !== k) return; // a later fault restarted the clock
        pod.restart(now);
        this.engine.schedule(now + pod.startupSeconds, Priority.fault, this, k * 4 + READY);
        return;
      case READY:
        if (this.latest[f.pod] !== k || pod.state !== 'starting') return;
        pod.ready(now);
        rec.readyAt = now;
        this.hooks.setListed(pod, true, now);
        return;
    }
  }

  private detect(pod: EnginePod, rec: FaultRecord, now: number): void {
    rec.detectedAt = now;
    this.hooks.setListed(pod, false, now);
  }
}
