import type { ColdStartQueue } from './cold-start-queue.js';
import type { Actor } from './engine.js';
import type { MetricsRecorder } from './metrics/recorder.js';
import type { EnginePod } from './pod.js';
import { QUEUED, type RoutingPolicy } from './routing.js';
import { EngineRequest } from './request.js';
import type { RequestSource, RequestSpec } from './workload/types.js';

/**
 * What the gateway does with a request lost to a pod failure (Envoy's retry policy on the route):
 * re-route it, at most `maxRetries` times, or fail it. Off by default, as a Gateway API HTTPRoute
 * without a retry stanza does not retry.
 */
export interface RetryPolicy {
  retryOnFailure: boolean;
  maxRetries: number;
}

const NO_RETRY: RetryPolicy = { retryOnFailure: false, maxRetries: 0 };

/**
 * The inference gateway: receives each arriving request and hands it to the pod its routing
 * policy picks (the EPP scheduling cycle, or a Service's round robin). A request whose prompt plus
 * output exceeds the chosen pod's maxModelLen is rejected, as vLLM's OpenAI server does
 * ("maximum context length"); so is one the policy finds no endpoint for.
 *
 * A request lost to a pod failure (its group died, or it was sent to a pod that is down but not
 * yet out of the endpoint list) is retried, as Envoy retries a reset or refused upstream, or
 * fails. Only a request whose response has not started can be retried: a streamed token cannot be
 * taken back, so a request that has produced tokens fails. Every request ends exactly once:
 * completed, rejected or failed.
 */
export class Gateway implements Actor {
  /** Routed requests on their way to a pod, in order (the latency is constant, so FIFO). */
  private readonly inTransit: { req: EngineRequest; pod: EnginePod }[] = [];
  private transitHead = 0;
  /** P/D: the user's request behind each prefill request in flight, by request id. */
  private readonly awaitingPrefill = new Map<number, { spec: RequestSpec; decodePod: EnginePod }>();
  /** Retries so far of requests that have been retried at least once, by request id. */
  private readonly retries = new Map<number, number>();
  /** Seconds from arrival at which the client abandons a request (workload.requestTimeout). */
  requestTimeout = Infinity;
  /** Which pods are in the policy's endpoint list (a pod leaves it when it is not Ready). */
  private readonly listed: boolean[];
  private numListed: number;
  /** Scale from zero: where requests wait while no pod is listed (absent: the policy rejects them). */
  coldStart: ColdStartQueue | undefined;

  constructor(
    readonly pods: readonly EnginePod[],
    private readonly recorder: MetricsRecorder,
    private readonly policy: RoutingPolicy,
    /** Seconds from arrival to the pod's queue: the EPP's scheduling and proxy hop. */
    private readonly schedulingLatency = 0,
    private readonly schedule?: (time: number, actor: Actor) => void,
    /** Told of each rejected or failed request (a chat session ends there). */
    private readonly onRejected?: (spec: RequestSpec) => void,
    private readonly retry: RetryPolicy = NO_RETRY,
  ) {
    if (pods.length === 0) throw new Error('a gateway needs at least one pod');
    if (schedulingLatency > 0 && !schedule) throw new Error('a scheduling latency needs the event engine');
    this.listed = pods.map(() => true);
    this.numListed = pods.length;
  }

  /** The pod leaves (a failure was detected) or rejoins (its group is ready) the endpoint list. */
  setListed(pod: EnginePod, listed: boolean): void {
    if (this.listed[pod.index] !== listed) this.numListed += listed ? 1 : -1;
    this.listed[pod.index] = listed;
    this.policy.setListed?.(pod.index, listed);
  }

  /** A routed request reaches its pod. */
  handle(_kind: number, now: number): void {
    const next = this.inTransit[this.transitHead];
    this.inTransit[this.transitHead++] = undefined as never;
    if (this.transitHead === this.inTransit.length) {
      this.inTransit.length = 0;
      this.transitHead = 0;
    }
    if (next.pod.state !== 'ready') this.onDropped(next.req, next.pod, now);
    else next.pod.enqueue(next.req, now);
  }

  /** Requests between the gateway and their pod (the scheduling latency). */
  get numInTransit(): number {
    return this.inTransit.length - this.transitHead;
  }

  route(spec: RequestSpec, now: number): void {
    this.recorder.onArrival(spec);
    this.attempt(spec, now);
  }

  /** Routes a request that arrived earlier (a retry, or one released by the cold-start queue). */
  attempt(spec: RequestSpec, now: number): void {
    if (this.coldStart && this.numListed === 0) return this.coldStart.park(spec, now);
    const index = this.policy.route(spec, now);
    if (index === QUEUED) return; // held by flow control; dispatched later
    this.dispatch(spec, index, now);
  }

