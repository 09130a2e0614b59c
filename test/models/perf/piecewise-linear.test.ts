import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ascendingAxisProblem, createPiecewiseLinear } from '../../../src/models/perf/piecewise-linear.js';

describe('createPiecewiseLinear', () => {
  // Points (1, 10), (3, 14), (7, 30): slopes 2 then 4.
  const f = createPiecewiseLinear([1, 3, 7], [10, 14, 30]);

  it('passes through the points and is linear between them', () => {
    expect(f(1)).toBe(10);
    expect(f(3)).toBe(14);
    expect(f(7)).toBe(30);
    expect(f(2)).toBe(12); // 10 + 1/2 × 4
    expect(f(6)).toBe(26); // 14 + 3/4 × 16
  });

  it('holds the first point below it and extends the last segment beyond the last', () => {
    expect(f(0)).toBe(10);
    expect(f(-5)).toBe(10);
    expect(f(9)).toBe(38); // 30 + 2 × 4
  });

  it('takes a given tail slope, which a single point needs', () => {
    expect(createPiecewiseLinear([1, 3, 7], [10, 14, 30], 1)(9)).toBe(32);
    const one = createPiecewiseLinear([4], [2], 0.5);
    expect(one(1)).toBe(2);
    expect(one(8)).toBe(4);
    expect(() => createPiecewiseLinear([4], [2])).toThrow(/tail slope/);
    expect(() => createPiecewiseLinear([1, 2], [1])).toThrow(/as many y as x/);
  });
  it('gives the same value whatever the order of lookups (the remembered segment never leaks)', () => {
    // Reference: the segment found by a scan from the start, as the definition reads.
    const reference = (xs: number[], ys: number[], x: number): number => {
      const n = xs.length;
      if (!(x > xs[0])) return ys[0];
      if (x >= xs[n - 1]) return ys[n - 1] + (x - xs[n - 1]) * ((ys[n - 1] - ys[n - 2]) / (xs[n - 1] - xs[n - 2]));
      let i = 1;
      while (xs[i] < x) i++;
      return ys[i - 1] + ((x - xs[i - 1]) / (xs[i] - xs[i - 1])) * (ys[i] - ys[i - 1]);
    };
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 2, maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 1_000 }), { minLength: 30, maxLength: 30 }),
        fc.array(fc.double({ min: -10, max: 12_000, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (rawXs, rawYs, queries) => {
          const xs = [...rawXs].sort((a, b) => a - b);
          const ys = rawYs.slice(0, xs.length);
          const curve = createPiecewiseLinear(xs, ys);
          // Each query twice and the grid points themselves, so hits on the remembered segment and
          // jumps away from it both occur.
          for (const x of [...queries, ...xs, ...queries.reverse()]) expect(curve(x)).toBe(reference(xs, ys, x));
        },
      ),
    );
  });
});

describe('ascendingAxisProblem', () => {
  it('accepts positive, strictly rising values and names the axis otherwise', () => {
    expect(ascendingAxisProblem('bytes', [1, 2, 8])).toBeUndefined();
    expect(ascendingAxisProblem('bytes', [])).toBeUndefined();
    expect(ascendingAxisProblem('bytes', [1, 1, 2])).toBe('bytes must be positive and ascending, got 1, 1, 2');
    expect(ascendingAxisProblem('ms', [4, 2])).toBe('ms must be positive and ascending, got 4, 2');
    expect(ascendingAxisProblem('rows', [0, 1])).toMatch(/^rows must be positive/);
    expect(ascendingAxisProblem('rows', [1, Infinity])).toMatch(/^rows must be positive/);
    expect(ascendingAxisProblem('rows', [1, NaN])).toMatch(/^rows must be positive/);
  });
});
