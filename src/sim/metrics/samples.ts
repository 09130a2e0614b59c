/** A growable list of float samples (one per completed request), without boxing. */
export class SampleBuffer {
  private data = new Float64Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }

  /** Sample `i`, in push order. */
  get(i: number): number {
    return this.data[i];
  }

  /** A sorted copy of the samples. */
  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

/**
 * Quantile q ∈ [0, 1] of ascending `sorted` by linear interpolation between closest ranks
 * (the definition numpy and mathjs `quantileSeq` use by default). We compute it here rather than
 * through mathjs because importing mathjs costs ~0.7 s of CLI start-up for five lines of arithmetic;
 * the unit test checks equality with mathjs.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export interface Distribution {
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
}

export function distributionOf(buf: SampleBuffer): Distribution {
  const s = buf.sorted();
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += s[i];
  return {
    mean: s.length ? sum / s.length : 0,
    p50: quantileSorted(s, 0.5),
    p90: quantileSorted(s, 0.9),
    p95: quantileSorted(s, 0.95),
    p99: quantileSorted(s, 0.99),
  };
}
