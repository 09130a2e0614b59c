import { H100_TRTLLM_ALL_REDUCE, H100_VLLM_ALL_REDUCE } from './all-reduce-tables.js';
import { H100_BF16_GEMM } from './h100-bf16-gemm.js';
import { H100_VLLM_FP8_GEMM } from './h100-vllm-fp8-gemm.js';
import { HOPPER_DECODE_ATTENTION } from './hopper-decode-attention.js';
import { HOPPER_GROUPED_GEMM } from './hopper-grouped-gemm.js';
import type { Accelerator } from './types.js';

/**
 * NVIDIA H100 SXM5 80 GB (700 W), as in an 8-GPU HGX/DGX node.
 * Figures: ../shared/reference/hardware.md §A.1 (peaks) and §A.2 (MAMF efficiencies).
 */
export const H100_SXM: Accelerator = {
  id: 'h100-sxm',
  vendor: 'nvidia',
  displayName: 'NVIDIA H100 SXM 80GB',
  peakTflops: {
    bf16: 989, // dense; stas00/ml-engineering "TFLOPS comparison table" (hardware.md A.1)
    fp8: 1979, // dense; same table
    int8: 1979, // dense TOPS; NVIDIA H100 datasheet (3958 with sparsity). Not in hardware.md.
  },
  // 80 GB HBM3; nvidia-smi shows 81559 MiB and torch total_memory 79.19 GiB (public vLLM/torch logs,
  // e.g. llm-d/llm-d-benchmark config_explorer/empirical-vllm-memory-results.md: "79.18 GiB").
  // vLLM sizes the KV cache from the torch figure, so that is the one kept.
  hbmGiB: 79.19,
  hbmTBps: 3.35, // stas00 "Accelerator memory size and speed" (hardware.md A.1)
  scaleUp: {
    name: 'NVLink 4 via NVSwitch',
    allToAllGBps: 450, // 18 links, 450 GB/s one direction (stas00 network/README.md, NVLink table)
    peerToPeerGBps: 450, // NVSwitch gives any pair the full per-GPU bandwidth
    topology: 'nvswitch',
    // Prior. Vidur's h100_dgx all_reduce profile has 30 µs for 2 KB over 8 GPUs in eager
    // torch.distributed (hardware.md B.2); vLLM's custom all-reduce inside CUDA graphs avoids most
    // launch cost, so a third of that.
    latencySeconds: 10e-6,
  },
  hostLinkGBps: 63, // PCIe Gen5 x16, one direction (stas00 network/README.md, PCIe table)
  tdpWatts: 700,
  efficiency: {
    // MAMF v2 best matmul: bf16 794.5/989 = 0.803, fp8 1402.6/1979 = 0.709 (hardware.md A.2).
    // int8 is unmeasured; taken equal to fp8 (same tensor-core generation and width).
    compute: { bf16: 0.803, fp8: 0.709, int8: 0.709 },
    // FlashAttention-3 forward, BF16, causal, head dim 128, 16k tokens per batch: 602 TFLOP/s at
    // sequence length 8k = 0.609 of 989 (616 at 16k, 521 at 2k; FA3 paper, Shah et al. 2024,
    // arXiv:2407.08608, Fig. 5 "Attention forward speed, head dim 128 (H100 80GB SXM5)", causal).
    // Non-causal 8k: 646 (same figure set); PyTorch's tritonbench reproduced 614 (pytorch/benchmark
    // @ff65cb67). The 8k point is vLLM's default prefill chunk; shorter prefills run slower still,
    // but their attention FLOPs are small beside the GEMMs'.
    attention: 0.609,
    // FlashMLA dense decoding (MLA's absorbed form, BF16 KV, 128 query heads over a 576-wide
    // latent): "660 TFLOPS in computation-bound configuration on H800 SXM5 with CUDA 12.8"
    // (deepseek-ai/FlashMLA README.md @066b5ba6; 580 before its 2025-04-22 kernel). H800 SXM5 has the
    // H100 SXM5's SMs, clocks and 989 TFLOP/s bf16 peak: 660 / 989 = 0.667.
    mlaDecode: 0.667,
    // A prior (the reference set's one achieved-bandwidth figure is MI300X at ~81 %, hardware.md
    // A.2), checked against what decode's two big readers measure on Hopper: GQA decode attention
    // (FlashAttention-3 / FlashInfer / TileOPs, fp16 KV, L2 flushed) 0.66–0.74 of H200 peak at the
    // Llama-70B shape (batch 16 × 4K), 0.74–0.83 at Llama-8B's (batch 32 × 4K), 0.84–0.87 at
    // batch 8 × 32K (tile-ai/TileOPs docs/perf/gqa-dense-h200.md @32cde4f; GB/s derived from its µs
    // and the K/V bytes); FlashMLA decode 2,826 GB/s = 0.84 on H100 (ai-bot-pro/achatbot PR #123);
    // FP8 small-M GEMMs 0.45–0.80 on H800 (deepseek-ai/DeepGEMM README @a6d97a1c, M = 64/128); a
    // pure streaming kernel ~0.90 (quack softmax, 3.01 TB/s, Dao-AILab/quack
    // media/2025-07-10-membound-sol.md @ca5369b). 0.8 sits inside the decode readers' range.
    memory: 0.8,
    // Decode attention's K/V read at its measured size-dependent rate (FA3 / FlashInfer on H200, the
    // same SMs and clocks): from ~0.05 of peak at a 2 MiB kernel to 0.84 at 1 GiB, then on at the
    // marginal 0.95 up to a 0.90 ceiling (hopper-decode-attention.ts). Other memory-bound ops keep
    // `memory`.
    decodeAttention: HOPPER_DECODE_ATTENTION,
    // Prior: NCCL ring all-reduce bus bandwidth on 8x H100 is typically ~360 GB/s of 450 (nccl-tests;
    // not in the reference set). vLLM disables NCCL's cuMem allocator, which NVLS needs, so no
    // in-switch-reduction speed-up is assumed.
    collective: 0.8,
    // TP all-reduces under TensorRT-LLM and vLLM: each runtime's own kernels' measured times
    // (all-reduce-tables.ts), not the link model; SGLang keeps the link model (not measured).
    // validation/README.md "TP all-reduce times".
    allReduce: { trtllm: H100_TRTLLM_ALL_REDUCE, vllm: H100_VLLM_ALL_REDUCE },
    // MoE grouped GEMMs at few rows per expert: measured on H800 (hopper-grouped-gemm.ts).
    groupedGemm: HOPPER_GROUPED_GEMM,
    // BF16 dense GEMMs: vLLM 0.24.0's measured kernel times on this chip (h100-bf16-gemm.ts; torch
    // F.linear, cuBLAS, as SGLang's and TensorRT-LLM's unquantised linears also run). They match
    // max(FLOPs at compute.bf16, bytes at memory) within ±10 % from M ≈ 512 up, and run 10–35 %
    // slower around the ridge (M 64–256), where decode batches sit. FP8: vLLM 0.24.0's own CUTLASS
    // scaled mm with its activation quantisation (h100-vllm-fp8-gemm.ts), for vLLM deployments only
    // (the table's `runtimes`); TensorRT-LLM's FP8 GEMMs, and INT8, stay on the roofline (the
    // TensorRT-LLM rows are calibrated on it).
    gemmTable: { bf16: H100_BF16_GEMM, fp8: H100_VLLM_FP8_GEMM },
  },
  sources: [
    'peaks, HBM, power: stas00/ml-engineering compute/accelerator/README.md @b9e29720 (hardware.md A.1)',
    'NVLink, PCIe: stas00/ml-engineering network/README.md @0030e63f (hardware.md A.1)',
    'compute efficiency: MAMF v2 table, same file (hardware.md A.2)',
    'attention efficiency: FlashAttention-3 paper (arXiv:2407.08608) Fig. 5, causal, head dim 128, H100 SXM5',
    'MLA decode efficiency: deepseek-ai/FlashMLA README.md @066b5ba6 (dense decoding, 660 TFLOPS compute-bound on H800 SXM5)',
    'runtime-visible HBM: llm-d/llm-d-benchmark config_explorer/empirical-vllm-memory-results.md',
    HOPPER_GROUPED_GEMM.source,
    HOPPER_DECODE_ATTENTION.source,
    H100_BF16_GEMM.source,
    H100_VLLM_FP8_GEMM.source,
    H100_TRTLLM_ALL_REDUCE.source,
    H100_VLLM_ALL_REDUCE.source,
  ],
};
