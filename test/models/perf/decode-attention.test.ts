import { describe, expect, it } from 'vitest';
import { HOPPER_DECODE_ATTENTION } from '../../../src/models/hardware/hopper-decode-attention.js';
import type { DecodeAttentionCurve } from '../../../src/models/hardware/types.js';
import { createDecodeAttentionSeconds, decodeAttentionCurveProblem } from '../../../src/models/perf/decode-attention.js';

const MIB = 2 ** 20;
const H200 = 4.8e12;
const H100 = 3.35e12;

describe('decode attention time against K/V bytes (TileOPs, H200)', () => {
  const h200 = createDecodeAttentionSeconds(HOPPER_DECODE_ATTENTION, H200, 1)!;

  it('gives back the measured times at the measured sizes on the chip they were measured on', () => {
    // Llama-70B B16 4K (256 MiB): FA3 84.03 µs; Llama-8B B8 32K (1 GiB): FA3 266.5 µs;
    // 512 MiB: the mean of FA3's 150.83 and 147.68 µs; 2 MiB: FlashInfer 9.57 µs.
    expect(h200(256 * MIB)).toBeCloseTo(84.03e-6, 12);
    expect(h200(1024 * MIB)).toBeCloseTo(266.5e-6, 12);
    expect(h200(512 * MIB)).toBeCloseTo(149.26e-6, 12);
    expect(h200(2 * MIB)).toBeCloseTo(9.57e-6, 12);
  });

  it('interpolates linearly in bytes, holds the first time below the first point and streams on past the last', () => {
    // 384 MiB: halfway between 84.03 and 149.26 → 116.645 µs
    expect(h200(384 * MIB)).toBeCloseTo(116.645e-6, 12);
    // a 1 MiB or empty read is latency-bound: the 2 MiB time
    expect(h200(1 * MIB)).toBeCloseTo(9.57e-6, 12);
    expect(h200(0)).toBeCloseTo(9.57e-6, 12);
    // 1.5 GiB: 266.5 + 512 MiB × (266.5 − 149.26) ÷ 512 MiB = 383.74 µs (marginal 4.58 TB/s, 0.954)
    expect(h200(1536 * MIB)).toBeCloseTo(383.74e-6, 12);
    expect((512 * MIB) / ((266.5 - 149.26) * 1e-6) / H200).toBeCloseTo(0.954, 3);
  });

  it('never streams faster than 0.90 of peak: the marginal rate would pass it beyond ~2.3 GiB', () => {
    const frac = (gib: number) => (gib * 1024 * MIB) / h200(gib * 1024 * MIB) / H200;
    // 2 GiB: 266.5 + 1024 MiB × 117.24 ÷ 512 = 500.98 µs → 0.8942, still on the marginal line
    expect(h200(2048 * MIB)).toBeCloseTo(500.98e-6, 11);
    expect(frac(2)).toBeLessThan(0.9);
    // 12 GiB (Llama-8B, ~2,000 decodes at ~1,500 tokens): held at 0.90 → 12 GiB ÷ 4.32 TB/s
    expect(h200(12 * 1024 * MIB)).toBeCloseTo((12 * 1024 * MIB) / (0.9 * H200), 12);
  });

  it("rescales to another chip's peak and to the deployment's memory factor", () => {
    const h100 = createDecodeAttentionSeconds(HOPPER_DECODE_ATTENTION, H100, 1)!;
    // Same fraction of peak: 84.03 µs × 4.8 / 3.35 = 120.40 µs
    expect(h100(256 * MIB)).toBeCloseTo((84.03e-6 * H200) / H100, 12);
    const slower = createDecodeAttentionSeconds(HOPPER_DECODE_ATTENTION, H100, 0.5)!;
    expect(slower(256 * MIB)).toBeCloseTo(2 * h100(256 * MIB), 15);
    expect(createDecodeAttentionSeconds(undefined, H100, 1)).toBeUndefined();
  });

  it('reaches 0.67 of peak at 256 MiB and 0.84 at 1 GiB, above the flat 0.8 prior only for big reads', () => {
    const frac = (mib: number) => (mib * MIB) / h200(mib * MIB) / H200;
    expect(frac(256)).toBeCloseTo(0.666, 3);
    expect(frac(1024)).toBeCloseTo(0.839, 3);
    // Qwen3-32B TP2, 96 decodes at 7,700 tokens: 96 × 7700 × 4 KV heads × 128 × 2 × 2 B = 1,443.75 MiB
    //   → 266.5 + 419.75 MiB × 117.24 µs ÷ 512 MiB = 362.6 µs → 0.870 of peak
    expect(frac((96 * 7700 * 4 * 128 * 4) / MIB)).toBeCloseTo(0.870, 3);
  });

  it('accepts the catalogue curve and names what is wrong with a bad one', () => {
    expect(decodeAttentionCurveProblem(HOPPER_DECODE_ATTENTION)).toBeUndefined();
    const bad = (kernelBytes: number[], fractionOfPeak: number[], maxFractionOfPeak = 0.95): DecodeAttentionCurve => ({
      kernelBytes,
      fractionOfPeak,
      maxFractionOfPeak,
      source: 'test',
    });
    expect(decodeAttentionCurveProblem(bad([1, 2], [0.5]))).toMatch(/as many fractions/);
    expect(decodeAttentionCurveProblem(bad([2, 1], [0.5, 0.6]))).toMatch(/ascending/);
    expect(decodeAttentionCurveProblem(bad([1, 2], [0.5, 1.5]))).toMatch(/\(0, 1\]/);
    // 2 bytes at 0.9 would take less time than 1 byte at 0.4
    expect(decodeAttentionCurveProblem(bad([1, 2], [0.4, 0.9]))).toMatch(/time must not fall/);
    expect(decodeAttentionCurveProblem(bad([1, 2], [0.5, 0.6], 0.55))).toMatch(/above maxFractionOfPeak/);
    expect(decodeAttentionCurveProblem(bad([1, 2], [0.5, 0.6], 1.5))).toMatch(/maxFractionOfPeak must be in/);
  });
});
