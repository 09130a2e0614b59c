import { describe, expect, it } from 'vitest';
import { B200_FP4_WEIGHT_READ } from '../../../src/models/hardware/b200-fp4-weight-read.js';
import type { WeightReadCurve } from '../../../src/models/hardware/types.js';
import { createWeightReadSeconds, weightReadCurveProblem } from '../../../src/models/perf/weight-read.js';

const B200 = 7.7e12;
const fp4Bytes = (n: number, k: number) => (n * k) / 2;

describe('NVFP4 weight-read time on B200 (helion PR #3046, vLLM CUTLASS at M = 1, cold L2)', () => {
  const read = createWeightReadSeconds(B200_FP4_WEIGHT_READ, B200, 1)!;

  it('is the least-squares line through the nine measured shapes: ~4.09 µs + bytes at 2.26 TB/s', () => {
    // By hand (OLS over bytes N·K/2, µs): mean bytes 39.38 MB, mean time 21.52 µs; slope 0.4426 µs/MB
    //   → intercept 21.52 − 39.38 × 0.4426 = 4.095 µs; 1 / slope = 2.2595 TB/s = 0.29344 of 7.7 TB/s
    expect(B200_FP4_WEIGHT_READ.fixedSeconds).toBeCloseTo(4.0947e-6, 9);
    expect(B200_FP4_WEIGHT_READ.streamingFractionOfPeak).toBeCloseTo(0.29344, 5);
  });

  it('lands within −17 … +22 % of each measured shape and on TensorRT-LLM CUTLASS 1 × 8192 × 8192', () => {
    const measured: [number, number, number][] = [
      [4096, 4096, 9.37], [6144, 4096, 10.36], [5120, 5120, 10.93], [4096, 14336, 19.88], [8192, 8192, 19.93],
      [15360, 5120, 17.65], [10240, 8192, 21.79], [28672, 4096, 24.74], [8192, 28672, 59.06],
    ];
    for (const [n, k, us] of measured) {
      const ratio = read(fp4Bytes(n, k)) / (us * 1e-6);
      expect(ratio).toBeGreaterThan(0.83);
      expect(ratio).toBeLessThan(1.22);
    }
    // flashinfer issue #1732: 1.78 TB/s at 8192 × 8192 → 33,554,432 B ÷ 1.78e12 = 18.85 µs; the fit 18.95 µs
    expect(read(fp4Bytes(8192, 8192))).toBeCloseTo(18.95e-6, 8);
    expect(read(fp4Bytes(8192, 8192)) / (fp4Bytes(8192, 8192) / 1.78e12)).toBeCloseTo(1.005, 2);
  });

  it("prices Llama 3.3 70B TP1's four GEMMs at 1.8-2.2 TB/s where the flat 0.8 read them at 6.16", () => {
    // gate_up 8192 × 57344: 234,881,024 B → 4.095 + 103.95 = 108.05 µs (2.17 TB/s; flat: 38.1 µs)
    expect(read(fp4Bytes(57344, 8192))).toBeCloseTo(108.05e-6, 8);
    // o 8192 × 8192: 18.95 µs (1.77 TB/s)
    expect(fp4Bytes(8192, 8192) / read(fp4Bytes(8192, 8192)) / 1e12).toBeCloseTo(1.77, 2);
  });

  it("scales the streaming rate, not the fixed cost, by the deployment's memory factor", () => {
    const half = createWeightReadSeconds(B200_FP4_WEIGHT_READ, B200, 0.5)!;
    const bytes = fp4Bytes(8192, 28672);
    expect(half(bytes) - B200_FP4_WEIGHT_READ.fixedSeconds).toBeCloseTo(2 * (read(bytes) - B200_FP4_WEIGHT_READ.fixedSeconds), 15);
    expect(half(0)).toBe(B200_FP4_WEIGHT_READ.fixedSeconds);
    expect(createWeightReadSeconds(undefined, B200, 1)).toBeUndefined();
  });

  it('accepts the catalogue fit and names what is wrong with a bad one', () => {
    expect(weightReadCurveProblem(B200_FP4_WEIGHT_READ)).toBeUndefined();
    const bad = (o: Partial<WeightReadCurve>): WeightReadCurve => ({ fixedSeconds: 4e-6, streamingFractionOfPeak: 0.3, source: 'x', ...o });
    expect(weightReadCurveProblem(bad({ fixedSeconds: -1e-6 }))).toMatch(/fixedSeconds/);
    expect(weightReadCurveProblem(bad({ fixedSeconds: Infinity }))).toMatch(/fixedSeconds/);
    expect(weightReadCurveProblem(bad({ streamingFractionOfPeak: 0 }))).toMatch(/\(0, 1\]/);
    expect(weightReadCurveProblem(bad({ streamingFractionOfPeak: 1.2 }))).toMatch(/\(0, 1\]/);
    expect(weightReadCurveProblem(bad({ source: ' ' }))).toMatch(/source/);
  });
});
