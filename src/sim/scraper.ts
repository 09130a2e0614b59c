import { Priority, type Actor, type Engine } from './engine.js';
import type { EnginePod } from './pod.js';

/** One pod's metrics as the gateway last scraped them (vLLM names in comments). */
export interface ScrapedMetrics {
  /** vllm:num_requests_waiting */
  waitingQueueSize: number;
  /** vllm:num_requests_running */
  runningRequestsSize: number;
  /** vllm:kv_cache_usage_perc, a fraction 0–1 */
  kvCacheUsagePercent: number;
  /** Simulated time of the scrape. */
  updateTime: number;
  /** vllm:cache_config_info{block_size, num_gpu_blocks}: static, known from the first scrape. */
  cacheBlockSize: number;
  cacheNumBlocks: number;
}

/**
 * Polls every pod's gauges each `interval` seconds, as the EPP's metrics data source does
 * (--refresh-metrics-interval, 50 ms by default), so policies act on stale values exactly as in
 * production. Stops rescheduling itself once the run has nothing left to do.
 */
export class MetricsScraper implements Actor {
  readonly metrics: ScrapedMetrics[];

  constructor(
    private readonly engine: Engine,
    private readonly pods: readonly EnginePod[],
    readonly interval: number,
    private readonly isActive: () => boolean,
    private readonly onScrape?: (now: number) => void,
  ) {
    this.metrics = pods.map((p) => ({
      waitingQueueSize: 0,
      runningRequestsSize: 0,
      kvCacheUsagePercent: 0,
      updateTime: 0,
      cacheBlockSize: p.config.blockSize,
      cacheNumBlocks: p.config.numGpuBlocks,
    }));
  }

  start(): void {
    this.handle(0, this.engine.now);
  }

  handle(_kind: number, now: number): void {
    for (let i = 0; i < this.pods.length; i++) {
      const pod = this.pods[i];
      if (pod.state !== 'ready') continue; // the scrape fails: the last figures go stale
      const m = this.metrics[i];
      m.waitingQueueSize = pod.scheduler.waiting.length;
      m.runningRequestsSize = pod.scheduler.running.length;
      m.kvCacheUsagePercent = pod.kv.usage;
      m.updateTime = now;
    }
    this.onScrape?.(now);
    if (this.isActive()) this.engine.schedule(now + this.interval, Priority.sample, this, 0);
  }
}
