import { QUEUED, type RoutingPolicy } from './routing.js';
import type { RequestSpec } from './workload/types.js';

export interface HarnessBatcherSpec {
  /** Seconds between batches. */
  window: number;
  /** Most requests in one batch; a batch this full goes at once. */
  maxRequests: number;
}

/**
 * A benchmark client that batches arrivals before the engines see them, as AMD's MLPerf v4.1
 * Server harness does (closed/AMD/code/llama2-70b-99/VllmFp8/sync_sut.py `batch_samples_loop`,
 * `--enable-batcher`, batcher_threshold 0.3 s, gpu_batch_size 96): arrivals wait; every `window`
 * seconds, or as soon as `maxRequests` wait, the first `maxRequests` go together to one pod, the
 * next in turn (`next_device_id` per batch). Each engine thus receives a burst at a time, which a
 * V0 engine prefills in one step.
 *
 * Deliberate difference: the harness restarts its clock at each send; here batches leave on a fixed
 * period (the scrape clock). The two agree while arrivals never leave a window empty, as at
 * MLPerf Server rates; a full batch does not restart the period. The harness has no health
 * checks, so an unlisted pod still gets its turn (and refuses it, as a Service's would).
 */
export class HarnessBatcherPolicy implements RoutingPolicy {
  readonly scrapeInterval: number;
  private readonly batch: RequestSpec[] = [];
  private next = 0;

  constructor(
    private readonly numPods: number,
    private readonly spec: HarnessBatcherSpec,
    private readonly dispatch: (req: RequestSpec, podIndex: number) => void,
  ) {
    if (!(spec.window > 0) || !(spec.maxRequests >= 1)) throw new Error('harness batcher: window must be > 0 and maxRequests ≥ 1');
    this.scrapeInterval = spec.window;
  }

  get numQueued(): number {
    return this.batch.length;
  }

  route(req: RequestSpec): number {
    this.batch.push(req);
    if (this.batch.length >= this.spec.maxRequests) this.send();
    return QUEUED;
  }

  /** The window has passed: whatever waits goes. */
  onScrape(): void {
    if (this.batch.length > 0) this.send();
  }

  onComplete(): void {}

  private send(): void {
    const pod = this.next;
    this.next = (this.next + 1) % this.numPods;
    const n = Math.min(this.batch.length, this.spec.maxRequests);
    const sent = this.batch.splice(0, n);
    for (const req of sent) this.dispatch(req, pod);
  }
}
