import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../../src/experiments/plan/load-profile.js';

describe('offered load over time', () => {
  it('a diurnal sinusoid peaks at rate × (1 + amplitude) and starts at its phase', () => {
    const p = loadProfile({ process: 'diurnal', period: 86400, rate: 8, amplitude: 0.75, phase: -Math.PI / 2 })!;
    expect(p.peak).toBe(14);
    expect(p.rateAt(0)).toBeCloseTo(2, 12); // trough at midnight
    expect(p.rateAt(43200)).toBeCloseTo(14, 12);
    expect(p.rateAt(21600)).toBeCloseTo(8, 12);
  });

  it('a rate table is a step function repeating every period', () => {
    const p = loadProfile({ process: 'diurnal', period: 4, table: [1, 5, 3, 2] })!;
    expect(p.peak).toBe(5);
    expect([0, 1.5, 2, 3.9, 5].map(p.rateAt)).toEqual([1, 5, 3, 2, 5]);
  });

  it('stages: each window its rate, 0 in the intervals between', () => {
    const p = loadProfile({ process: 'stages', type: 'poisson', interval: 10, stages: [{ rate: 3, duration: 20 }, { rate: 9, duration: 20 }] })!;
    expect(p.peak).toBe(9);
    expect([0, 19, 25, 30, 49, 50].map(p.rateAt)).toEqual([3, 3, 0, 9, 9, 0]);
  });

  it('steady processes are flat; a burst has no rate', () => {
    expect(loadProfile({ process: 'poisson', rate: 4 })!.rateAt(1e6)).toBe(4);
    expect(loadProfile({ process: 'burst' })).toBeUndefined();
  });
});
