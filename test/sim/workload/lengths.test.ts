import { describe, expect, it } from 'vitest';
import { createLengthSampler, lognormalParams, MAX_LENGTH_TOKENS } from '../../../src/sim/workload/lengths.js';
import { draw, mean, quantile, stddev, stream } from './helpers.js';

describe('createLengthSampler', () => {
  it('fixed: always the value', () => {
    const f = createLengthSampler({ dist: 'fixed', value: 200 }, stream());
    expect(draw(10, f).every((v) => v === 200)).toBe(true);
  });

  it('fixed: a value below 1 is clamped to 1', () => {
    expect(createLengthSampler({ dist: 'fixed', value: 0 }, stream())()).toBe(1);
  });

  it('uniform: integers covering both bounds and nothing outside them', () => {
    const xs = draw(10_000, createLengthSampler({ dist: 'uniform', min: 3, max: 7 }, stream()));
    expect(new Set(xs)).toEqual(new Set([3, 4, 5, 6, 7]));
  });

  it('uniform: min = max gives that value', () => {
    expect(createLengthSampler({ dist: 'uniform', min: 9, max: 9 }, stream())()).toBe(9);
  });

  it('normal: mean and stddev as asked when the clamp does not bite', () => {
    const xs = draw(50_000, createLengthSampler({ dist: 'normal', mean: 512, stddev: 100 }, stream()));
    expect(mean(xs) / 512).toBeCloseTo(1, 2);
    expect(stddev(xs) / 100).toBeCloseTo(1, 1);
    expect(xs.every(Number.isInteger)).toBe(true);
  });

  it('normal: clamped to ≥ 1 even when most of the mass is below zero', () => {
    const xs = draw(10_000, createLengthSampler({ dist: 'normal', mean: 0, stddev: 50 }, stream()));
    expect(Math.min(...xs)).toBe(1);
  });

  it('normal: clamped to [min, max]', () => {
    const xs = draw(10_000, createLengthSampler({ dist: 'normal', mean: 100, stddev: 100, min: 50, max: 120 }, stream()));
    expect(Math.min(...xs)).toBe(50);
    expect(Math.max(...xs)).toBe(120);
  });

  it('lognormal by mean and p99: sample mean and p99 within 5 % over 200k draws', () => {
    const xs = draw(200_000, createLengthSampler({ dist: 'lognormal', mean: 1000, p99: 8000 }, stream(11)));
    expect(Math.abs(mean(xs) / 1000 - 1)).toBeLessThan(0.05);
    expect(Math.abs(quantile(xs, 0.99) / 8000 - 1)).toBeLessThan(0.05);
  });

  it('lognormal by mean and stddev: sample mean and stddev within 5 %', () => {
    const xs = draw(200_000, createLengthSampler({ dist: 'lognormal', mean: 2000, stddev: 1000 }, stream(12)));
    expect(Math.abs(mean(xs) / 2000 - 1)).toBeLessThan(0.05);
    expect(Math.abs(stddev(xs) / 1000 - 1)).toBeLessThan(0.05);
  });

  it('lognormal: clamped to [min, max]', () => {
    const xs = draw(10_000, createLengthSampler({ dist: 'lognormal', mean: 100, p99: 1000, min: 20, max: 400 }, stream()));
    expect(Math.min(...xs)).toBe(20);
    expect(Math.max(...xs)).toBe(400);
  });

  it('clamps a tail above MAX_LENGTH_TOKENS (2^24) to it, as it clamps to max', () => {
    const xs = draw(1000, createLengthSampler({ dist: 'normal', mean: 1000, stddev: 1e12 }, stream()));
    expect(Math.max(...xs)).toBe(MAX_LENGTH_TOKENS);
    expect(MAX_LENGTH_TOKENS).toBe(16_777_216);
  });

  it('rejects bounds that admit no length', () => {
    expect(() => createLengthSampler({ dist: 'uniform', min: 5, max: 4 }, stream())).toThrow(RangeError);
    expect(() => createLengthSampler({ dist: 'normal', mean: 5, stddev: 1, min: 10, max: 9 }, stream())).toThrow(RangeError);
  });
});

