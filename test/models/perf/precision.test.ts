import { describe, expect, it } from 'vitest';
import { getAccelerator } from '../../../src/models/hardware/catalog.js';
import {
  attentionFlopsPerSecond,
  bytesPerWeight,
  computeEfficiencyFor,
  computePrecision,
  effectiveFlopsPerSecond,
  effectiveHbmBytesPerSecond,
  kvDtypeBytes,
  mlaDecodeFlopsPerSecond,
  peakTflopsFor,
} from '../../../src/models/perf/precision.js';

describe('precision helpers', () => {
  it('stores weights at 2, 1, 1 and 0.5 bytes', () => {
    const bytes = (['bf16', 'fp8', 'int8', 'fp4'] as const).map(bytesPerWeight);
    expect(bytes).toEqual([2, 1, 1, 0.5]);
  });

  it('stores KV at the model dtype (bf16, 2 bytes) for auto and 1 byte for fp8', () => {
    expect(kvDtypeBytes('auto')).toBe(2);
    expect(kvDtypeBytes('fp8')).toBe(1);
  });

  it('uses a chip’s own rate for a precision it has units for', () => {
    expect(peakTflopsFor(getAccelerator('h100-sxm'), 'fp8')).toBe(1979);
    expect(peakTflopsFor(getAccelerator('tpu-v5e'), 'int8')).toBe(393);
  });

  it('falls back to the narrowest supported float format at or above the width', () => {
    const v5e = getAccelerator('tpu-v5e');
    expect(computePrecision(v5e, 'fp8')).toBe('bf16');
    expect(peakTflopsFor(v5e, 'fp8')).toBe(197);
    expect(computePrecision(getAccelerator('h100-sxm'), 'fp4')).toBe('fp8');
    expect(peakTflopsFor(getAccelerator('tpu-v5p'), 'fp8')).toBe(459); // listed, and equal to bf16
  });

  it('runs int8 at bf16 on a chip without int8 units, with the bf16 efficiency', () => {
    const g3 = getAccelerator('gaudi3');
    expect(computePrecision(g3, 'int8')).toBe('bf16');
    expect(computeEfficiencyFor(g3, 'int8')).toBe(g3.efficiency.compute.bf16);
  });

  it('multiplies peaks by their efficiencies', () => {
    const h100 = getAccelerator('h100-sxm');
    expect(effectiveFlopsPerSecond(h100, 'bf16')).toBeCloseTo(989e12 * 0.803, -6); // 794.2 TFLOP/s
    expect(effectiveHbmBytesPerSecond(h100)).toBeCloseTo(3.35e12 * 0.8, -6); // 2.68 TB/s
  });

  it("runs B200 attention at cuDNN's measured rate, 2250 × 0.615 = 1383.75 TFLOP/s, below its bf16 GEMMs", () => {
    const b200 = getAccelerator('b200-sxm');
    expect(attentionFlopsPerSecond(b200)).toBeCloseTo(1383.75e12, -9);
    expect(attentionFlopsPerSecond(b200)).toBeLessThan(effectiveFlopsPerSecond(b200, 'bf16')); // 1745.0 TFLOP/s
  });

  it('runs MLA decode attention at FlashMLA\'s rate on Hopper and at the bf16 GEMM rate where unmeasured', () => {
    // FlashMLA: 660 TFLOP/s on H800 (989 peak) → 0.667; H200 has the same SMs and clocks.
    expect(mlaDecodeFlopsPerSecond(getAccelerator('h100-sxm'))).toBeCloseTo(989e12 * 0.667, -6); // 659.7 TFLOP/s
    expect(mlaDecodeFlopsPerSecond(getAccelerator('h200-sxm'))).toBeCloseTo(989e12 * 0.667, -6);
    // MI300X has no MLA-decode figure: 1307.4 × 0.511 = 668.1 TFLOP/s, its bf16 GEMM rate.
    const mi300x = getAccelerator('mi300x');
    expect(mlaDecodeFlopsPerSecond(mi300x)).toBeCloseTo(effectiveFlopsPerSecond(mi300x, 'bf16'), -6);
    expect(mlaDecodeFlopsPerSecond(mi300x)).toBeCloseTo(1307.4e12 * 0.511, -6);
  });

  it('runs B200 fp4 GEMMs at the measured NVFP4 rate, 9000 × 0.611 = 5499 TFLOP/s', () => {
    const b200 = getAccelerator('b200-sxm');
    expect(computePrecision(b200, 'fp4')).toBe('fp4');
    expect(effectiveFlopsPerSecond(b200, 'fp4')).toBeCloseTo(5499e12, -9);
    expect(effectiveFlopsPerSecond(b200, 'fp4') / effectiveFlopsPerSecond(b200, 'fp8')).toBeCloseTo(5499 / 3433.5, 3);
  });
});
