import type { Distribution } from './samples.js';

/**
 * A weighted log-bucket histogram for quantities observed per token (inter-token latency), where
 * one sample per token would make memory grow with tokens generated. Buckets are 0.1 % wide in
 * relative terms from 1 µs to ~10^4 s, so a reported percentile is within 0.1 % of the exact one;
 * count, sum and so the mean are exact.
 */
const MIN_VALUE = 1e-6;
const GROWTH = 1.001;
const LOG_GROWTH = Math.log(GROWTH);
const NUM_BUCKETS = Math.ceil(Math.log(1e4 / MIN_VALUE) / LOG_GROWTH) + 1;

export class LogHistogram {
  private readonly counts = new Float64Array(NUM_BUCKETS);
  count = 0;
  sum = 0;

  add(value: number, weight = 1): void {
    let b = value <= MIN_VALUE ? 0 : Math.floor(Math.log(value / MIN_VALUE) / LOG_GROWTH) + 1;
    if (b >= NUM_BUCKETS) b = NUM_BUCKETS - 1;
    this.counts[b] += weight;
    this.count += weight;
    this.sum += value * weight;
  }

  /** Representative value of bucket b: its geometric midpoint. */
  private valueOf(b: number): number {
    return b === 0 ? MIN_VALUE : MIN_VALUE * Math.pow(GROWTH, b - 0.5);
  }

  quantile(q: number): number {
    if (this.count === 0) return 0;
    const target = q * this.count;
    let acc = 0;
    for (let b = 0; b < NUM_BUCKETS; b++) {
      acc += this.counts[b];
      if (acc >= target && this.counts[b] > 0) return this.valueOf(b);
    }
    return this.valueOf(NUM_BUCKETS - 1);
  }

  distribution(): Distribution {
    return {
      mean: this.count ? this.sum / this.count : 0,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
    };
  }
}
