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
    // TFLOP/s (77.6 %, torch 2.7.1+cu128), FP8 3432.5 of 4500 (76.3 %). No FP4 or INT8 matmul was
    // measured there: both are taken equal to FP8 (a prior, not a measurement). hardware.md A.2's
    // second-hand "H100/B200 up to 93 %" is an upper bound, not used.
    compute: { bf16: 0.776, fp8: 0.763, fp4: 0.763, int8: 0.763 },
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
  ],
};
