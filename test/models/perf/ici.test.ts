import { describe, expect, it } from 'vitest';
import { getAccelerator } from '../../../src/models/hardware/catalog.js';
import { allReduceCost, collectiveSeconds, tpLinkGBps } from '../../../src/models/perf/collectives.js';
import { iciAxisWraps, iciSliceGBps, iciSliceShape, iciTpLinkGBps } from '../../../src/models/perf/ici.js';

describe('ICI slices', () => {
  it('spreads a power-of-two TP group over the torus axes as Google offers slices', () => {
    expect([1, 2, 4, 8, 16, 32, 64, 256].map((tp) => iciSliceShape(tp, 2))).toEqual([
      [1, 1], [1, 2], [2, 2], [2, 4], [4, 4], [4, 8], [8, 8], [16, 16],
    ]);
    expect([2, 4, 8, 16, 64].map((tp) => iciSliceShape(tp, 3))).toEqual([
      [1, 1, 2], [1, 2, 2], [2, 2, 2], [2, 2, 4], [4, 4, 4],
    ]);
    expect(iciSliceShape(6, 2)).toEqual([6, 1]); // not a slice shape: one line of chips
    expect(() => iciSliceShape(0, 2)).toThrow(/positive integer/);
  });

  it('wraps only 16-long 2D axes and whole 4x4x4 cubes', () => {
    expect(iciAxisWraps([2, 4], 2)).toEqual([false, false]);
    expect(iciAxisWraps([8, 16], 2)).toEqual([false, true]);
    expect(iciAxisWraps([2, 2, 4], 3)).toEqual([false, false, false]); // "a 2x2x4 won't have any wraparounds"
    expect(iciAxisWraps([4, 4, 8], 3)).toEqual([true, true, true]);
  });

  it('gives a TP group one 100 GB/s link per unwrapped axis on v6e, by hand', () => {
    const link = getAccelerator('tpu-v6e').scaleUp;
    // TP2: 1x2 → 1 link; TP4: 2x2 → 2; TP8: 2x4 → 2 (not the chip's 400 GB/s over 4 ports)
    expect([2, 4, 8].map((tp) => tpLinkGBps(link, tp))).toEqual([100, 200, 200]);
    // 16x16 slice: both axes wrap, 2 × 2 links × 100 = 400, the chip's total
    expect(iciTpLinkGBps(link, 256)).toBe(400);
  });

  it('gives v5p TP8 (2x2x2, no wraparound) 3 links of 100 GB/s', () => {
    expect(tpLinkGBps(getAccelerator('tpu-v5p').scaleUp, 8)).toBe(300);
  });

  it('refuses an ICI link without its torus dimensions', () => {
    const link = { ...getAccelerator('tpu-v6e').scaleUp, torusDims: undefined };
    expect(() => iciTpLinkGBps(link, 8)).toThrow(/torusDims/);
    expect(() => iciSliceGBps(link, [2, 4])).toThrow(/torusDims/);
  });

  it('reproduces the scaling book v5e AllGather profile its efficiency comes from (680 µs)', () => {
    // bf16[2048, 8192] = 33,554,432 bytes gathered over one unwrapped axis of 4 chips (a 1x4 line):
    // one 50 GB/s link; 8 µs + 0.75 × 33,554,432 ÷ (50e9 × 0.74) = 8 µs + 680.2 µs = 688.2 µs
    const v5e = getAccelerator('tpu-v5e');
    const gbps = iciSliceGBps(v5e.scaleUp, [1, 4]);
    expect(gbps).toBe(50);
    const s = v5e.scaleUp.latencySeconds + (0.75 * 33_554_432) / (gbps * 1e9 * v5e.efficiency.collective);
    expect(s).toBeCloseTo(688.2e-6, 6);
    expect(Math.abs(s / 680e-6 - 1)).toBeLessThan(0.015);
  });

  it('prices the V41 all-reduce (Qwen3-32B, 8192 tokens, v6e TP8) by hand', () => {
    // 8192 × 5120 × 2 bytes = 83,886,080; 2 × 7/8 × 83,886,080 ÷ (200e9 × 0.7) + 10 µs = 1058.6 µs
    const s = collectiveSeconds(allReduceCost(getAccelerator('tpu-v6e'), 8), 83_886_080);
    expect(s).toBeCloseTo((1.75 * 83_886_080) / 140e9 + 10e-6, 12);
    expect(s).toBeCloseTo(1.0586e-3, 6);
  });
});
