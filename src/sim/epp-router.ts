import type { Endpoint, EndpointMetrics, KvEvent, LLMRequest, SchedulingResult } from '../policies/types.js';
import type { KvEventFeed } from './kv-event-feed.js';
import { QUEUED, type RoutingPolicy } from './routing.js';
import { PREFILLER_HEADER } from '../policies/plugins/disagg-profile-handler.js';
import { SESSION_ID_HEADER, SESSION_RESPONSE_HEADER_ATTRIBUTE } from '../policies/plugins/session-affinity.js';
import { ROLE_LABEL } from '../policies/plugins/roles.js';
import type { RouterContext } from './simulation.js';
import type { RequestSpec, SessionClient } from './workload/types.js';

/** Flow control's view of the pool: the saturation detector (≥ 1 = saturated). */
export interface SaturationDetector {
  saturation(endpoints: readonly Endpoint[]): number;
}

/** The EPP scheduler as the gateway drives it (src/policies/cycle.ts). */
export interface EppScheduler {
  schedule(request: LLMRequest, endpoints: readonly Endpoint[]): SchedulingResult | { error: string };
  onKvEvent?(event: KvEvent): void;
  onResponseStart?(request: LLMRequest, endpointName: string): void;
  onResponseComplete(request: LLMRequest, endpointName: string): void;
}

/**
 * Routes through the llm-d EPP scheduling cycle. Each pod is an Endpoint whose metrics object is
 * the scraper's own (stale between scrapes, as in production); each arriving request becomes an
 * LLMRequest carrying its token ids, kept until it completes so response hooks (in-flight and
 * token-load accounting) see the same request. Memory is bounded by requests in flight.
 */
export class EppRoutingPolicy implements RoutingPolicy {
  private readonly endpoints: Endpoint[];
  /** The endpoints the EPP's datastore holds: every pod but those not Ready (the same array while all are). */
  private listed: Endpoint[];
  private readonly isListed: boolean[];
  private readonly indexByName = new Map<string, number>();
  private readonly inFlight = new Map<number, LLMRequest>();
  private readonly names: string[];
  private readonly dispatch: (req: RequestSpec, podIndex: number) => void;
  private readonly kvSink: (e: KvEvent) => void;
  private readonly held: RequestSpec[] = [];
  private heldHead = 0;
  /** P/D: the prefill pod of the last decision (the disagg handler's x-prefiller-host-port). */
  lastPrefillPod = -1;

  constructor(
    ctx: RouterContext,
    private readonly scheduler: EppScheduler,
    readonly scrapeInterval: number,
    private readonly model: string,
    /** Set when the config has a KV-event consumer (the precise prefix index). */
    private readonly kvEvents?: KvEventFeed,
    /**
     * Set with `featureGates: [flowControl]`: requests wait at the gateway, FCFS, while the pool is
     * saturated, and are released as fresh metrics show room (llm-d's flow controller with its
     * default FCFS ordering and static usage limit; one priority band, as every simulated request
     * has priority 0).
     */
    private readonly flowControl?: SaturationDetector,
  ) {
    this.dispatch = ctx.dispatch;
    this.kvSink = (e) => this.scheduler.onKvEvent?.(e);
    this.names = ctx.pods.map((p) => p.name);
    this.endpoints = ctx.pods.map((pod, i) => {
      this.indexByName.set(pod.name, i);
      return {
        name: pod.name,
        labels: { ...pod.labels, [ROLE_LABEL]: pod.role },
        metrics: (ctx.scraped[i] ?? { waitingQueueSize: 0, runningRequestsSize: 0, kvCacheUsagePercent: 0, updateTime: 0 }) as EndpointMetrics,
        attributes: new Map<string, unknown>(),
      };
    });
    this.listed = this.endpoints;
    this.isListed = this.endpoints.map(() => true);
  }

  setListed(podIndex: number, listed: boolean): void {
    if (this.isListed[podIndex] === listed) return;
    this.isListed[podIndex] = listed;
    this.listed = this.isListed.every(Boolean) ? this.endpoints : this.endpoints.filter((_, i) => this.isListed[i]);
  }

