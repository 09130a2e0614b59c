import type { Accelerator } from './types.js';

/**
 * Google Cloud TPU v6e (Trillium), one TensorCore per chip, 2D torus of up to 256 chips.
 * Figures: Google's v6e page as quoted in ../shared/reference/hardware.md §A.1 (a HuggingFace
 * dataset's 230 TFLOP/s is wrong). Its one serving row is V41 (validation/README.md).
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
    torusDims: 2,
    latencySeconds: 10e-6, // prior: no v6e figure (v5e measured ~8 µs, tpu-v5e.ts)
  },
  hostLinkGBps: 63, // PCIe Gen5 x16 (hardware.md A.1)
  efficiency: {
    // Prior: no v6e matmul measurement found. v5e measured 0.923 (tpu-v5e.ts), not carried over:
    // v6e's MXUs are 256×256 (v5e 128×128; scaling book /tpus), which changes tiling.
    compute: { bf16: 0.7, int8: 0.7 },
    memory: 0.8, // prior: no achieved-HBM-bandwidth measurement for a TPU found
    // Prior: no v6e ICI measurement; v5e measured 0.74 on an unwrapped axis (tpu-v5e.ts). The
    // slice topology itself is modelled: TP8 is a 2x4 slice with no wraparound, so a collective
    // gets 2 links × 100 GB/s = 200 GB/s, not the chip's 400 (perf/ici.ts).
    collective: 0.7,
  },
  sources: [
    'peaks (bf16 918, int8 1836), 32 GB, 1638 GB/s, ICI 800 GB/s bidir, 4 ports: ' +
      'docs.cloud.google.com/tpu/docs/v6e.md.txt (hardware.md A.1)',
    'runtime-visible HBM: XLA out-of-memory messages "Used ...G of 31.25G hbm" in public v6e logs',
    'efficiencies: priors (no v6e measurement found; v5e measured, see tpu-v5e.ts)',
    'ICI slice topology (links per axis, no wraparound below 16): jax-ml.github.io/scaling-book/tpus and /sharding',
  ],
};
