import type { Accelerator } from './types.js';

/**
 * Google Cloud TPU v5e (one TensorCore per chip), 2D torus, 8 chips per host.
 * Figures: Google's own pages as quoted in ../shared/reference/hardware.md §A.1 (the stas00 table's
 * 1.60 TB/s is wrong). No measured LLM-serving row exists for TPUs (hardware.md B.3). The bf16
 * matmul and ICI efficiencies are measured on v5e (JAX docs, scaling book); the rest are priors.
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
    torusDims: 2,
    // Measured: a latency-bound AllGather (32 kB per chip) over an axis of 4 v5e chips took ~8 µs
    // (scaling book, sharding chapter, Pop Quiz 2 (b): "In practice, it's closer to 8us"; its
    // estimate is ~1 µs per hop). Taken per collective whatever the group size.
    latencySeconds: 8e-6,
  },
  hostLinkGBps: 32, // not published; assumed PCIe Gen4 x16
  efficiency: {
    // bf16 measured: XLA's jnp.matmul, bf16 8192×8192×8192 on v5e, 6.047 ms = 181.8 TFLOP/s =
    // 0.923 of 197 (4096³: 0.843), timed with timeit so dispatch included (jax-ml/jax
    // docs/pallas/tpu/matmul.ipynb @1082251c, cell "XLA matmul"); the best shape, as MAMF is for
    // the GPUs. int8 unmeasured: prior 0.7 (the notebook leaves int8 as an exercise).
    compute: { bf16: 0.923, int8: 0.7 },
    memory: 0.8, // prior, as for the GPUs: no achieved-HBM-bandwidth measurement for a TPU found
    // Measured: AllGather of bf16[2048, 8192] (33.55 MB) over an axis of 4 v5e chips without
    // wraparound took 680 µs (scaling book, sharding chapter, Pop Quiz 2 (a), profile linked
    // there); at one 50 GB/s link per chip (perf/ici.ts) the ideal is 0.75 × 33.55 MB ÷ 50e9 =
    // 503 µs, so 503/680 = 0.74. Serving slices (≤ 8 chips) never have wraparound, hence this
    // figure rather than the ~95 % of the book's 45 GB/s per link (0.855 of 50) on a wrapped
    // 16-ring at ≥ 10 MB (same chapter, "empirical measurement of AllGather bandwidth").
    collective: 0.74,
  },
  sources: [
    'peaks, HBM, ICI: cloud.google.com/tpu/docs/v5e and docs.cloud.google.com/tpu/docs/v5e (hardware.md A.1)',
    'runtime-visible HBM: XLA out-of-memory messages "Used ...G of 15.75G hbm" in public v5e logs',
    'compute bf16 0.923: jax-ml/jax docs/pallas/tpu/matmul.ipynb @1082251c (XLA jnp.matmul 8192³, 181.8 of 197 TFLOP/s)',
    'ICI: collective 0.74 and latency 8 µs from the AllGather profiles in jax-ml.github.io/scaling-book/sharding ' +
      '(Pop Quiz 2: 680 µs vs 503 µs ideal; ~8 µs latency-bound); no wraparound below 16 chips per axis (/tpus)',
    'int8 compute and memory efficiencies: priors (unmeasured)',
  ],
};
