import { describe, expect, it } from 'vitest';
import { B200_FP4_GEMM } from '../../../src/models/hardware/b200-fp4-gemm.js';
import { getAccelerator } from '../../../src/models/hardware/catalog.js';
import { H100_VLLM_FP8_GEMM } from '../../../src/models/hardware/h100-vllm-fp8-gemm.js';
import type { GemmTable } from '../../../src/models/hardware/types.js';
import { createGemmTableSeconds, gemmTableProblem, measuredGemmTable } from '../../../src/models/perf/gemm-table.js';
import { createStepTimeModel } from '../../../src/models/perf/step-time.js';
import { decodeBatch, deployment } from '../builders.js';

// A 2 × 2 × 3 table, µs: N 1000/2000, K 100/300, M 1/10/20.
const SMALL: GemmTable = {
  ms: [1, 10, 20],
  ns: [1000, 2000],
  ks: [100, 300],
  micros: [
    [
      [10, 12, 20], // N 1000, K 100
      [30, 34, 50], // N 1000, K 300
    ],
    [
      [20, 24, 40], // N 2000, K 100
      [60, 70, 100], // N 2000, K 300
    ],
  ],
  source: 'a hand-made table',
};
const us = (f: (m: number) => number, m: number) => f(m) * 1e6;

describe('measured GEMM time (gemm-table.ts)', () => {
  it('returns the measured time at a grid point', () => {
    expect(us(createGemmTableSeconds(SMALL, 2000, 300), 10)).toBeCloseTo(70, 10);
    expect(us(createGemmTableSeconds(SMALL, 1000, 100), 1)).toBeCloseTo(10, 10);
  });

  it('is bilinear in N and K between grid points', () => {
    // N 1500 (u = 0.5), K 200 (v = 0.5), M 1: K 100 row 15, K 300 row 45 → 30
    expect(us(createGemmTableSeconds(SMALL, 1500, 200), 1)).toBeCloseTo(30, 10);
    // N 1250 (u = 0.25), K 250 (v = 0.75), M 20: K 100 row 20 + 0.25 × 20 = 25; K 300 row 50 + 0.25 × 50 = 62.5
    //   → 25 + 0.75 × 37.5 = 53.125
    expect(us(createGemmTableSeconds(SMALL, 1250, 250), 20)).toBeCloseTo(53.125, 10);
  });

  it('is linear in M between measured rows, and flat below the first', () => {
    // N 1000, K 100: M 15 halfway between 12 and 20 → 16; M 5.5 halfway between 10 and 12 → 11
    const f = createGemmTableSeconds(SMALL, 1000, 100);
    expect(us(f, 15)).toBeCloseTo(16, 10);
    expect(us(f, 5.5)).toBeCloseTo(11, 10);
    expect(us(f, 0)).toBeCloseTo(10, 10);
  });

  it("goes on past the last M at the last segment's time per row", () => {
    // N 2000, K 300: (100 − 70) ÷ 10 = 3 µs a row → M 30: 130; M 120: 400
    const f = createGemmTableSeconds(SMALL, 2000, 300);
    expect(us(f, 30)).toBeCloseTo(130, 10);
    expect(us(f, 120)).toBeCloseTo(400, 10);
  });

  it('grows in proportion past the largest N or K, and holds the smallest below the grid', () => {
    // N 3000 = 1.5 × 2000, K 600 = 2 × 300, M 10: 70 × 3 = 210
    expect(us(createGemmTableSeconds(SMALL, 3000, 600), 10)).toBeCloseTo(210, 10);
    // N 500 → N 1000's times; K 50 → K 100's: M 20 → 20
    expect(us(createGemmTableSeconds(SMALL, 500, 50), 20)).toBeCloseTo(20, 10);
    // N 4000, K 200 (v = 0.5), M 1: (20 + 0.5 × 40) × 2 = 80
    expect(us(createGemmTableSeconds(SMALL, 4000, 200), 1)).toBeCloseTo(80, 10);
  });

  it("reads B200 NVFP4 at a grid point and across N's 8192-12288 cell", () => {
    const b200 = (n: number, k: number, m: number) => us(createGemmTableSeconds(B200_FP4_GEMM, n, k), m);
    expect(b200(8192, 8192, 1)).toBeCloseTo(22.09, 10);
    expect(b200(8192, 8192, 513)).toBeCloseTo(41.16, 10); // one 256-row tile more than M 512's 25.34
    // Llama 70B TP1 qkv, N 10240 (u = 0.5) × K 8192, M 1: (22.09 + 22.68) ÷ 2 = 22.385
    expect(b200(10240, 8192, 1)).toBeCloseTo(22.385, 10);
    // M 384 between 257 and 512 (weight 127/255), N 8192, K 8192: 23.74 + 127/255 × 1.60 = 24.537
    expect(b200(8192, 8192, 384)).toBeCloseTo(23.74 + (127 / 255) * (25.34 - 23.74), 10);
    // Past M 16384, N 8192, K 8192: (571.7 − 287.4) ÷ 8192 a row; M 32768 → 571.7 + 284.3 × 2 = 1140.3
    expect(b200(8192, 8192, 32768)).toBeCloseTo(1140.3, 8);
  });

  it("vLLM's own FP8 kernel is vLLM's: H100/H200/B200 FP8 take it under vllm only, BF16 and B200 NVFP4 under any runtime", () => {
    for (const id of ['h100-sxm', 'h200-sxm', 'b200-sxm']) {
      const e = getAccelerator(id).efficiency;
      expect(measuredGemmTable(e, 'fp8', 'vllm')).toBe(e.gemmTable?.fp8);
      expect(measuredGemmTable(e, 'fp8', 'trtllm')).toBeUndefined();
      expect(measuredGemmTable(e, 'fp8', 'sglang')).toBeUndefined();
      expect(measuredGemmTable(e, 'fp8', undefined)).toBeUndefined(); // no runtime named: none of its kernels
      expect(measuredGemmTable(e, 'bf16', 'trtllm')).toBe(e.gemmTable?.bf16);
      expect(measuredGemmTable(e, 'int8', 'vllm')).toBeUndefined();
    }
    expect(measuredGemmTable(getAccelerator('b200-sxm').efficiency, 'fp4', 'vllm')).toBe(B200_FP4_GEMM);
    // H100 at M 4096 (generated from the source's fp8 rows): Llama-3.1-8B's o_proj 4096 × 4096 154.7 µs
    // = 888 TFLOP/s, qkv 6144 × 4096 207.9 µs = 992 TFLOP/s, under MAMF FP8's 0.709 × 1979 = 1403.
    const h100 = (n: number, k: number, m: number) => us(createGemmTableSeconds(H100_VLLM_FP8_GEMM, n, k), m);
    expect(h100(4096, 4096, 4096)).toBeCloseTo(154.7, 10);
    expect(h100(6144, 4096, 4096)).toBeCloseTo(207.9, 10);
    expect((2 * 4096 * 4096 * 4096) / (154.7e-6 * 1e12)).toBeLessThan(0.709 * 1979 * 0.65);
  });

  it('a vLLM FP8 step on H100 is slower than the roofline at large batches; a TensorRT-LLM one is the roofline', () => {
    const batch = decodeBatch(4096, 512);
    const step = (runtime: 'vllm' | 'trtllm', roofline: boolean) => {
      const b = createStepTimeModel({ ...deployment({ precision: 'fp8', roofline }), runtime }).breakdown(batch);
      return b.qkvProjSeconds + b.oProjSeconds + b.mlpGateUpSeconds + b.mlpDownSeconds;
    };
    expect(step('vllm', false)).toBeGreaterThan(1.2 * step('vllm', true)); // 57.2 vs 45.0 ms
    expect(step('trtllm', false)).toBe(step('trtllm', true));
  });

  it('accepts the catalogue table and names what is wrong with a bad one', () => {
    expect(gemmTableProblem(B200_FP4_GEMM)).toBeUndefined();
    expect(gemmTableProblem(H100_VLLM_FP8_GEMM)).toBeUndefined();
    expect(gemmTableProblem({ ...SMALL, runtimes: [] })).toMatch(/runtimes, when given, names at least one runtime/);
    expect(gemmTableProblem(SMALL)).toBeUndefined();
    const bad = (o: Partial<GemmTable>): GemmTable => ({ ...SMALL, ...o });
    expect(gemmTableProblem(bad({ ms: [1] }))).toMatch(/ms needs at least two/);
    expect(gemmTableProblem(bad({ ns: [2000, 1000] }))).toMatch(/ns must be positive and ascending/);
    expect(gemmTableProblem(bad({ ks: [0, 300] }))).toMatch(/ks must be positive/);
    expect(gemmTableProblem(bad({ micros: [SMALL.micros[0]] }))).toMatch(/one entry per N/);
    expect(gemmTableProblem(bad({ micros: [[SMALL.micros[0][0]], SMALL.micros[1]] }))).toMatch(/micros\[0\] \(N 1000\) needs one entry per K/);
    expect(gemmTableProblem(bad({ micros: [[[10, 12], [30, 34, 50]], SMALL.micros[1]] }))).toMatch(/one time per M/);
    expect(gemmTableProblem(bad({ micros: [[[10, 12, NaN], [30, 34, 50]], SMALL.micros[1]] }))).toMatch(/at M 20 must be a positive finite/);
    expect(gemmTableProblem(bad({ micros: [[[10, 12, 20], [30, 34, 50]], [[20, 24, 40], [60, 70, 65]]] }))).toMatch(
      /micros\[1\]\[1\] \(N 2000, K 300\) falls from M 10 to M 20/,
    );
    expect(gemmTableProblem(bad({ source: ' ' }))).toMatch(/source/);
  });
});
