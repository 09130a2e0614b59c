import type { GroupedGemmCurve } from './types.js';

/**
 * FP8 grouped GEMM rate against rows per expert on Hopper, from deepseek-ai/DeepGEMM README.md
 * @55ab91f72f76e8a6db0e86282c3169a88d93df1b ("Performance", H800 SXM5, NVCC 12.8; H800 is the H100
 * SXM die and tensor cores with less NVLink). Two DeepSeek expert shapes, N×K = 4096×7168 (gate_up)
 * and 7168×2048 (down), TFLOP/s:
 *
 * | rows per expert (layout)       | 4096×7168 | 7168×2048 | ÷ the 4096-row rate, mean |
 * |--------------------------------|-----------|-----------|---------------------------|
 * | 256 (masked, 4 groups)         | 932       | 815       | (0.692 + 0.671) / 2 = 0.682 |
 * | 512 (masked, 2 groups)         | 1040      | 916       | (0.773 + 0.755) / 2 = 0.764 |
 * | 1024 (masked, 1 group)         | 1233      | 925       | (0.916 + 0.762) / 2 = 0.839 |
 * | 4096 (contiguous, 8 groups)    | 1346      | 1214      | 1                         |
 *
 * At 4096 rows the grouped kernel matches or beats the same library's dense GEMM of that M (normal
 * layout, M = 4096: 1265 and 1168), so 1 there is the dense rate; above it the rate stays flat (4
 * groups × 8192: 1346, 1214). Below 256 there is no compute-bound point (the table's M = 64/128
 * rows are weight-read bound), so the 256-row figure holds: there the weight read decides anyway.
 * Measured with FP8 block-scaled operands; the fall-off comes from tile and wave quantization of
 * small per-expert problems, so it is applied to the chip's GEMMs at every precision (an assumption).
 */
export const HOPPER_GROUPED_GEMM: GroupedGemmCurve = Object.freeze({
  rowsPerExpert: Object.freeze([256, 512, 1024, 4096]),
  relativeRate: Object.freeze([0.682, 0.764, 0.839, 1]),
  source:
    'grouped GEMM rate vs rows per expert: deepseek-ai/DeepGEMM README.md @55ab91f7 (H800 SXM5 FP8 masked and ' +
    'contiguous layouts vs 4096 rows per expert)',
});
