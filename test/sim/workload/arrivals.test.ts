import { describe, expect, it } from 'vitest';
import { createArrivalProcess } from '../../../src/sim/workload/arrivals.js';
import type { ArrivalSpec } from '../../../src/sim/workload/types.js';
import { mean, stddev, stream } from './helpers.js';

function gaps(spec: ArrivalSpec, n: number, seed = 7): Float64Array {
  const p = createArrivalProcess(spec, stream(seed));
  const out = new Float64Array(n);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const t = p.nextTime();
    out[i] = t - prev;
    prev = t;
  }
  return out;
}

describe('createArrivalProcess', () => {
  it('poisson: the mean gap is 1/rate within 3 % over 20k draws', () => {
    const g = gaps({ process: 'poisson', rate: 4 }, 20_000);
    expect(Math.abs(mean(g) * 4 - 1)).toBeLessThan(0.03);
    // Exponential gaps have CV 1.
    expect(Math.abs(stddev(g) / mean(g) - 1)).toBeLessThan(0.03);
  });

  it('poisson: the first request arrives after one gap, not at t = 0', () => {
    expect(createArrivalProcess({ process: 'poisson', rate: 1 }, stream()).nextTime()).toBeGreaterThan(0);
  });

  for (const cv of [0.5, 1, 2, 4]) {
    it(`gamma: mean gap 1/rate and CV ${cv} within 5 %`, () => {
      const g = gaps({ process: 'gamma', rate: 10, cv }, 200_000);
      expect(Math.abs(mean(g) * 10 - 1)).toBeLessThan(0.05);
      expect(Math.abs(stddev(g) / mean(g) / cv - 1)).toBeLessThan(0.05);
    });
  }

  it('constant: request n arrives at exactly n/rate', () => {
    const p = createArrivalProcess({ process: 'constant', rate: 10 }, stream());
    const times = Array.from({ length: 5 }, () => p.nextTime());
    expect(times).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
  });

  it('constant: times do not drift after a million requests', () => {
    const p = createArrivalProcess({ process: 'constant', rate: 3 }, stream());
    let t = 0;
    for (let i = 0; i <= 1_000_000; i++) t = p.nextTime();
    expect(t).toBe(1_000_000 / 3);
  });

  it('constant and burst draw nothing from the stream', () => {
    let calls = 0;
    for (const spec of [{ process: 'constant', rate: 2 }, { process: 'burst' }] as ArrivalSpec[]) {
      const p = createArrivalProcess(spec, () => (calls++, 0.5));
      for (let i = 0; i < 10; i++) p.nextTime();
    }
    expect(calls).toBe(0);
  });

  it('burst: every request arrives at t = 0', () => {
    const p = createArrivalProcess({ process: 'burst' }, stream());
    for (let i = 0; i < 100; i++) expect(p.nextTime()).toBe(0);
  });

  it('the same stream seed gives the same times; another seed gives others', () => {
    const a = gaps({ process: 'gamma', rate: 2, cv: 3 }, 100, 1);
    const b = gaps({ process: 'gamma', rate: 2, cv: 3 }, 100, 1);
    const c = gaps({ process: 'gamma', rate: 2, cv: 3 }, 100, 2);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('rejects a non-positive rate or cv', () => {
    expect(() => createArrivalProcess({ process: 'poisson', rate: 0 }, stream())).toThrow(RangeError);
    expect(() => createArrivalProcess({ process: 'constant', rate: -1 }, stream())).toThrow(RangeError);
    expect(() => createArrivalProcess({ process: 'gamma', rate: 1, cv: 0 }, stream())).toThrow(RangeError);
  });
});