  /**
   * Sends a routed request to pod `index` (-1: no endpoint, rejected). With a prefill pod (P/D),
   * the decode pod's sidecar first sends the prompt to the prefill pod with max_tokens 1; the
   * decode request follows when that finishes (onPrefillDone).
   */
  dispatch(spec: RequestSpec, index: number, now: number): void {
    const deadline = spec.arrivalTime + this.requestTimeout;
    if (deadline <= now) {
      // Held by flow control past the client's timeout: it gave up before reaching a pod.
      if (index >= 0) this.policy.onComplete(spec.id, index, now);
      this.timedOut(spec, now);
      return;
    }
    const pod = index >= 0 ? this.pods[index] : undefined;
    const prefillIndex = this.policy.lastPrefillPod ?? -1;
    const prefill = prefillIndex >= 0 && prefillIndex !== index ? this.pods[prefillIndex] : undefined;
    const tooLong = (p: EnginePod) => spec.promptTokens.length + spec.maxTokens > p.config.maxModelLen;
    if (!pod || tooLong(pod) || (prefill && tooLong(prefill))) {
      if (pod) this.policy.onComplete(spec.id, index, now);
      if (this.retries.size > 0 && this.retries.delete(spec.id)) this.recorder.onFail(spec, now); // a retry with nowhere to go
      else this.recorder.onReject(spec);
      this.onRejected?.(spec);
      return;
    }
    const at = now + this.schedulingLatency;
    let req: EngineRequest;
    let target = pod;
    if (prefill) {
      req = new EngineRequest(spec.id, spec.arrivalTime, spec.promptTokens, 1, spec.id, at);
      req.pd = 'prefill';
      req.decodePod = index;
      this.awaitingPrefill.set(spec.id, { spec, decodePod: pod });
      target = prefill;
    } else {
      req = new EngineRequest(spec.id, spec.arrivalTime, spec.promptTokens, spec.maxTokens, spec.id, at);
    }
    if (spec.classIndex !== undefined) req.classIndex = spec.classIndex;
    req.spec = spec;
    req.deadline = deadline;
    if (this.schedulingLatency > 0) {
      this.inTransit.push({ req, pod: target });
      this.schedule!(at, this);
    } else if (target.state !== 'ready') {
      this.onDropped(req, target, now); // still listed, but down: the connection is refused
    } else {
      target.enqueue(req, now);
    }
  }

  /**
   * A request lost on `pod` (its group failed, or it was down when the request got there). The
   * policy's response-complete hooks close the attempt (in-flight accounting); then the request is
   * retried or fails. A P/D prefill request stands for its user's request, whose decode pod the
   * hooks were opened on.
   */
  onDropped(req: EngineRequest, pod: EnginePod, now: number): void {
    const spec = req.spec;
    if (!spec) throw new Error(`request ${req.id} was not routed by this gateway`);
    let endpoint = pod.index;
    if (req.pd === 'prefill') {
      const entry = this.awaitingPrefill.get(req.id);
      if (!entry) throw new Error(`prefill request ${req.id} has no decode request waiting`);
      this.awaitingPrefill.delete(req.id);
      endpoint = entry.decodePod.index;
    }
    this.policy.onComplete(req.id, endpoint, now);
    this.retryOrFail(spec, req.firstTokenTime >= 0, pod.index, now);
  }

  /**
   * A retry is a new scheduling cycle without the endpoint that just failed (Envoy's
   * previous_hosts retry predicate; the EPP's fallback endpoints serve the same end): a dead pod
   * still listed shows its last, stale metrics and would often win the pick again.
   */
  private retryOrFail(spec: RequestSpec, responseStarted: boolean, failedPod: number, now: number): void {
    const n = this.retries.get(spec.id) ?? 0;
    if (this.retry.retryOnFailure && !responseStarted && n < this.retry.maxRetries) {
      this.retries.set(spec.id, n + 1);
      this.recorder.onRetry();
      const exclude = this.listed[failedPod];
      if (exclude) this.policy.setListed?.(failedPod, false);
      this.attempt(spec, now);
      if (exclude) this.policy.setListed?.(failedPod, true);
      return;
    }
    this.retries.delete(spec.id);
    this.recorder.onFail(spec, now);
    this.onRejected?.(spec); // a chat session ends with its failed turn, as with a rejected one
  }

  /**
   * P/D: the prefill request finished on `pod` (its blocks held there); the decode pod gets the
   * request with the transfer parameters and will pull the KV it lacks.
   */
  onPrefillDone(prefillReq: EngineRequest, pod: EnginePod, now: number): void {
    const entry = this.awaitingPrefill.get(prefillReq.id);
    if (!entry) throw new Error(`prefill request ${prefillReq.id} has no decode request waiting`);
    this.awaitingPrefill.delete(prefillReq.id);
    const { spec, decodePod } = entry;
    // A draining decode pod is off the endpoint list but its sidecar still serves the requests it
    // holds (Kubernetes keeps a terminating pod's open connections until its grace period ends).
    if (decodePod.state !== 'ready' && decodePod.state !== 'draining') {
      // The decode pod (and its sidecar, which sent this prefill) died meanwhile: nobody will pull
      // the KV, so the prefill pod lets it go and the user's request is retried or fails.
      pod.releaseHeld(prefillReq, now);
      this.policy.onComplete(spec.id, decodePod.index, now);
      this.retryOrFail(spec, false, decodePod.index, now);
      return;
    }
    const req = new EngineRequest(spec.id, spec.arrivalTime, spec.promptTokens, spec.maxTokens, spec.id, now);
    req.spec = spec;
    req.pd = 'decode';
    req.deadline = prefillReq.deadline;
    req.spec = spec;
    if (spec.classIndex !== undefined) req.classIndex = spec.classIndex;
    req.remote = { podIndex: pod.index, request: prefillReq, loadedTokens: spec.promptTokens.length - 1, ready: false };
    // The prompt was computed on the prefill pod: its prefix hits are the request's.
    req.numCachedPromptTokens = prefillReq.numCachedPromptTokens;
    decodePod.enqueue(req, now);
  }

