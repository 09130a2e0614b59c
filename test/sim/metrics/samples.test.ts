import { quantileSeq } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { LogHistogram } from '../../../src/sim/metrics/histogram.js';
import { distributionOf, quantileSorted, SampleBuffer } from '../../../src/sim/metrics/samples.js';

describe('quantileSorted', () => {
  it('interpolates linearly between closest ranks: [1,2,3,4] p50 = 2.5, p90 = 3.7', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(quantileSorted([5], 0.99)).toBe(5);
    expect(quantileSorted([], 0.5)).toBe(0);
  });

  it('agrees with mathjs quantileSeq on random data', () => {
    const xs = Array.from({ length: 997 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453));
    const sorted = Float64Array.from(xs).sort();
    for (const q of [0.01, 0.5, 0.9, 0.95, 0.99]) {
      expect(quantileSorted(sorted, q)).toBeCloseTo(quantileSeq(xs, q) as number, 12);
    }
  });
});

describe('SampleBuffer and distributionOf', () => {
  it('grows past its initial capacity and summarises mean and percentiles', () => {
    const b = new SampleBuffer();
    for (let i = 1; i <= 5000; i++) b.push(i);
    const d = distributionOf(b);
    expect(d.mean).toBe(2500.5);
    expect(d.p50).toBe(2500.5);
    expect(d.p99).toBeCloseTo(4950.01, 6);
  });
});

describe('LogHistogram', () => {
  it('keeps count, sum and mean exact and percentiles within 0.1 %', () => {
    const h = new LogHistogram();
    h.add(0.010, 90);
    h.add(0.050, 9);
    h.add(0.400, 1);
    expect(h.count).toBe(100);
    expect(h.distribution().mean).toBeCloseTo((0.9 + 0.45 + 0.4) / 100, 12);
    expect(h.quantile(0.5) / 0.010).toBeCloseTo(1, 2);
    expect(h.quantile(0.95) / 0.050).toBeCloseTo(1, 2);
    expect(h.quantile(1) / 0.400).toBeCloseTo(1, 2);
  });
});
