import { H200_TRTLLM_ALL_REDUCE, H200_VLLM_ALL_REDUCE } from './all-reduce-tables.js';
import { H200_BF16_GEMM } from './h200-bf16-gemm.js';
import { H200_VLLM_FP8_GEMM } from './h200-vllm-fp8-gemm.js';
import { HOPPER_DECODE_ATTENTION } from './hopper-decode-attention.js';
import { HOPPER_GROUPED_GEMM } from './hopper-grouped-gemm.js';
import type { Accelerator } from './types.js';

/**
 * NVIDIA H200 SXM 141 GB (700 W): the H100 die with HBM3e. Compute, NVLink and host link as H100.
 * Figures: ../shared/reference/hardware.md §A.1 and §A.2.
 */
export const H200_SXM: Accelerator = {
  id: 'h200-sxm',
  vendor: 'nvidia',
  displayName: 'NVIDIA H200 SXM 141GB',
  peakTflops: {
    bf16: 989, // dense; stas00 TFLOPS table (hardware.md A.1)
    fp8: 1979, // dense; same
    int8: 1979, // dense TOPS; NVIDIA datasheet, as H100. Not in hardware.md.
  },
  // 141 GB HBM3e; nvidia-smi shows 143771 MiB (public nvidia-smi outputs). On H100 torch sees
  // 470 MiB less than nvidia-smi (81559 MiB vs 79.19 GiB); the same reserve gives 139.94 GiB.
  // Derived, not measured.
  hbmGiB: 139.94,
  hbmTBps: 4.8, // stas00 memory table (hardware.md A.1)
  scaleUp: {
    name: 'NVLink 4 via NVSwitch',
    allToAllGBps: 450, // "18x 4th Gen NVLink, 900GB/s" bidirectional (MLPerf v4.1 H200 system file)
    peerToPeerGBps: 450,
    topology: 'nvswitch',
    latencySeconds: 10e-6, // prior, as H100
  },
  hostLinkGBps: 63, // PCIe Gen5 x16 (MLPerf v4.1 H200 system file)
  tdpWatts: 700, // "H200 TGP 700W" (same file)
  efficiency: {
    // MAMF v2 (stas00 compute/accelerator/README.md @b9e29720): as H100 at both precisions, bf16
    // 0.803 ("H200 is the same") and fp8 0.709. The table's own H200 FP8 row (1453.4 of 1979, 0.734)
    // ran a newer torch/CUDA (2.7.1+cu128 against H100's 2.7.0+cu126), and the page warns that a gap
    // between rows "mixes hardware, shape and software": the die, clocks and 700 W are H100's, so
    // one figure for both keeps a software difference from reading as a hardware one. (With 0.734,
    // H200 priced 3.5 % faster than H100 on compute-bound steps; the published H200 ÷ H100 ratios of
    // the same TensorRT-LLM cells are 1.01–1.05 at 128/128 and 2048/128.) INT8 as FP8.
    // GH200 (same die, 900 W) reaches 0.838 / 0.776 and is an upper bound.
    compute: { bf16: 0.803, fp8: 0.709, int8: 0.709 },
    attention: 0.609, // as H100 (same SMs and clocks): FA3 causal head dim 128 at 8k, see h100-sxm.ts
    mlaDecode: 0.667, // as H100 (same SMs and clocks): FlashMLA 660 of 989 TFLOP/s on H800, see h100-sxm.ts
    memory: 0.8, // as H100 (h100-sxm.ts: a prior inside the range measured decode readers reach on H200)
    decodeAttention: HOPPER_DECODE_ATTENTION, // measured on this chip (hopper-decode-attention.ts)
    collective: 0.8, // prior, as H100
    // TP all-reduces under TensorRT-LLM and vLLM: each runtime's own kernels' measured times
    // (all-reduce-tables.ts), not the link model; SGLang keeps the link model (not measured).
    // validation/README.md "TP all-reduce times".
    allReduce: { trtllm: H200_TRTLLM_ALL_REDUCE, vllm: H200_VLLM_ALL_REDUCE },
    // MoE grouped GEMMs at few rows per expert: measured on H800 (hopper-grouped-gemm.ts).
    groupedGemm: HOPPER_GROUPED_GEMM,
    // Dense GEMMs: vLLM 0.24.0's measured kernel times on this chip, BF16 (h200-bf16-gemm.ts) and,
    // for vLLM deployments only, FP8 (h200-vllm-fp8-gemm.ts); which runtimes take which, and how
    // they compare with the roofline: as H100 (h100-sxm.ts).
    gemmTable: { bf16: H200_BF16_GEMM, fp8: H200_VLLM_FP8_GEMM },
  },
  sources: [
    'peaks, HBM: stas00/ml-engineering compute/accelerator/README.md @b9e29720 (hardware.md A.1)',
    'NVLink, PCIe, power: mlcommons/inference_results_v4.1 closed/NVIDIA/systems/H200-SXM-141GBx8_TRT_MaxQ.json',
    'compute efficiency: MAMF v2 table, H100 rows ("H200 is the same"), stas00 compute/accelerator/README.md @b9e29720',
    'attention efficiency: as H100, FlashAttention-3 paper (arXiv:2407.08608) Fig. 5, causal, head dim 128',
    'MLA decode efficiency: as H100, deepseek-ai/FlashMLA README.md @066b5ba6 (dense decoding, 660 TFLOPS compute-bound on H800 SXM5)',
    HOPPER_GROUPED_GEMM.source,
    HOPPER_DECODE_ATTENTION.source,
    H200_BF16_GEMM.source,
    H200_VLLM_FP8_GEMM.source,
    H200_TRTLLM_ALL_REDUCE.source,
    H200_VLLM_ALL_REDUCE.source,
  ],
};
