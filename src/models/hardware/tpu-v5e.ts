import type { Accelerator } from './types.js';

/**
 * Google Cloud TPU v5e (one TensorCore per chip), 2D torus, 8 chips per host.
 * Figures: Google's own pages as quoted in ../shared/reference/hardware.md §A.1 (the stas00 table's
 * 1.60 TB/s is wrong). No measured LLM-serving row exists for TPUs (hardware.md B.3).
 */
export const TPU_V5E: Accelerator = {
  id: 'tpu-v5e',
  vendor: 'google',
  displayName: 'Google TPU v5e',
  peakTflops: {
    bf16: 197, // cloud.google.com/tpu/docs/v5e
    int8: 393, // TOPS; same page. No fp8 units: fp8 runs at the bf16 rate (perf/precision.ts).
  },
  // 16 GB HBM2; XLA reports "of 15.75G hbm" in its out-of-memory messages (public v5e logs).
  hbmGiB: 15.75,
  hbmTBps: 0.819, // "16 GB, 819 GBps" (cloud.google.com/tpu/docs/v5e)
  scaleUp: {
    name: 'ICI, 2D torus (4 ports)',
    allToAllGBps: 200, // 1600 Gbps per chip; newer page: 400 GB/s bidirectional over 4 ports
    peerToPeerGBps: 50, // one port to one neighbour, one direction: 200 / 4
    topology: 'ici-torus',
    latencySeconds: 10e-6, // prior; no published figure
  },
  hostLinkGBps: 32, // not published; assumed PCIe Gen4 x16
  efficiency: {
    // Prior: no MAMF-style TPU measurement in the reference set. Chosen between MI300X (0.51) and
    // H100 (0.80); revisit when a TPU row exists.
    compute: { bf16: 0.7, int8: 0.7 },
    memory: 0.8, // prior, as for the GPUs
    collective: 0.7, // prior
  },
  sources: [
    'peaks, HBM, ICI: cloud.google.com/tpu/docs/v5e and docs.cloud.google.com/tpu/docs/v5e (hardware.md A.1)',
    'runtime-visible HBM: XLA out-of-memory messages "Used ...G of 15.75G hbm" in public v5e logs',
  ],
};
