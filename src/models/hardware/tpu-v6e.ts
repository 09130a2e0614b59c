import type { Accelerator } from './types.js';

/**
 * Google Cloud TPU v6e (Trillium), one TensorCore per chip, 2D torus of up to 256 chips.
 * Figures: Google's v6e page as quoted in ../shared/reference/hardware.md §A.1 (a HuggingFace
 * dataset's 230 TFLOP/s is wrong). No measured LLM-serving row exists for TPUs (hardware.md B.3).
 */
export const TPU_V6E: Accelerator = {
  id: 'tpu-v6e',
  vendor: 'google',
  displayName: 'Google TPU v6e (Trillium)',
  peakTflops: {
    bf16: 918, // docs.cloud.google.com/tpu/docs/v6e
    int8: 1836, // TOPS; same page. No fp8 units: fp8 runs at the bf16 rate (perf/precision.ts).
  },
  // 32 GB HBM; XLA reports "of 31.25G hbm" in its out-of-memory messages (public v6e logs).
  hbmGiB: 31.25,
  hbmTBps: 1.638, // 1638 GB/s (docs.cloud.google.com/tpu/docs/v6e)
  scaleUp: {
    name: 'ICI, 2D torus (4 ports)',
    allToAllGBps: 400, // 800 GB/s bidirectional per chip = 400 one direction
    peerToPeerGBps: 100, // one port to one neighbour, one direction: 400 / 4
    topology: 'ici-torus',
    latencySeconds: 10e-6, // prior; no published figure
  },
  hostLinkGBps: 63, // PCIe Gen5 x16 (hardware.md A.1)
  efficiency: {
    compute: { bf16: 0.7, int8: 0.7 }, // prior, as TPU v5e/v5p: no TPU MAMF measurement exists
    memory: 0.8, // prior
    collective: 0.7, // prior
  },
  sources: [
    'peaks (bf16 918, int8 1836), 32 GB, 1638 GB/s, ICI 800 GB/s bidir, 4 ports: ' +
      'docs.cloud.google.com/tpu/docs/v6e.md.txt (hardware.md A.1)',
    'runtime-visible HBM: XLA out-of-memory messages "Used ...G of 31.25G hbm" in public v6e logs',
    'efficiencies: priors (no TPU measurement in hardware.md A.2)',
  ],
};
