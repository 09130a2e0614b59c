import type { Accelerator } from './types.js';

/**
 * Intel Gaudi 3 (HL-325L OAM, 900 W), 8 per node, all-to-all over on-chip RoCE ports.
 * Figures: ../shared/reference/hardware.md §A.1 and §A.2.
 */
export const GAUDI3: Accelerator = {
  id: 'gaudi3',
  vendor: 'intel',
  displayName: 'Intel Gaudi 3 128GB',
  peakTflops: {
    // As shipped: MME clock 1600 MHz x 256x256 x 2 x 8 MMEs = 1677, not the whitepaper's 1835
    // (stas00 compute/accelerator/README.md, hardware.md A.1).
    bf16: 1677,
    fp8: 1677, // same as bf16 (hardware.md A.1): the MMEs run fp8 at the bf16 rate
  },
  // 128 GB HBM2e (8 x 16 GiB). No runtime figure found; assumed 1 % reserved, as on H100
  // (79.19 of 80 GiB).
  hbmGiB: 126.7,
  hbmTBps: 3.7, // hardware.md A.1
  scaleUp: {
    name: 'on-chip 200 GbE RoCE v2 (21 ports in-node)',
    // 21 of the 24 x 200 Gb/s ports stay inside the node: 21 x 25 GB/s = 525 GB/s one direction.
    // hardware.md quotes "about 600", which counts all 24 ports including the 3 for scale-out.
    allToAllGBps: 525,
    peerToPeerGBps: 75, // 3 ports per peer x 25 GB/s (hardware.md A.1)
    topology: 'roce-mesh',
    latencySeconds: 20e-6, // prior: RoCE collective latency, above NVLink's and xGMI's
  },
  hostLinkGBps: 63, // PCIe Gen5 x16
  tdpWatts: 900,
  efficiency: {
    // MAMF v1: 1288.8 TFLOP/s = 0.768 of 1677 (hardware.md A.2). fp8 unmeasured: prior equal.
    compute: { bf16: 0.768, fp8: 0.768 },
    memory: 0.8, // prior, as for the GPUs
    collective: 0.7, // prior, as MI300X's measured mesh figure
  },
  sources: [
    'peaks, clocks, HBM, power: stas00/ml-engineering compute/accelerator/README.md @b9e29720 (hardware.md A.1)',
    'RoCE ports: stas00/ml-engineering network/README.md @0030e63f, Gaudi notes (hardware.md A.1)',
    'compute efficiency: MAMF table, same compute file (hardware.md A.2)',
  ],
};
