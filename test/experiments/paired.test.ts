import { std } from 'mathjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mean, pairedInterval, sampleStd, t975, verdictOf } from '../../src/experiments/ab/paired.js';

describe('paired t interval', () => {
  it('t(0.975) matches tables, and the expansion beyond 30 is continuous with them', () => {
    expect(t975(1)).toBeCloseTo(12.706, 3);
    expect(t975(4)).toBeCloseTo(2.776, 3);
    expect(t975(30)).toBeCloseTo(2.042, 3);
    expect(t975(40)).toBeCloseTo(2.021, 3);
    expect(t975(120)).toBeCloseTo(1.980, 3);
    expect(t975(100000)).toBeCloseTo(1.96, 3);
    expect(() => t975(0)).toThrow(RangeError);
  });

  it('sample standard deviation equals mathjs std', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 30 }), (xs) => {
        expect(sampleStd(xs)).toBeCloseTo(std(xs) as unknown as number, 6);
      }),
    );
  });

  it('hand-computed interval: diffs 1, 2, 3, 4, 5', () => {
    const a = [10, 10, 10, 10, 10];
    const b = [11, 12, 13, 14, 15];
    const ci = pairedInterval(a, b);
    // mean 3, sd sqrt(2.5), half = 2.776445 * 1.581139 / sqrt(5) = 1.963243
    expect(ci.diff).toBe(3);
    expect(ci.lower).toBeCloseTo(3 - 1.963243, 5);
    expect(ci.upper).toBeCloseTo(3 + 1.963243, 5);
    expect(mean(b)).toBe(13);
  });

  it('pairing cancels shared noise: a constant offset on noisy arms gives a zero-width interval', () => {
    const a = [5, 50, 0.5, 500];
    const b = a.map((x) => x + 2);
    const ci = pairedInterval(a, b);
    expect(ci.lower).toBeCloseTo(2, 9);
    expect(ci.upper).toBeCloseTo(2, 9);
  });

  it('identical arms: interval [0, 0], no significant difference', () => {
    const ci = pairedInterval([1, 2, 3], [1, 2, 3]);
    expect(ci).toMatchObject({ diff: 0, lower: 0, upper: 0 });
    expect(verdictOf(ci, true)).toBe('no significant difference');
  });

  it('verdict follows the metric direction', () => {
    expect(verdictOf({ lower: -2, upper: -1 }, true)).toBe('better');
    expect(verdictOf({ lower: -2, upper: -1 }, false)).toBe('worse');
    expect(verdictOf({ lower: 1, upper: 2 }, true)).toBe('worse');
    expect(verdictOf({ lower: 1, upper: 2 }, false)).toBe('better');
    expect(verdictOf({ lower: -1, upper: 2 }, false)).toBe('no significant difference');
  });

  it('needs two pairs of equal length', () => {
    expect(() => pairedInterval([1], [2])).toThrow(/two replications/);
    expect(() => pairedInterval([1, 2], [2])).toThrow(/length/);
  });
});
