import { Priority, type Actor, type Engine } from './engine.js';
import type { RequestSpec } from './workload/types.js';

/**
 * Scale from zero: requests that reach the gateway while no replica is up wait here until one
 * passes its readiness probe, or until their client's timeout (workload.requestTimeout). The
 * first one wakes the autoscaler. After WVA's scale-from-zero engine
 * (llm-d-workload-variant-autoscaler docs/user-guide/scale-from-zero.md): the requests wait in
 * the EPP's flow-control queue, and WVA, seeing `inference_extension_flow_control_queue_size`
 * above zero for a variant at zero replicas, scales it from 0 to 1. Deliberate difference: WVA
 * polls that metric every 100 ms; here the first waiting request wakes it at once.
 */
export class ColdStartQueue implements Actor {
  /** Waiting requests in arrival order; their deadlines (arrival + a fixed timeout) are in order too. */
  private readonly waiting: { spec: RequestSpec; since: number }[] = [];
  private head = 0;
  /** Requests that waited (released or timed out) and the seconds they waited. */
  numWaited = 0;
  waitSeconds = 0;
  maxWaitSeconds = 0;

  constructor(
    private readonly engine: Engine,
    private readonly hooks: {
      /** A request waits and nothing is starting: start a replica. */
      wake(now: number): void;
      /** Route a released request as if it just arrived. */
      route(spec: RequestSpec, now: number): void;
      /** A waiting request's client gave up. */
      timedOut(spec: RequestSpec, now: number): void;
      /** Seconds a client waits (Infinity: no timeout). */
      requestTimeout(): number;
    },
  ) {}

  get size(): number {
    return this.waiting.length - this.head;
  }

  park(spec: RequestSpec, now: number): void {
    this.waiting.push({ spec, since: now });
    const deadline = spec.arrivalTime + this.hooks.requestTimeout();
    if (deadline < Infinity) this.engine.schedule(Math.max(now, deadline), Priority.route, this, 0);
    this.hooks.wake(now);
  }

  /** A replica is ready: everything waiting is routed, oldest first. */
  release(now: number): void {
    while (this.size > 0) {
      const { spec, since } = this.waiting[this.head++];
      this.account(now - since);
      this.hooks.route(spec, now);
    }
    this.compact();
  }

  /** A deadline passed: the requests at the head whose clients gave up leave. */
  handle(_kind: number, now: number): void {
    const timeout = this.hooks.requestTimeout();
    while (this.size > 0 && this.waiting[this.head].spec.arrivalTime + timeout <= now) {
      const { spec, since } = this.waiting[this.head++];
      this.account(now - since);
      this.hooks.timedOut(spec, now);
    }
    this.compact();
  }

  private account(wait: number): void {
    this.numWaited++;
    this.waitSeconds += wait;
    if (wait > this.maxWaitSeconds) this.maxWaitSeconds = wait;
  }

  private compact(): void {
    if (this.head > 0 && this.head === this.waiting.length) this.waiting.length = this.head = 0;
  }
}