  /**
   * A request passed its deadline on `pod` and was aborted there (inference-perf's request_timeout:
   * the client closes the stream, vLLM aborts the request and frees its KV). It counts as failed.
   */
  onAborted(req: EngineRequest, pod: EnginePod, now: number): void {
    const spec = req.spec ?? this.awaitingPrefill.get(req.id)?.spec;
    // A decode request aborted before it began pulling: its prefill pod lets the held KV go.
    const remote = req.remote;
    if (remote && remote.podIndex >= 0 && remote.request) {
      req.remote = undefined;
      this.pods[remote.podIndex].releaseHeld(remote.request, now);
    }
    if (req.pd === 'prefill') {
      this.awaitingPrefill.delete(req.id);
      this.policy.onComplete(req.id, req.decodePod, now);
    } else {
      this.policy.onComplete(req.id, pod.index, now);
    }
    if (this.retries.size > 0) this.retries.delete(req.id);
    this.timedOut(spec ?? { id: req.id, arrivalTime: req.arrivalTime }, now);
  }

  /** A request waiting at the gateway (cold start) passed its client's timeout. */
  giveUp(spec: RequestSpec, now: number): void {
    if (this.retries.size > 0) this.retries.delete(spec.id);
    this.timedOut(spec, now);
  }

  private timedOut(spec: Pick<RequestSpec, 'id' | 'arrivalTime'> & Partial<RequestSpec>, now: number): void {
    this.recorder.onTimeout(spec, now);
    if (spec.promptTokens) this.onRejected?.(spec as RequestSpec);
  }

  /** P/D: user requests between their prefill and decode pods. */
  get numAwaitingPrefill(): number {
    return this.awaitingPrefill.size;
  }

  /** P/D: of those, the ones whose decode pod is `podIndex` (a draining decode pod waits for them). */
  numAwaitingPrefillFor(podIndex: number): number {
    let n = 0;
    for (const e of this.awaitingPrefill.values()) if (e.decodePod.index === podIndex) n++;
    return n;
  }

  /** A routed request's first token: the policy's response-start hooks. */
  onFirstToken(req: EngineRequest, pod: EnginePod, now: number): void {
    this.policy.onFirstToken?.(req.id, pod.index, now);
  }

  /** A routed request finished on `pod`: the policy's response-complete hooks. */
  onFinish(req: EngineRequest, pod: EnginePod, now: number): void {
    if (this.retries.size > 0) this.retries.delete(req.id);
    this.policy.onComplete(req.id, pod.index, now);
  }
}

/**
 * Pulls requests from the workload one at a time, so memory holds only the next arrival. A
 * source of drained stages pauses between stages: once every request routed so far has ended
 * (onEnded), the feeder tells it (onDrained) and pulls the next stage's first request.
 */
export class ArrivalFeeder implements Actor {
  private pending: RequestSpec | undefined;
  private numRouted = 0;
  private numEnded = 0;

  /** True while arrivals remain. */
  get hasPending(): boolean {
    return this.pending !== undefined;
  }

  constructor(
    private readonly source: Pick<RequestSource, 'next' | 'waitingForDrain' | 'onDrained'>,
    private readonly gateway: Pick<Gateway, 'route'>,
    private readonly schedule: (time: number, actor: Actor) => void,
  ) {}

  start(): void {
    this.advance(0);
  }

  handle(_kind: number, now: number): void {
    const spec = this.pending!;
    this.numRouted++; // before routing: a request can end (be rejected) inside route()
    this.gateway.route(spec, now);
    this.advance(now);
  }

  /** A request from this feeder ended: completed, rejected, failed or timed out. */
  onEnded(now: number): void {
    this.numEnded++;
    this.releaseIfDrained(now);
  }

  private advance(now: number): void {
    this.pending = this.source.next();
    if (this.pending) this.schedule(this.pending.arrivalTime, this);
    else this.releaseIfDrained(now);
  }

  private releaseIfDrained(now: number): void {
    if (this.pending || !this.source.waitingForDrain || this.numEnded < this.numRouted) return;
    this.source.onDrained!(now);
    this.advance(now);
  }
}
