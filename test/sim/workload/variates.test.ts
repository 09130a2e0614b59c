import { describe, expect, it } from 'vitest';
import { createGamma, createStandardNormal } from '../../../src/sim/workload/variates.js';
import { draw, mean, stddev, stream } from './helpers.js';

describe('createStandardNormal', () => {
  it('has mean 0 and standard deviation 1 over 100k draws', () => {
    const xs = draw(100_000, createStandardNormal(stream(3)));
    expect(Math.abs(mean(xs))).toBeLessThan(0.02);
    expect(stddev(xs)).toBeCloseTo(1, 1);
  });

  it('uses one uniform per normal on average (Box–Muller pairs)', () => {
    let calls = 0;
    const u = stream(3);
    const normal = createStandardNormal(() => (calls++, u()));
    for (let i = 0; i < 10; i++) normal();
    expect(calls).toBe(10);
  });
});

describe('createGamma', () => {
  for (const shape of [0.25, 1, 4]) {
    it(`has mean k and variance k for shape k = ${shape}`, () => {
      const u = stream(5);
      const xs = draw(100_000, createGamma(shape, u, createStandardNormal(u)));
      expect(mean(xs) / shape).toBeCloseTo(1, 1);
      expect(stddev(xs) ** 2 / shape).toBeGreaterThan(0.95);
      expect(stddev(xs) ** 2 / shape).toBeLessThan(1.05);
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    });
  }

  it('rejects a non-positive shape', () => {
    const u = stream();
    expect(() => createGamma(0, u, createStandardNormal(u))).toThrow(RangeError);
  });
});
