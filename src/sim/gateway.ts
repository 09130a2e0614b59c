import type { Actor } from './engine.js';
import type { MetricsRecorder } from './metrics/recorder.js';
import type { EnginePod } from './pod.js';
import { QUEUED, type RoutingPolicy } from './routing.js';
import { EngineRequest } from './request.js';
import type { RequestSpec } from './workload/types.js';

/**
 * The inference gateway: receives each arriving request and hands it to the pod its routing
 * policy picks (the EPP scheduling cycle, or a Service's round robin). A request whose prompt plus
 * output exceeds the chosen pod's maxModelLen is rejected, as vLLM's OpenAI server does
 * ("maximum context length"); so is one the policy finds no endpoint for.
 */
export class Gateway implements Actor {
  /** Routed requests on their way to a pod, in order (the latency is constant, so FIFO). */
  private readonly inTransit: { req: EngineRequest; pod: EnginePod }[] = [];
  private transitHead = 0;
  /** P/D: the user's request behind each prefill request in flight, by request id. */
  private readonly awaitingPrefill = new Map<number, { spec: RequestSpec; decodePod: EnginePod }>();

  constructor(
    readonly pods: readonly EnginePod[],
    private readonly recorder: MetricsRecorder,
    private readonly policy: RoutingPolicy,
    /** Seconds from arrival to the pod's queue: the EPP's scheduling and proxy hop. */
    private readonly schedulingLatency = 0,
    private readonly schedule?: (time: number, actor: Actor) => void,
    /** Told of each rejected request (a chat session ends there). */
    private readonly onRejected?: (spec: RequestSpec) => void,
  ) {
    if (pods.length === 0) throw new Error('a gateway needs at least one pod');
    if (schedulingLatency > 0 && !schedule) throw new Error('a scheduling latency needs the event engine');
  }

  /** A routed request reaches its pod. */
  handle(_kind: number, now: number): void {
    const next = this.inTransit[this.transitHead];
    this.inTransit[this.transitHead++] = undefined as never;
    if (this.transitHead === this.inTransit.length) {
      this.inTransit.length = 0;
      this.transitHead = 0;
    }
    next.pod.enqueue(next.req, now);
  }

  route(spec: RequestSpec, now: number): void {
    this.recorder.onArrival(spec);
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
    const pod = index >= 0 ? this.pods[index] : undefined;
    const prefillIndex = this.policy.lastPrefillPod ?? -1;
    const prefill = prefillIndex >= 0 && prefillIndex !== index ? this.pods[prefillIndex] : undefined;
    const tooLong = (p: EnginePod) => spec.promptTokens.length + spec.maxTokens > p.config.maxModelLen;
    if (!pod || tooLong(pod) || (prefill && tooLong(prefill))) {
      if (pod) this.policy.onComplete(spec.id, index, now);
      this.recorder.onReject(spec);
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
    if (this.schedulingLatency > 0) {
      this.inTransit.push({ req, pod: target });
      this.schedule!(at, this);
    } else {
      target.enqueue(req, now);
    }
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
    const req = new EngineRequest(spec.id, spec.arrivalTime, spec.promptTokens, spec.maxTokens, spec.id, now);
    req.pd = 'decode';
    if (spec.classIndex !== undefined) req.classIndex = spec.classIndex;
    req.remote = { podIndex: pod.index, request: prefillReq, loadedTokens: spec.promptTokens.length - 1, ready: false };
    // The prompt was computed on the prefill pod: its prefix hits are the request's.
    req.numCachedPromptTokens = prefillReq.numCachedPromptTokens;
    decodePod.enqueue(req, now);
  }

  /** P/D: user requests between their prefill and decode pods. */
  get numAwaitingPrefill(): number {
    return this.awaitingPrefill.size;
  }

  /** A routed request's first token: the policy's response-start hooks. */
  onFirstToken(req: EngineRequest, pod: EnginePod, now: number): void {
    this.policy.onFirstToken?.(req.id, pod.index, now);
  }

  /** A routed request finished on `pod`: the policy's response-complete hooks. */
  onFinish(req: EngineRequest, pod: EnginePod, now: number): void {
    this.policy.onComplete(req.id, pod.index, now);
  }
}

/** Pulls requests from the workload one at a time, so memory holds only the next arrival. */
export class ArrivalFeeder implements Actor {
  private pending: RequestSpec | undefined;

  /** True while arrivals remain. */
  get hasPending(): boolean {
    return this.pending !== undefined;
  }

  constructor(
    private readonly source: { next(): RequestSpec | undefined },
    private readonly gateway: Gateway,
    private readonly schedule: (time: number, actor: Actor) => void,
  ) {}

  start(): void {
    this.advance();
  }

  handle(_kind: number, now: number): void {
    const spec = this.pending!;
    this.gateway.route(spec, now);
    this.advance();
  }

  private advance(): void {
    this.pending = this.source.next();
    if (this.pending) this.schedule(this.pending.arrivalTime, this);
  }
}