  get numQueued(): number {
    return this.held.length - this.heldHead;
  }

  route(spec: RequestSpec): number {
    // With no endpoint listed (every pod down) flow control has nothing to wait for: "no endpoints
    // available" at once, rather than a queue no scrape will ever drain.
    if (this.flowControl && this.listed.length > 0 && (this.numQueued > 0 || this.saturated())) {
      this.held.push(spec);
      return QUEUED;
    }
    return this.pickCounted(spec);
  }

  /**
   * Under flow control, a dispatched request counts in its endpoint's waiting queue until the next
   * scrape replaces the figure: the controller's own accounting of what it released since, so one
   * release does not pour the whole backlog into the pod the last scrape showed emptiest.
   * (Deliberate: llm-d's flow controller reads the detector only; with 50 ms scrapes and a
   * saturation-gated release the difference is that accounting.)
   */
  private pickCounted(spec: RequestSpec): number {
    const index = this.pick(spec);
    if (this.flowControl && index >= 0) this.endpoints[index].metrics.waitingQueueSize += 1;
    return index;
  }

  /** Releases held requests, oldest first, while the pool is not saturated. */
  onScrape(): void {
    while (this.numQueued > 0 && (this.listed.length === 0 || !this.saturated())) {
      const spec = this.held[this.heldHead];
      this.held[this.heldHead++] = undefined as never;
      if (this.heldHead === this.held.length) {
        this.held.length = 0;
        this.heldHead = 0;
      }
      this.dispatch(spec, this.pickCounted(spec));
    }
  }

  private saturated(): boolean {
    return this.flowControl !== undefined && this.flowControl.saturation(this.listed) >= 1;
  }

  /** One EPP scheduling cycle: a pod index, or -1 when no endpoint is left. */
  private pick(spec: RequestSpec): number {
    const request: LLMRequest = {
      id: String(spec.id),
      model: spec.adapter ?? this.model, // a tenant class's LoRA adapter is the target model
      promptTokens: spec.promptTokens,
      maxTokens: spec.maxTokens,
      headers: {},
      priority: spec.priority ?? 0,
      streaming: true,
      attributes: new Map(),
    };
    for (const e of this.endpoints) e.attributes.clear(); // producers write per-request data
    if (this.kvEvents) this.kvEvents.flush(this.names, this.kvSink);
    this.lastPrefillPod = -1;
    const client = spec.session;
    if (client) {
      // A chat client that uses llm-d's session affinity: its id on every turn, and the token the
      // gateway returned last time echoed back.
      request.headers[SESSION_ID_HEADER] = client.id;
      if (client.echo) request.headers[client.echo.header] = client.echo.value;
    }
    const result = this.scheduler.schedule(request, this.listed);
    if ('error' in result) return -1;
    if (client) {
      const echo = request.attributes.get(SESSION_RESPONSE_HEADER_ATTRIBUTE) as SessionClient['echo'];
      if (echo) client.echo = echo;
    }
    const target = result.profileResults.get(result.primaryProfileName)?.targetEndpoints[0];
    const index = target ? (this.indexByName.get(target.name) ?? -1) : -1;
    if (index >= 0) this.inFlight.set(spec.id, request);
    // The decode pod's sidecar reads the prefill pick from the header the disagg handler wrote.
    const prefiller = request.headers[PREFILLER_HEADER];
    if (index >= 0 && prefiller !== undefined) this.lastPrefillPod = this.indexByName.get(prefiller) ?? -1;
    return index;
  }

  onFirstToken(requestId: number, podIndex: number): void {
    const request = this.inFlight.get(requestId);
    if (request) this.scheduler.onResponseStart?.(request, this.endpoints[podIndex].name);
  }

  onComplete(requestId: number, podIndex: number): void {
    const request = this.inFlight.get(requestId);
    if (!request) return;
    this.inFlight.delete(requestId);
    this.scheduler.onResponseComplete(request, this.endpoints[podIndex].name);
  }
}
