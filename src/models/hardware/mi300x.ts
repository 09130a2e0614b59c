import type { Accelerator } from './types.js';

/**
 * AMD Instinct MI300X 192 GB (750 W), 8 per node on a fully connected xGMI mesh.
 * Figures: ../shared/reference/hardware.md §A.1 and §A.2.
 */
export const MI300X: Accelerator = {
  id: 'mi300x',
  vendor: 'amd',
  displayName: 'AMD Instinct MI300X 192GB',
  peakTflops: {
    bf16: 1307.4, // dense; stas00 TFLOPS table ("1300 (1307.4)", hardware.md A.1)
    fp8: 2614.9, // dense; AMD datasheet (hardware.md rounds to 2600)
    int8: 2614.9, // dense TOPS; AMD datasheet. Not in hardware.md.
  },
  // 192 GB HBM3; rocm-smi "VRAM Total Memory (B): 205822885888" = 191.69 GiB, which
  // torch.cuda.mem_get_info also reports on ROCm (several public rocm-smi/vLLM notes).
  hbmGiB: 191.69,
  hbmTBps: 5.3, // stas00 memory table (hardware.md A.1)
  scaleUp: {
    name: 'Infinity Fabric (xGMI) mesh',
    allToAllGBps: 448, // 7 links x 64 GB/s one direction (stas00 network/README.md)
    // Each pair of GPUs has one 64 GB/s link. A TP2 group gets only that; TP4 three of them
    // (see perf/collectives.ts). 8x MI300X all-reduce: TP2 47.7 GB/s vs TP8 312.9 GB/s bus bw.
    peerToPeerGBps: 64,
    topology: 'xgmi-mesh',
    latencySeconds: 15e-6, // prior: RCCL/custom all-reduce small-message latency, above NVLink's
  },
  hostLinkGBps: 63, // PCIe Gen5 x16 (MLPerf v4.1 AMD system file)
  tdpWatts: 750,
  efficiency: {
    // MAMF v2 (cache reset, TunableOp, ROCm 6.3): 668.4/1307.4 = 0.511 (hardware.md A.2; v1 without
    // cache reset gave 0.60). fp8/int8 unmeasured: prior equal to bf16.
    compute: { bf16: 0.511, fp8: 0.511, int8: 0.511 },
    memory: 0.8, // second-hand report: ~81 % of 5.3 TB/s achieved (hardware.md A.2)
    // Measured all-reduce bus bandwidth (4 GB payload): 312.9/448 = 0.70 at 8 GPUs, 47.7/64 = 0.75
    // at 2 GPUs (stas00 network/README.md, hardware.md A.2).
    collective: 0.7,
  },
  sources: [
    'peaks, HBM, power: stas00/ml-engineering compute/accelerator/README.md @b9e29720 (hardware.md A.1)',
    'xGMI: stas00/ml-engineering network/README.md @0030e63f, Infinity Fabric table (hardware.md A.1)',
    'all-reduce bus bandwidth 2 vs 8 GPUs: same file (hardware.md A.2)',
    'system: mlcommons/inference_results_v4.1 closed/AMD/systems/8xMI300X_2xEPYC-9374F.json',
  ],
};
