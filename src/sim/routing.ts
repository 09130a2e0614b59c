import type { RequestSpec } from './workload/types.js';

/**
 * What the gateway asks of a routing policy: an endpoint (pod index) for each arriving request,
 * or -1 when none is left (the request is rejected, as the EPP's "no endpoints available"), and
 * a call when a routed request finishes (response-complete hooks: in-flight and token-load
 * accounting). The EPP adapter (epp-router.ts) and the plain round robin both implement it.
 */
/** `route` result: the policy holds the request (flow control) and dispatches it later. */
export const QUEUED = -2;

export interface RoutingPolicy {
  /** A pod index, -1 to reject, or QUEUED (then the policy calls its context's `dispatch` later). */
  route(req: RequestSpec, now: number): number;
  /** Requests held by the policy (flow-control queues), not yet at any pod. */
  readonly numQueued?: number;
  /** Fresh metrics arrived (after each scrape): a chance to release held requests. */
  onScrape?(now: number): void;
  onComplete(requestId: number, podIndex: number, now: number): void;
  /** The request's first token came back (streaming response start). */
  onFirstToken?(requestId: number, podIndex: number, now: number): void;
  /** Seconds between metric scrapes the policy reads; 0 when it reads none. */
  readonly scrapeInterval: number;
  /**
   * P/D: the prefill pod of the decision just returned by `route` (or just passed to the
   * context's `dispatch`), −1 when the request is not disaggregated.
   */
  readonly lastPrefillPod?: number;
}

/** A Kubernetes Service's round robin over every pod: the baseline, with no view of the pods. */
export class RoundRobinPolicy implements RoutingPolicy {
  private next = 0;
  readonly scrapeInterval = 0;

  constructor(private readonly numPods: number) {}

  route(): number {
    const pod = this.next;
    this.next = (this.next + 1) % this.numPods;
    return pod;
  }

  onComplete(): void {}
}
