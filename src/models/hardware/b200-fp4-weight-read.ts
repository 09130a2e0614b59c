import type { WeightReadCurve } from './types.js';

/**
 * NVFP4 GEMM time at decode batch sizes on a B200, against the packed FP4 weight bytes (N × K ÷ 2;
 * the 1-byte scale per 16 weights is left out, as fleetsim's weight bytes and every source's TB/s
 * leave it out). Measured: pytorch/helion PR #3046 (B200, 2026-07-28 table), the "cutlass" column:
 * vLLM's production CUTLASS NVFP4 GEMM (`cutlass_scaled_fp4_mm`) at M = 1 with a pre-quantised FP4
 * activation (W4A4, as TensorRT-LLM runs its NVFP4 linears), CUDA graphs, L2 cleared before every
 * replay (pretuned_kernels/nvfp4_gemv/nvfp4_gemv.py @0688ecc `use_cudagraph`):
 *
 * | N × K          | MB of FP4 | µs    | TB/s | ÷ 7.7 |
 * |----------------|-----------|-------|------|-------|
 * | 4096 × 4096    | 8.39      | 9.37  | 0.90 | 0.116 |
 * | 6144 × 4096    | 12.58     | 10.36 | 1.21 | 0.158 |
 * | 5120 × 5120    | 13.11     | 10.93 | 1.20 | 0.156 |
 * | 4096 × 14336   | 29.36     | 19.88 | 1.48 | 0.192 |
 * | 8192 × 8192    | 33.55     | 19.93 | 1.68 | 0.219 |
 * | 15360 × 5120   | 39.32     | 17.65 | 2.23 | 0.289 |
 * | 10240 × 8192   | 41.94     | 21.79 | 1.92 | 0.250 |
 * | 28672 × 4096   | 58.72     | 24.74 | 2.37 | 0.308 |
 * | 8192 × 28672   | 117.44    | 59.06 | 1.99 | 0.258 |
 *
 * Time is not a function of bytes alone (a long K is slower per byte: 29 MB at 4096 × 14336 takes
 * longer than 39 MB at 15360 × 5120), so no interpolated curve fits it; the least-squares line
 * through the nine points is kept: ~4.1 µs + bytes at ~2.26 TB/s (0.293 of 7.7), each point within
 * −17 … +22 %. Past the largest point (the 218–235 MB gate_up of Llama 405B TP4 / 70B TP1) it is
 * extrapolated at that streaming rate: big NVFP4 GEMMs at small M do not stream faster (CUTLASS's
 * block-scaled grouped GEMM at M = 16, N × K 2048 × 7168 and 7168 × 2048, 32 groups: "not getting
 * much higher than 3 TB/sec" over runs past 60 µs, "climbing close to 4" after transposing, "the same
 * pattern for non-grouped"; NVIDIA/cutlass issue #2266).
 * The time is flat in M well past decode batches (vLLM PR #20578, N 6144 × K 4096: 11.3 µs at M = 1,
 * 11.7 at 256, 11.8 at 512), so it is the weight term of the GEMM's max(compute, weights) price.
 * Cross-checks with TensorRT-LLM's own CUTLASS FP4 GEMM (TensorRT-LLM v1.0's default NVFP4 linear,
 * `torch.ops.trtllm.nvfp4_gemm`, as ported to FlashInfer's `mm_fp4` backend "cutlass"): 1 × 8192 ×
 * 8192 at 1.78 TB/s = 18.85 µs (flashinfer-ai/flashinfer issue #1732; fit 18.95 µs; FP16 reads the
 * same shape at 5–6 TB/s); flashinfer PR #2540's sweep, M × N × K, µs (fit): 4 × 4608 × 7168 11.41
 * (11.40), 4 × 9216 × 7168 13.73 (18.71), 1 × 2560 × 8192 11.44 (8.74), 1 × 1280 × 8192 10.45 (6.42).
 * Faster kernels exist (FlashInfer's trtllm-gen GEMMs 2.2–2.3 TB/s at M = 1/32, vLLM PR #42235; a
 * tuned GEMV 2.2–2.9 TB/s, helion PR #3046), but not in TensorRT-LLM v1.0's default path.
 */
const B200_PEAK = 7.7e12;
const POINTS: readonly (readonly [number, number, number])[] = [
  [4096, 4096, 9.37],
  [6144, 4096, 10.36],
  [5120, 5120, 10.93],
  [4096, 14336, 19.88],
  [8192, 8192, 19.93],
  [15360, 5120, 17.65],
  [10240, 8192, 21.79],
  [28672, 4096, 24.74],
  [8192, 28672, 59.06],
];

/** Ordinary least squares of seconds on bytes: [intercept s, slope s/byte]. */
function fitLine(points: readonly (readonly [number, number])[]): [number, number] {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  const slope = sxy / sxx;
  return [my - slope * mx, slope];
}

const [FIXED, SLOPE] = fitLine(POINTS.map(([n, k, us]) => [(n * k) / 2, us * 1e-6] as const));

export const B200_FP4_WEIGHT_READ: WeightReadCurve = Object.freeze({
  fixedSeconds: FIXED,
  streamingFractionOfPeak: 1 / SLOPE / B200_PEAK,
  source:
    'NVFP4 GEMM weight reads at M = 1 on B200 (vLLM CUTLASS, cold L2, CUDA graphs), nine shapes 8-117 MB: ' +
    'https://github.com/pytorch/helion/pull/3046, fitted ~4.1 us + bytes at 0.293 of peak; flat in M to 512: ' +
    'https://github.com/vllm-project/vllm/pull/20578; TensorRT-LLM CUTLASS cross-checks: ' +
    'https://github.com/flashinfer-ai/flashinfer/issues/1732, https://github.com/flashinfer-ai/flashinfer/pull/2540',
});
