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
  /**
   * The pod left (false) or rejoined (true) the endpoint list: a pod that is not Ready is not an
   * endpoint, as GIE's pod reconciler deletes it from the datastore and a Service's EndpointSlice
   * drops it. A policy without this hook keeps routing to it, and the requests it sends there are
   * refused (then retried or failed by the gateway).
   */
  setListed?(podIndex: number, listed: boolean): void;
}

/** A Kubernetes Service's round robin over every pod: the baseline, with no view of the pods. */
export class RoundRobinPolicy implements RoutingPolicy {
  private next = 0;
  readonly scrapeInterval = 0;
  private readonly listed: boolean[];
  private numUnlisted = 0;

  constructor(private readonly numPods: number) {
    this.listed = new Array<boolean>(numPods).fill(true);
  }

  /** The next listed pod in turn; -1 when none is listed. */
  route(): number {
    for (let tries = 0; tries < this.numPods; tries++) {
      const pod = this.next;
      this.next = (this.next + 1) % this.numPods;
      if (this.numUnlisted === 0 || this.listed[pod]) return pod;
    }
    return -1;
  }

  setListed(podIndex: number, listed: boolean): void {
    if (this.listed[podIndex] === listed) return;
    this.listed[podIndex] = listed;
    this.numUnlisted += listed ? -1 : 1;
  }

  onComplete(): void {}
}
