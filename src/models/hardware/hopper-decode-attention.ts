import type { DecodeAttentionCurve } from './types.js';

/**
 * GQA decode attention time against the K/V bytes one kernel reads, measured on an H200
 * (tile-ai/TileOPs docs/perf/gqa-dense-h200.md @32cde4f: CUPTI device time, L2 flushed before each
 * sample, median of three rounds; SM 1500 MHz, HBM 3201 MHz = the 4.8 TB/s peak). One query token
 * per sequence, head dim 128, fp16/bf16 K and V; bytes = batch × context × KV heads × 128 × 2 × 2.
 * FlashAttention-3 (the kernel vLLM runs on Hopper) where it was timed, FlashInfer's batch-one
 * kernel below that:
 *
 * | workload (KV heads)          | MiB of K/V | µs          | kernel       | ÷ 4.8 TB/s |
 * |------------------------------|------------|-------------|--------------|------------|
 * | Qwen3-30B-A3B B1 1K (4)      | 2          | 9.57        | FlashInfer   | 0.046      |
 * | B1 4K                        | 8          | 11.62       | FlashInfer   | 0.150      |
 * | B1 8K                        | 16         | 14.10       | FlashInfer   | 0.248      |
 * | B1 16K                       | 32         | 21.82       | FlashInfer   | 0.320      |
 * | B1 32K                       | 64         | 34.69       | FlashInfer   | 0.403      |
 * | B1 64K                       | 128        | 53.12       | FlashInfer   | 0.526      |
 * | Llama 70B B16 4K (8)         | 256        | 84.03       | FA3          | 0.666      |
 * | Llama 8B B32 4K / 70B B4 32K | 512        | 150.83 / 147.68 → 149.26 | FA3 | 0.750 |
 * | Llama 8B B8 32K (8)          | 1,024      | 266.50      | FA3          | 0.839      |
 *
 * (The batch-one 128K and 256K FlashInfer rows, 83.34 and 141.5 µs at 256 and 512 MiB, agree with
 * FA3's batched ones: time follows the bytes, not the batch/context split.) A small kernel is
 * latency-bound (~10 µs), a large one streams: between the last two points the marginal rate is
 * 4.58 TB/s (0.954 of peak), at which bigger kernels are extrapolated, up to 0.90 of peak: what a
 * pure streaming kernel reaches on Hopper (quack's memory-bound softmax, 3.01 of 3.35 TB/s on H100,
 * Dao-AILab/quack media/2025-07-10-membound-sol.md @ca5369b), reached from 2.3 GiB. Held as a fraction of the chip's peak HBM bandwidth, so H100 (the same
 * GH100 SMs and clocks on 3.35 TB/s) takes the same fractions; since its fixed cost is the same in
 * µs, that is conservative for H100 at small kernels.
 */
const MIB = 2 ** 20;
const H200_PEAK = 4.8e12;
const POINTS: readonly (readonly [number, number])[] = [
  [2, 9.57],
  [8, 11.62],
  [16, 14.1],
  [32, 21.82],
  [64, 34.69],
  [128, 53.12],
  [256, 84.03],
  [512, 149.26],
  [1024, 266.5],
];

export const HOPPER_DECODE_ATTENTION: DecodeAttentionCurve = Object.freeze({
  kernelBytes: Object.freeze(POINTS.map(([mib]) => mib * MIB)),
  fractionOfPeak: Object.freeze(POINTS.map(([mib, us]) => (mib * MIB) / (us * 1e-6 * H200_PEAK))),
  maxFractionOfPeak: 0.9,
  source:
    'decode attention bandwidth vs K/V bytes per kernel: tile-ai/TileOPs docs/perf/gqa-dense-h200.md @32cde4f ' +
    '(FlashAttention-3 and FlashInfer GQA decode on H200, L2 flushed); streaming ceiling 0.90: Dao-AILab/quack ' +
    'media/2025-07-10-membound-sol.md @ca5369b',
});
