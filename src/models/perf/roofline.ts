import type { Deployment } from './memory.js';
import { attentionFlopsPerSecond, effectiveFlopsPerSecond, effectiveHbmBytesPerSecond, mlaDecodeFlopsPerSecond } from './precision.js';

/**
 * The achieved rates one rank's kernels run at: the accelerator's peaks × its efficiencies × the
 * deployment's efficiencyScale. Every op's cost constants are divided by these once, when a
 * step-time model is built.
 */
export interface Rates {
  /** GEMMs at the deployment's weight precision, FLOP/s. */
  gemmFlops: number;
  /** The bf16 layers (LM head, MoE router, MLA's matrices and attention), FLOP/s. */
  bf16Flops: number;
  /** GQA attention's FLOPs: bf16 peak × the accelerator's attention efficiency, FLOP/s. */
  attnFlops: number;
  /** MLA's absorbed decode attention: bf16 peak × the accelerator's MLA-decode efficiency, FLOP/s. */
  mlaFlops: number;
  /** HBM streaming, bytes/s. */
  hbm: number;
  /** Multiplier on the TP link bandwidth (collectives.ts applies the accelerator's own efficiency). */
  collectiveScale: number;
  /** Minimum GPU time of any kernel, seconds. */
  floor: number;
}

export function createRates(d: Deployment, kernelFloorSeconds: number): Rates {
  const s = d.efficiencyScale ?? {};
  for (const [k, v] of Object.entries(s)) {
    if (v !== undefined && !(v > 0 && Number.isFinite(v))) {
      throw new Error(`efficiencyScale.${k} must be a positive finite number, got ${v}`);
    }
  }
  const compute = s.compute ?? 1;
  return {
    gemmFlops: effectiveFlopsPerSecond(d.accelerator, d.precision) * compute,
    bf16Flops: effectiveFlopsPerSecond(d.accelerator, 'bf16') * compute,
    attnFlops: attentionFlopsPerSecond(d.accelerator) * compute,
    mlaFlops: mlaDecodeFlopsPerSecond(d.accelerator) * compute,
    hbm: effectiveHbmBytesPerSecond(d.accelerator) * (s.memory ?? 1),
    collectiveScale: s.collective ?? 1,
    floor: kernelFloorSeconds,
  };
}

/**
 * A GEMM over t tokens: max(compute, weights + activations, floor), where f is seconds of compute
 * per token, w seconds to read the weights once and a seconds of activation traffic per token.
 */
export function gemmSeconds(t: number, f: number, w: number, a: number, floor: number): number {
  return Math.max(t * f, w + t * a, floor);
}

/** A memory-bound pass of `seconds`, at least one floor per kernel it takes. */
export function memSeconds(seconds: number, kernels: number, floor: number): number {
  return Math.max(seconds, kernels * floor);
}
