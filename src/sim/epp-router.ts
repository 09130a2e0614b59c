import type { Endpoint, EndpointMetrics, KvEvent, LLMRequest, SchedulingResult } from '../policies/types.js';
import type { KvEventFeed } from './kv-event-feed.js';
import type { RoutingPolicy } from './routing.js';
import type { RouterContext } from './simulation.js';
import type { RequestSpec } from './workload/types.js';

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
  private readonly indexByName = new Map<string, number>();
  private readonly inFlight = new Map<number, LLMRequest>();
  private readonly names: string[];

  constructor(
    ctx: RouterContext,
    private readonly scheduler: EppScheduler,
    readonly scrapeInterval: number,
    private readonly model: string,
    /** Set when the config has a KV-event consumer (the precise prefix index). */
    private readonly kvEvents?: KvEventFeed,
  ) {
    this.names = ctx.pods.map((p) => p.name);
    this.endpoints = ctx.pods.map((pod, i) => {
      this.indexByName.set(pod.name, i);
      return {
        name: pod.name,
        labels: { 'llm-d.ai/role': 'both' },
        metrics: (ctx.scraped[i] ?? { waitingQueueSize: 0, runningRequestsSize: 0, kvCacheUsagePercent: 0, updateTime: 0 }) as EndpointMetrics,
        attributes: new Map<string, unknown>(),
      };
    });
  }

  route(spec: RequestSpec): number {
    const request: LLMRequest = {
      id: String(spec.id),
      model: this.model,
      promptTokens: spec.promptTokens,
      maxTokens: spec.maxTokens,
      headers: {},
      priority: 0,
      streaming: true,
      attributes: new Map(),
    };
    for (const e of this.endpoints) e.attributes.clear(); // producers write per-request data
    if (this.kvEvents && this.scheduler.onKvEvent) {
      const sink = this.scheduler.onKvEvent.bind(this.scheduler);
      this.kvEvents.flush(this.names, sink);
    }
    const result = this.scheduler.schedule(request, this.endpoints);
    if ('error' in result) return -1;
    const target = result.profileResults.get(result.primaryProfileName)?.targetEndpoints[0];
    const index = target ? (this.indexByName.get(target.name) ?? -1) : -1;
    if (index >= 0) this.inFlight.set(spec.id, request);
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