describe('lognormalParams', () => {
  it('solves σ from mean and p99 with the smaller root', () => {
    const { mu, sigma } = lognormalParams(1000, undefined, 8000);
    expect(Math.exp(mu + sigma * sigma / 2)).toBeCloseTo(1000, 6);
    expect(Math.exp(mu + 2.3263478740408408 * sigma)).toBeCloseTo(8000, 6);
    expect(sigma).toBeLessThan(2.3263478740408408);
  });

  it('matches σ² = ln(1 + s²/m²) for mean and stddev', () => {
    const { mu, sigma } = lognormalParams(100, 50);
    expect(sigma * sigma).toBeCloseTo(Math.log(1.25), 12);
    expect(mu).toBeCloseTo(Math.log(100) - Math.log(1.25) / 2, 12);
  });

  it('errors when p99 has no real root (p99 above ≈15 × mean) or is not above the mean', () => {
    expect(() => lognormalParams(100, undefined, 1600)).toThrow(/cannot have p99/);
    expect(() => lognormalParams(100, undefined, 100)).toThrow(/cannot have p99/);
    expect(() => lognormalParams(100, undefined, 1400)).not.toThrow();
  });

  it('errors unless exactly one of stddev and p99 is given', () => {
    expect(() => lognormalParams(100)).toThrow(RangeError);
    expect(() => lognormalParams(100, 10, 200)).toThrow(RangeError);
  });
});

describe('zipf and empirical lengths', () => {
  it('zipf: the sample mean and P(min) match the exact Zipf law within 2 % over 200k draws', () => {
    const s = 1.2;
    let z = 0;
    let m = 0;
    for (let k = 10; k <= 5000; k++) {
      z += k ** -s;
      m += k * k ** -s;
    }
    const xs = draw(200_000, createLengthSampler({ dist: 'zipf', s, min: 10, max: 5000 }, stream(3)));
    expect(Math.abs(mean(xs) / (m / z) - 1)).toBeLessThan(0.02);
    const pMin = xs.filter((x) => x === 10).length / xs.length;
    expect(Math.abs(pMin / (10 ** -s / z) - 1)).toBeLessThan(0.02);
    expect(xs.reduce((a, b) => Math.min(a, b))).toBe(10);
    expect(xs.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(5000);
  });

  it('zipf: a larger exponent gives a smaller mean (the law is not ignored)', () => {
    const a = mean(draw(20_000, createLengthSampler({ dist: 'zipf', s: 0.5, min: 1, max: 1000 }, stream(4))));
    const b = mean(draw(20_000, createLengthSampler({ dist: 'zipf', s: 2, min: 1, max: 1000 }, stream(4))));
    expect(a).toBeGreaterThan(3 * b);
  });

  it('empirical: each value is drawn with its frequency in the list, within 3 % over 100k draws', () => {
    const values = [100, 100, 100, 500, 2000];
    const xs = draw(100_000, createLengthSampler({ dist: 'empirical', values }, stream(5)));
    expect(Math.abs(xs.filter((x) => x === 100).length / xs.length / 0.6 - 1)).toBeLessThan(0.03);
    expect(Math.abs(xs.filter((x) => x === 2000).length / xs.length / 0.2 - 1)).toBeLessThan(0.03);
    expect(Math.abs(mean(xs) / mean(values) - 1)).toBeLessThan(0.03);
    expect(new Set(xs)).toEqual(new Set(values));
  });

  it('empirical: a spec whose file was never loaded is a programming error', () => {
    expect(() => createLengthSampler({ dist: 'empirical', path: 'x.csv' }, stream())).toThrow(/not loaded/);
  });
});
