import { describe, expect, it } from 'vitest';
import { HOPPER_GROUPED_GEMM } from '../../../src/models/hardware/hopper-grouped-gemm.js';
import type { GroupedGemmCurve } from '../../../src/models/hardware/types.js';
import { groupedGemmCurveProblem, groupedGemmRate } from '../../../src/models/perf/grouped-gemm.js';

describe('grouped GEMM rate against rows per expert', () => {
  it('takes the measured points as they are (DeepGEMM, H800: 0.682, 0.764, 0.839, 1)', () => {
    expect(groupedGemmRate(HOPPER_GROUPED_GEMM, 256)).toBe(0.682);
    expect(groupedGemmRate(HOPPER_GROUPED_GEMM, 512)).toBe(0.764);
    expect(groupedGemmRate(HOPPER_GROUPED_GEMM, 1024)).toBe(0.839);
    expect(groupedGemmRate(HOPPER_GROUPED_GEMM, 4096)).toBe(1);
  });

  it('is linear in log2(rows) between points', () => {
    // 512·√2 rows: halfway (in log2) between 512 and 1024 → (0.764 + 0.839) / 2 = 0.8015
    expect(groupedGemmRate(HOPPER_GROUPED_GEMM, 512 * Math.SQRT2)).toBeCloseTo(0.8015, 12);
    // 2048 rows: log2(2048 / 1024) / log2(4096 / 1024) = 1/2 → 0.839 + 0.161 / 2 = 0.9195
    expect(groupedGemmRate(HOPPER_GROUPED_GEMM, 2048)).toBeCloseTo(0.9195, 12);
    // 575 rows (MLPerf Mixtral on H200: 2,300 decodes × 2 ÷ 8): 0.764 + log2(575/512) × 0.075 = 0.77656
    expect(groupedGemmRate(HOPPER_GROUPED_GEMM, 575)).toBeCloseTo(0.764 + Math.log2(575 / 512) * 0.075, 12);
    expect(groupedGemmRate(HOPPER_GROUPED_GEMM, 575)).toBeCloseTo(0.7766, 4);
  });

  it('holds the end points beyond the measured range, and is 1 without a curve', () => {
    expect(groupedGemmRate(HOPPER_GROUPED_GEMM, 1)).toBe(0.682);
    expect(groupedGemmRate(HOPPER_GROUPED_GEMM, 0)).toBe(0.682);
    expect(groupedGemmRate(HOPPER_GROUPED_GEMM, 1e6)).toBe(1);
    expect(groupedGemmRate(undefined, 64)).toBe(1);
  });

  it('accepts the catalogue curve and names what is wrong with a bad one', () => {
    expect(groupedGemmCurveProblem(HOPPER_GROUPED_GEMM)).toBeUndefined();
    const bad = (rowsPerExpert: number[], relativeRate: number[]): GroupedGemmCurve => ({ rowsPerExpert, relativeRate, source: 'test' });
    expect(groupedGemmCurveProblem(bad([256, 512], [0.7]))).toMatch(/as many rates as rows/);
    expect(groupedGemmCurveProblem(bad([512, 256], [0.7, 0.8]))).toMatch(/ascending/);
    expect(groupedGemmCurveProblem(bad([256, 512], [0.7, 1.2]))).toMatch(/\(0, 1\]/);
  });
});
