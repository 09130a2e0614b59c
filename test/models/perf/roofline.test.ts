import { describe, expect, it } from 'vitest';
import { createRates, gemmSeconds, memSeconds } from '../../../src/models/perf/roofline.js';
import { deployment } from '../builders.js';

describe('achieved rates and roofline helpers', () => {
  it('multiplies peaks by the accelerator efficiencies and then by the efficiency scale', () => {
    const plain = createRates(deployment({ precision: 'fp8' }), 2e-6);
    expect(plain.gemmFlops).toBeCloseTo(1979e12 * 0.709, -3); // H100 fp8
    expect(plain.bf16Flops).toBeCloseTo(989e12 * 0.803, -3);
    expect(plain.hbm).toBeCloseTo(3.35e12 * 0.8, -3);
    expect(plain.collectiveScale).toBe(1);
    const scaled = createRates({ ...deployment({ precision: 'fp8' }), efficiencyScale: { compute: 0.5, memory: 0.25, collective: 2 } }, 2e-6);
    expect(scaled.gemmFlops).toBeCloseTo(plain.gemmFlops * 0.5, -3);
    expect(scaled.bf16Flops).toBeCloseTo(plain.bf16Flops * 0.5, -3);
    expect(scaled.hbm).toBeCloseTo(plain.hbm * 0.25, -3);
    expect(scaled.collectiveScale).toBe(2);
  });

  it('refuses a scale that is not a positive finite number', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createRates({ ...deployment(), efficiencyScale: { memory: bad } }, 2e-6)).toThrow(/efficiencyScale\.memory/);
    }
  });

  it('prices a GEMM at the larger of compute and weights + activations, never below the floor', () => {
    expect(gemmSeconds(100, 1e-6, 5e-5, 1e-7, 2e-6)).toBeCloseTo(1e-4, 15); // compute: 100 µs > 50 + 10 µs
    expect(gemmSeconds(10, 1e-6, 5e-5, 1e-7, 2e-6)).toBeCloseTo(5.1e-5, 15); // memory: 51 µs > 10 µs
    expect(gemmSeconds(1, 1e-9, 1e-9, 1e-9, 2e-6)).toBe(2e-6);
    expect(memSeconds(1e-7, 2, 2e-6)).toBe(4e-6);
    expect(memSeconds(1e-5, 2, 2e-6)).toBe(1e-5);
  });
});
