import { describe, expect, it } from 'vitest';
import { createArrivalProcess, createDrainedStages } from '../../../src/sim/workload/arrivals.js';
import { gammaFunction } from '../../../src/sim/workload/variates.js';
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

function times(spec: ArrivalSpec, max: number, seed = 7): number[] {
  const p = createArrivalProcess(spec, stream(seed));
  const out: number[] = [];
  for (let i = 0; i < max; i++) {
    const t = p.nextTime();
    if (t === Infinity) break;
    out.push(t);
  }
  return out;
}

const countIn = (ts: number[], a: number, b: number) => ts.filter((t) => t >= a && t < b).length;

describe('weibull, stages and diurnal arrivals', () => {
  for (const shape of [0.5, 1, 2]) {
    it(`weibull shape ${shape}: mean gap 1/rate and the Weibull CV within 4 %`, () => {
      const g1 = gammaFunction(1 + 1 / shape);
      const cv = Math.sqrt(gammaFunction(1 + 2 / shape) / (g1 * g1) - 1);
      const g = gaps({ process: 'weibull', rate: 5, shape }, 200_000);
      expect(Math.abs(mean(g) * 5 - 1)).toBeLessThan(0.04);
      expect(Math.abs(stddev(g) / mean(g) / cv - 1)).toBeLessThan(0.04);
    });
  }

  it('gammaFunction matches known values', () => {
    expect(gammaFunction(5)).toBeCloseTo(24, 10);
    expect(gammaFunction(0.5)).toBeCloseTo(Math.sqrt(Math.PI), 10);
    expect(gammaFunction(1.5)).toBeCloseTo(Math.sqrt(Math.PI) / 2, 10);
  });

  it('poisson stages: each stage holds rate × duration requests within 4σ, then the process ends', () => {
    const stages = [{ rate: 50, duration: 100 }, { rate: 200, duration: 50 }, { rate: 10, duration: 200 }];
    const ts = times({ process: 'stages', type: 'poisson', stages, interval: 0 }, 1e6);
    let start = 0;
    for (const { rate, duration } of stages) {
      const n = countIn(ts, start, start + duration);
      const expected = rate * duration;
      expect(Math.abs(n - expected)).toBeLessThan(4 * Math.sqrt(expected));
      start += duration;
    }
    expect(ts.length).toBe(countIn(ts, 0, 350));
    const p = createArrivalProcess({ process: 'stages', type: 'poisson', stages: [{ rate: 1, duration: 1 }], interval: 0 }, stream());
    for (let i = 0; i < 100; i++) if (p.nextTime() === Infinity) break;
    expect(p.nextTime()).toBe(Infinity);
  });

  it('poisson stages: gaps inside a stage are exponential (CV 1 within 3 %)', () => {
    const ts = times({ process: 'stages', type: 'poisson', stages: [{ rate: 100, duration: 2000 }], interval: 0 }, 1e6);
    const g = ts.slice(1).map((t, i) => t - ts[i]);
    expect(Math.abs(stddev(g) / mean(g) - 1)).toBeLessThan(0.03);
    expect(Math.abs(mean(g) * 100 - 1)).toBeLessThan(0.03);
  });

  it('stages with an interval: nothing arrives between stages', () => {
    const ts = times({ process: 'stages', type: 'poisson', stages: [{ rate: 20, duration: 10 }, { rate: 20, duration: 10 }], interval: 5 }, 1e5);
    expect(countIn(ts, 10, 15)).toBe(0);
    expect(countIn(ts, 15, 25)).toBeGreaterThan(100);
    expect(Math.max(...ts)).toBeLessThan(25);
  });

  it('constant stages: exactly rate × duration requests each, 1/rate apart from the stage start', () => {
    const ts = times({ process: 'stages', type: 'constant', stages: [{ rate: 2, duration: 3 }, { rate: 4, duration: 1 }], interval: 1 }, 100);
    expect(ts).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 4, 4.25, 4.5, 4.75]);
  });

  it('diurnal sinusoid: the long-run rate is the mean rate and the peak half-period holds (½ + a/π)/(½ − a/π) times the trough half', () => {
    const period = 100;
    const a = 0.8;
    const ts = times({ process: 'diurnal', rate: 20, amplitude: a, period, phase: 0 }, 1e6).filter((t) => t < 200 * period);
    expect(Math.abs(ts.length / (20 * 200 * period) - 1)).toBeLessThan(0.01);
    let peak = 0;
    for (const t of ts) if (t % period < period / 2) peak++;
    const ratio = peak / (ts.length - peak);
    expect(Math.abs(ratio / ((0.5 + a / Math.PI) / (0.5 - a / Math.PI)) - 1)).toBeLessThan(0.03);
  });

  it('diurnal table: each slot of each period gets its rate', () => {
    const table = [10, 0, 40, 20];
    const ts = times({ process: 'diurnal', table, period: 40 }, 1e6).filter((t) => t < 40 * 100);
    const slots = [0, 0, 0, 0];
    for (const t of ts) slots[Math.floor((t % 40) / 10)]++;
    table.forEach((r, i) => {
      const expected = r * 10 * 100;
      expect(Math.abs(slots[i] - expected)).toBeLessThanOrEqual(4 * Math.sqrt(expected));
    });
  });

  describe('createDrainedStages (inference-perf\'s run_stage)', () => {
    const drainAll = (p: ReturnType<typeof createDrainedStages>) => {
      const out: number[] = [];
      for (let t = p.nextTime(); t !== Infinity; t = p.nextTime()) out.push(t);
      return out;
    };

    it('sends exactly int(rate × duration) requests per stage, from 1 s after its start, then waits', () => {
      const p = createDrainedStages({ type: 'poisson', stages: [{ rate: 15, duration: 50 }, { rate: 2.5, duration: 3 }], interval: 30 }, stream());
      const first = drainAll(p);
      expect(first.length).toBe(750);
      expect(Math.min(...first)).toBeGreaterThan(1);
      expect(Math.max(...first)).toBeLessThan(1 + 50 + 15); // per-second Poisson counts: the span is about duration
      expect(p.waiting).toBe(true);
      expect(p.nextTime()).toBe(Infinity); // still waiting: nothing more until released
      p.release(200); // the last request of stage 0 ended at 200 s
      expect(p.waiting).toBe(false);
      expect(p.stage).toBe(1);
      const second = drainAll(p);
      expect(second.length).toBe(7); // int(2.5 × 3)
      expect(Math.min(...second)).toBeGreaterThan(200 + 30 + 1);
      expect(p.waiting).toBe(false); // the last stage: the process is over
      expect(() => p.release(300)).toThrow();
    });

    it('poisson: a stage\'s requests come in per-second batches of Poisson(rate), spread over each second', () => {
      const p = createDrainedStages({ type: 'poisson', stages: [{ rate: 20, duration: 5000 }], interval: 0 }, stream(3));
      const ts = drainAll(p);
      const perSecond = new Map<number, number>();
      for (const t of ts) perSecond.set(Math.floor(t - 1), (perSecond.get(Math.floor(t - 1)) ?? 0) + 1);
      const counts = [...perSecond.values()].slice(0, -1); // the last second is cut at n
      expect(Math.abs(mean(counts) / 20 - 1)).toBeLessThan(0.01);
      expect(Math.abs(stddev(counts) ** 2 / 20 - 1)).toBeLessThan(0.1); // Poisson: variance = mean
    });

    it('constant: int(rate × duration) exponential gaps scaled to end exactly at the stage\'s duration', () => {
      const p = createDrainedStages({ type: 'constant', stages: [{ rate: 4, duration: 10 }], interval: 0 }, stream());
      const ts = drainAll(p);
      expect(ts.length).toBe(40);
      expect(ts[39]).toBeCloseTo(11, 9);
    });
  });
});
