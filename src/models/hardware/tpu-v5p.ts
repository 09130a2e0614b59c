import type { Accelerator } from './types.js';

/**
 * Google Cloud TPU v5p (two TensorCores per chip), 3D torus.
 * Figures: Google's own pages as quoted in ../shared/reference/hardware.md §A.1 (the stas00 table's
 * 4.80 TB/s is wrong). No measured LLM-serving row exists for TPUs (hardware.md B.3).
 */
export const TPU_V5P: Accelerator = {
  id: 'tpu-v5p',
  vendor: 'google',
  displayName: 'Google TPU v5p',
  peakTflops: {
    bf16: 459, // cloud.google.com/tpu/docs/v5p-training
    fp8: 459, // listed equal to bf16: no fp8 speed-up (hardware.md A.1)
    int8: 918, // TOPS; Google v5p announcement. Not in hardware.md.
  },
  // 95 GB HBM2e; XLA reports "of 95.74G hbm" in out-of-memory messages from v5p pods (public logs).
  hbmGiB: 95.74,
  hbmTBps: 2.765, // "95GB, 2765 GBps" (cloud.google.com/tpu/docs/v5p-training)
  scaleUp: {
    name: 'ICI, 3D torus (6 ports)',
    allToAllGBps: 600, // 4800 Gbps per chip; newer page: 1200 GB/s bidirectional
    peerToPeerGBps: 100, // one of 6 ports, one direction: 600 / 6
    topology: 'ici-torus',
    torusDims: 3,
    latencySeconds: 10e-6, // prior: no v5p figure (v5e measured ~8 µs, tpu-v5e.ts)
  },
  hostLinkGBps: 32, // not published; assumed PCIe Gen4 x16
  efficiency: {
    // Priors: no v5p measurement found (v5e's measured 0.923 bf16 and 0.74 ICI are in tpu-v5e.ts).
    // TP8 is a 2x2x2 slice with no wraparound (only whole 4x4x4 cubes have it): 3 × 100 GB/s (perf/ici.ts).
    compute: { bf16: 0.7, fp8: 0.7, int8: 0.7 },
    memory: 0.8,
    collective: 0.7,
  },
  sources: [
    'peaks, HBM, ICI: cloud.google.com/tpu/docs/v5p-training and ' +
      'docs.cloud.google.com/tpu/docs/v5p-training (hardware.md A.1)',
    'runtime-visible HBM: XLA out-of-memory messages "Used ...G of 95.74G hbm" in public v5p logs',
    'efficiencies: priors (unmeasured); ICI slice topology: jax-ml.github.io/scaling-book/tpus ("2x2x4 won\'t have any wraparounds")',
  ],
};
