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
  hbmTBps: 8.0, // stas00 memory table (hardware.md A.1)
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
    memory: 0.8, // prior, as H100
    collective: 0.8, // prior, as H100
  },
  sources: [
    'peaks (bf16 2250, fp8 4500, fp4 9000), HBM 192 GB / 8.0 TB/s, power: stas00/ml-engineering ' +
      'compute/accelerator/README.md @b9e29720 (hardware.md A.1)',
    'SKU capacity 180 GB: MLPerf Inference v4.1/v5.0 system names B200-SXM-180GB (hardware.md B.1 V07, V13)',
    'runtime-visible HBM: nvidia-smi "183359MiB" and cuDeviceTotalMem 182642 MiB in public B200 logs',
    'NVLink 5 900/1800 GB/s: stas00/ml-engineering network/README.md @0030e63f, NVLink table (hardware.md A.1)',
    'compute efficiency: MAMF v2 B200 rows, stas00/ml-engineering compute/accelerator/README.md @b9e29720 ' +
      '(BF16 1745.0, FP8 3432.5 TFLOP/s); memory and collective: priors as H100; int8 peak: NVIDIA DGX B200 datasheet',
    'fp4 compute efficiency: NVFP4 torch._scaled_mm on B200, 5.50e15 FLOP/s at 6144³ (pytorch/ao PR #2427, ' +
      'https://github.com/pytorch/ao/pull/2427); cross-check MXFP4 8192³ 5702 (DeepGEMM) / 5239 (cuBLASLt) TFLOP/s ' +
      '(https://github.com/deepseek-ai/DeepGEMM/pull/348)',
  ],
};
