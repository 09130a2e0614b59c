import type { Actor } from './engine.js';
import type { MetricsRecorder } from './metrics/recorder.js';
import type { EnginePod } from './pod.js';
import { EngineRequest } from './request.js';
import type { RequestSpec } from './workload/types.js';

/**
 * The inference gateway: receives each arriving request and hands it to one engine pod.
 * This step routes round-robin over every pod, as a plain Kubernetes Service does; the EPP
 * scheduling cycle (filters, scorers, picker) replaces `pick` in a later step.
 * A request whose prompt plus output exceeds the chosen pod's maxModelLen is rejected, as
 * vLLM's OpenAI server does ("maximum context length").
 */
export class Gateway {
  private next = 0;

  constructor(
    readonly pods: readonly EnginePod[],
    private readonly recorder: MetricsRecorder,
  ) {
    if (pods.length === 0) throw new Error('a gateway needs at least one pod');
  }

  private pick(): EnginePod {
    const pod = this.pods[this.next];
    this.next = (this.next + 1) % this.pods.length;
    return pod;
  }

  route(spec: RequestSpec, now: number): void {
    this.recorder.onArrival();
    const pod = this.pick();
    if (spec.promptTokens.length + spec.maxTokens > pod.config.maxModelLen) {
      this.recorder.onReject();
      return;
    }
    const req = new EngineRequest(spec.id, spec.arrivalTime, spec.promptTokens, spec.maxTokens, spec.id, now);
    pod.enqueue(req, now);
  }
}

/** Pulls requests from the workload one at a time, so memory holds only the next arrival. */
export class ArrivalFeeder implements Actor {
  private pending: RequestSpec | undefined;

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
