import type { Accelerator } from './types.js';

/**
 * AMD Instinct MI325X 256 GB (1000 W): MI300X's compute die with HBM3e, 8 per node on the same
 * fully connected xGMI mesh. Figures: ../shared/reference/hardware.md §A.1 and §A.2.
 */
export const MI325X: Accelerator = {
  id: 'mi325x',
  vendor: 'amd',
  displayName: 'AMD Instinct MI325X 256GB',
  peakTflops: {
    bf16: 1307.4, // dense; "1307 TFLOP/s FP16" (docs.vultr.com, citing AMD's product page; hardware.md A.1)
    fp8: 2614.9, // dense; AMD datasheet, as MI300X (hardware.md rounds to 2600)
    int8: 2614.9, // dense TOPS; AMD datasheet, as MI300X. Not in hardware.md.
  },
  // 256 GB HBM3e (8 stacks of 32 GiB). No rocm-smi figure found; derived with MI300X's reserve
  // (192 GiB physical, 191.69 GiB visible): 256 − 0.31 = 255.69 GiB. Derived, not measured.
  hbmGiB: 255.69,
  hbmTBps: 6.0, // docs.vultr.com hardware requirements, citing AMD (hardware.md A.1)
  scaleUp: {
    name: 'Infinity Fabric (xGMI) mesh',
    allToAllGBps: 448, // 7 links x 64 GB/s one direction, as MI300X (stas00 network/README.md)
    peerToPeerGBps: 64, // one 64 GB/s link per pair: TP2 gets 64, TP4 192 (perf/collectives.ts)
    topology: 'xgmi-mesh',
    latencySeconds: 15e-6, // prior, as MI300X
  },
  hostLinkGBps: 63, // PCIe Gen5 x16 (hardware.md A.1)
  tdpWatts: 1000,
  efficiency: {
    // MAMF v2 (TunableOp, 1000 W): 784.9 TFLOP/s. The table's 60.4 % is of 1300; of the 1307.4
    // peak used here it is 0.600, computed the same way as MI300X's 0.511. fp8/int8: prior equal.
    compute: { bf16: 0.6, fp8: 0.6, int8: 0.6 },
    memory: 0.8, // prior, as MI300X (~81 % of peak reported second-hand, hardware.md A.2)
    collective: 0.7, // as MI300X's measured mesh all-reduce (hardware.md A.2)
  },
  sources: [
    'bf16 1307 TFLOP/s, 256 GB, 6.0 TB/s: docs.vultr.com/inference-cookbook/rocm/getting-started/' +
      'hardware-requirements, citing AMD (hardware.md A.1)',
    'xGMI 448 all-to-all / 64 peer-to-peer: stas00/ml-engineering network/README.md @0030e63f (hardware.md A.1)',
    'compute efficiency: MAMF v2 784.9 TFLOP/s, stas00/ml-engineering compute/accelerator/README.md (hardware.md A.2)',
    'all-reduce efficiency: MI300X 2 vs 8 GPU bus bandwidth, stas00 network/README.md (hardware.md A.2)',
  ],
};
