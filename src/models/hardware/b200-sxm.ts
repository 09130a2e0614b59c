import { B200_TRTLLM_ALL_REDUCE, B200_VLLM_ALL_REDUCE } from './all-reduce-tables.js';
import { B200_BF16_GEMM } from './b200-bf16-gemm.js';
import { B200_FP4_GEMM } from './b200-fp4-gemm.js';
import { B200_VLLM_FP8_GEMM } from './b200-vllm-fp8-gemm.js';
import type { Accelerator } from './types.js';

/**
 * NVIDIA B200 SXM (1000 W), as in an 8-GPU HGX/DGX B200 node.
 * Figures: ../shared/reference/hardware.md §A.1. Compute efficiencies: the B200 rows of the MAMF
 * table in the same source hardware.md cites (§A.2 quotes only its H100/GH200/AMD/Gaudi rows).
 */
export const B200_SXM: Accelerator = {
  id: 'b200-sxm',
  vendor: 'nvidia',
  displayName: 'NVIDIA B200 SXM 180GB',
  peakTflops: {
    bf16: 2250, // dense; stas00 TFLOPS table (hardware.md A.1)
    fp8: 4500, // dense; same table
    fp4: 9000, // dense; same table ("FP4 9000")
    int8: 4500, // dense TOPS; NVIDIA DGX B200 datasheet. Not in hardware.md.
  },
  // 192 GB of HBM3e on the package, of which the SKU exposes 180 GB: MLPerf system names
  // ("B200-SXM-180GB") and TensorRT-LLM list it so. nvidia-smi shows 183359 MiB; CUDA's
  // cuDeviceTotalMem, which torch and vLLM see, 182642 MiB = 178.36 GiB (public nvidia-smi and
  // hashcat device listings). The runtime-visible figure is kept, as for H100.
  hbmGiB: 178.36,
  // The 180 GB SKU's bus, as the runtime sees it: CUDA reports a 7,680-bit memory bus at 3,996 MHz
  // (DDR) on a 178.35 GB B200, (7680 / 8) × 3996e6 × 2 = 7.672 TB/s (pytorch/ao PR #4002, which
  // moved its B200 roofline from 8.0 to it), and NVIDIA's Blackwell datasheet gives 7.7 TB/s per
  // HGX B200 GPU (ai-dynamo/aiconfigurator PR #1246 took that figure). hardware.md A.1's 8.0 TB/s
  // (stas00 memory table) is the full 192 GB package's 8,192-bit bus; like the capacity above, the
  // runtime-visible figure is kept.
  hbmTBps: 7.7,
  scaleUp: {
    name: 'NVLink 5 via NVSwitch',
    allToAllGBps: 900, // 18 links, 900 GB/s one direction, 1800 bidir (stas00 network/README.md, NVLink table)
    peerToPeerGBps: 900, // NVSwitch gives any pair the full per-GPU bandwidth
    topology: 'nvswitch',
    latencySeconds: 10e-6, // prior, as H100
  },
  hostLinkGBps: 63, // PCIe Gen5 x16 (hardware.md A.1: "PCIe Gen5")
  tdpWatts: 1000,
  efficiency: {
    // MAMF v2, stas00/ml-engineering compute/accelerator/README.md @b9e29720: BF16 1745.0 of 2250
    // TFLOP/s (77.6 %, torch 2.7.1+cu128), FP8 3432.5 of 4500 (76.3 %).
    // FP4: NVFP4 (16-element E4M3 block scales, as TensorRT-LLM's `fp4`) through torch._scaled_mm
    // (cuBLASLt) on an "NVIDIA B200", pytorch/ao PR #2427 (benchmarks/float8/bench_matmul.py
    // --recipe nvfp4, 2025-06-23): best of its square sweep 5.50e15 FLOP/s at M=K=N=6144, 61.1 % of
    // 9000 (8192³: 5.37e15; 4096³: 4.46e15). A square sweep, not MAMF's brute-force shape search, so
    // a lower bound on FP4's MAMF (the same run's BF16 best, 1.51e15 at 3072³, is 13 % under MAMF's);
    // the highest FP4 GEMM found anywhere is within 4 % of it
    // (deepseek-ai/DeepGEMM PR #348, B200, MXFP4 8192³: 5702 TFLOP/s, 63.4 %; cuBLASLt 5239).
    // INT8 was not measured there: taken equal to FP8 (a prior). hardware.md A.2's second-hand
    // "H100/B200 up to 93 %" is an upper bound, not used.
    compute: { bf16: 0.776, fp8: 0.763, fp4: 0.611, int8: 0.763 },
    // cuDNN 9.13.1 fused attention forward, BF16, causal, head dim 128, GQA 128 q / 8 kv heads,
    // batch 1, on an "NVIDIA B200" (free clock): 1384.2 TFLOP/s at sequence length 8k = 0.615 of
    // 2250 (1141.1 at 4k, 1475.3 at 16k, 1514.8 at 32k). FLOPs count half the square for the causal
    // mask, as FA3's do. NVIDIA/cudnn-frontend @0b1577c8, benchmark/sdpa_benchmark_training/
    // artifacts/sdpa_fp8_benchmark_results_NVIDIA_B200.csv, bf16 rows; 8k is the point H100 takes
    // (h100-sxm.ts). Cross-checks: the same repo's run through PyTorch SDPA's cuDNN path (cuDNN
    // 9.13.0) gives 1171.3 at 8k (0.521); FlashAttention-4 on SM100 1418.1 at causal 8k, batch 4 ×
    // 16 heads (0.630; Dao-AILab/flash-attention PR #2280).
    attention: 0.615,
    // Prior, as H100: no published streaming-bandwidth run on B200 (STREAM/BabelStream, nvbandwidth
    // device_local_copy) was found with its figures. For scale, quack measured torch.clone on H100
    // SXM at 3003 GB/s bf16 = 0.896 of 3.35 TB/s (Dao-AILab/quack AI/hadamard_roofline_analysis.md
    // @28382d5a), so the H100 prior, too, sits under a streaming copy.
    memory: 0.8,
    // NVFP4 GEMMs: TensorRT-LLM 1.2.0rc5's measured kernel times (b200-fp4-gemm.ts), which at decode
    // batch sizes read the weights far below `memory` (8192 × 8192 at M = 1: 22.1 µs, 1.5 TB/s) and at
    // large M run at 0.28–0.49 of the FP4 peak, not `compute.fp4`. BF16: vLLM 0.24.0's cuBLAS
    // times, as on Hopper (b200-bf16-gemm.ts, 2–13 % under the roofline at M 4096). FP8: vLLM's
    // own CUTLASS kernel, for vLLM deployments only (b200-vllm-fp8-gemm.ts, 25–54 % under).
    gemmTable: { bf16: B200_BF16_GEMM, fp8: B200_VLLM_FP8_GEMM, fp4: B200_FP4_GEMM },
    // nccl-tests all_reduce bus bandwidth on 8x B200 (p6-b200.48xlarge, nccl 2.27.7, 8 GiB) with
    // NVLS off, i.e. Ring: 682.2 GB/s = 0.758 of 900 (4 GPUs 673.8). NCCL's default picks NVLS
    // (NVLink SHARP) from 6 GPUs up, 838.0 at 8; not used here, as on H100 (vLLM turns off the
    // cuMem allocator NVLS needs). The same sweep on 8x H200: Ring 365.6 of 450 = 0.812, which
    // the Hopper prior (0.8) matches. stas00/ml-engineering network/README.md @744d01e1 (SHARP).
    collective: 0.758,
    // TP all-reduces under TensorRT-LLM and vLLM: each runtime's own kernels' measured times
    // (all-reduce-tables.ts), not the link model; SGLang keeps the link model (not measured).
    // validation/README.md "TP all-reduce times".
    allReduce: { trtllm: B200_TRTLLM_ALL_REDUCE, vllm: B200_VLLM_ALL_REDUCE },
  },
  sources: [
    'peaks (bf16 2250, fp8 4500, fp4 9000), HBM 192 GB / 8.0 TB/s (package), power: stas00/ml-engineering ' +
      'compute/accelerator/README.md @b9e29720 (hardware.md A.1)',
    'SKU capacity 180 GB: MLPerf Inference v4.1/v5.0 system names B200-SXM-180GB (hardware.md B.1 V07, V13)',
    'runtime-visible HBM: nvidia-smi "183359MiB" and cuDeviceTotalMem 182642 MiB in public B200 logs',
    'HBM bandwidth of the 180 GB SKU, 7.7 TB/s: CUDA-reported 7680-bit bus × 3996 MHz DDR = 7.672 TB/s ' +
      '(https://github.com/pytorch/ao/pull/4002); NVIDIA Blackwell datasheet 7.7 TB/s (https://github.com/ai-dynamo/aiconfigurator/pull/1246)',
    'NVLink 5 900/1800 GB/s: stas00/ml-engineering network/README.md @0030e63f, NVLink table (hardware.md A.1)',
    'compute efficiency: MAMF v2 B200 rows, stas00/ml-engineering compute/accelerator/README.md @b9e29720 ' +
      '(BF16 1745.0, FP8 3432.5 TFLOP/s); memory: prior as H100; int8 peak: NVIDIA DGX B200 datasheet',
    'fp4 compute efficiency: NVFP4 torch._scaled_mm on B200, 5.50e15 FLOP/s at 6144³ (pytorch/ao PR #2427, ' +
      'https://github.com/pytorch/ao/pull/2427); cross-check MXFP4 8192³ 5702 (DeepGEMM) / 5239 (cuBLASLt) TFLOP/s ' +
      '(https://github.com/deepseek-ai/DeepGEMM/pull/348)',
    'attention efficiency: cuDNN 9.13.1 SDPA forward on B200, BF16 causal head dim 128, 1384.2 TFLOP/s at 8k ' +
      '(NVIDIA/cudnn-frontend @0b1577c8 benchmark/sdpa_benchmark_training/artifacts/' +
      'sdpa_fp8_benchmark_results_NVIDIA_B200.csv); cross-check FlashAttention-4 1418.1 on SM100 ' +
      '(https://github.com/Dao-AILab/flash-attention/pull/2280)',
    B200_FP4_GEMM.source,
    B200_BF16_GEMM.source,
    B200_VLLM_FP8_GEMM.source,
    'collective efficiency: nccl-tests all_reduce busbw on 8x B200, Ring (NVLS off), 682.2 of 900 GB/s ' +
      '(stas00/ml-engineering network/README.md @744d01e1, SHARP section)',
    B200_TRTLLM_ALL_REDUCE.source,
    B200_VLLM_ALL_REDUCE.source,
  ],
};
