import { describe, expect, it } from 'vitest';
import { mulberry32, RngStreams } from '../../src/sim/rng.js';

describe('RngStreams', () => {
  it('gives the same sequence for the same seed and stream name', () => {
    const a = new RngStreams(42).stream('arrivals');
    const b = new RngStreams(42).stream('arrivals');
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('keeps streams independent: drawing from one never shifts another (common random numbers)', () => {
    const s1 = new RngStreams(7);
    const s2 = new RngStreams(7);
    for (let i = 0; i < 100; i++) s1.stream('routing')();
    expect(s1.stream('arrivals')()).toBe(s2.stream('arrivals')());
  });

  it('differs across seeds and across names', () => {
    expect(new RngStreams(1).stream('x')()).not.toBe(new RngStreams(2).stream('x')());
    const s = new RngStreams(1);
    expect(s.stream('x')()).not.toBe(s.stream('y')());
  });

  it('mulberry32 is deterministic and spans 32 bits', () => {
    const g = mulberry32(123);
    const h = mulberry32(123);
    const xs = Array.from({ length: 1000 }, () => g());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => h()));
    expect(Math.max(...xs)).toBeGreaterThan(2 ** 31);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
  });
});
