import type { Deployment } from './memory.js';
import { ACTIVATION_BYTES, bytesPerWeight } from './precision.js';
import { gemmSeconds, memSeconds, type Rates } from './roofline.js';

/**
 * Expected number of distinct experts T tokens route to, each picking k of E uniformly:
 * E × (1 − (1 − k/E)^T). One token touches k; a large batch touches all E. Real routers are not
 * uniform (hot experts), so this is an upper bound on the experts a step reads.
 */
export function expectedExpertsTouched(numExperts: number, topK: number, numTokens: number): number {
  return numExperts * (1 - Math.pow(1 - topK / numExperts, numTokens));
}

/** Seconds one MoE layer's parts take on one rank for a step of t tokens. Allocation-free. */
export interface MoeLayerCost {
  /** Router GEMM (hidden × E, bf16, replicated) and the top-k kernel. */
  router(t: number): number;
  /** Routed experts' gate_up grouped GEMM and SiLU·mul, plus the shared experts'. */
  gateUp(t: number): number;
  /** Routed experts' down grouped GEMM and the weighted sum of k outputs, plus the shared experts'. */
  down(t: number): number;
}

/**
 * One MoE layer under tensor parallelism as vLLM runs it without expert parallelism: every rank
 * holds every expert, split over its intermediate width (I/TP columns). For T tokens:
 * - weights read = expectedExpertsTouched(E, k, T) experts × their per-rank slice, plus shared;
 * - FLOPs = T × k × 2 × 3 × hidden × I / TP (plus shared), at the GEMM efficiency, which is
 *   optimistic for the small per-expert batches of decode, where the weight read dominates anyway;
 * - activations (fused_moe): each token's input gathered k times, k gate_up and k down outputs,
 *   then moe_sum reads the k outputs and writes one.
 */
export function createMoeLayerCost(d: Deployment, r: Rates): MoeLayerCost {
  const moe = d.model.moe;
  if (!moe) throw new Error(`model ${d.model.id} has no MoE`);
  const tp = d.tensorParallel;
  const h = d.model.hiddenSize;
  const E = moe.numExperts;
  const k = moe.numExpertsPerTok;
  const iCols = moe.moeIntermediateSize / tp;
  const sCols = (moe.numSharedExperts * moe.moeIntermediateSize) / tp;
  const wb = bytesPerWeight(d.precision);
  const ab = ACTIVATION_BYTES;
  const { floor } = r;
  const keep = 1 - k / E; // chance one token leaves a given expert out

  const routerF = (2 * h * E) / r.bf16Flops;
  const routerW = (h * E * ab) / r.hbm;
  const routerA = (ab * (h + E)) / r.hbm;
  const topkA = (ab * E + 8 * k) / r.hbm; // read the logits, write k ids and weights
  // Routed experts, per token (k copies) and per expert touched (its weight slice).
  const guF = (k * 2 * h * 2 * iCols) / r.gemmFlops;
  const guWPerExpert = (h * 2 * iCols * wb) / r.hbm;
  const guA = (ab * k * (h + 2 * iCols)) / r.hbm;
  const siluA = (ab * k * 3 * iCols) / r.hbm;
  const dnF = (k * 2 * iCols * h) / r.gemmFlops;
  const dnWPerExpert = (iCols * h * wb) / r.hbm;
  const dnA = (ab * k * (iCols + h)) / r.hbm;
  const sumA = (ab * (k * h + h)) / r.hbm; // moe_sum: read the k outputs, write one
  // Shared experts: one dense gated MLP of sCols columns per rank.
  const sguF = (2 * h * 2 * sCols) / r.gemmFlops;
  const sguW = (h * 2 * sCols * wb) / r.hbm;
  const sguA = (ab * (h + 2 * sCols)) / r.hbm;
  const ssiluA = (ab * 3 * sCols) / r.hbm;
  const sdnF = (2 * sCols * h) / r.gemmFlops;
  const sdnW = (sCols * h * wb) / r.hbm;
  const sdnA = (ab * (sCols + h)) / r.hbm;
  const shared = sCols > 0;

  const touched = (t: number): number => E * (1 - Math.pow(keep, t));
  return {
    router: (t) => gemmSeconds(t, routerF, routerW, routerA, floor) + memSeconds(t * topkA, 1, floor),
    gateUp(t) {
      const routed = gemmSeconds(t, guF, touched(t) * guWPerExpert, guA, floor) + memSeconds(t * siluA, 1, floor);
      return shared ? routed + gemmSeconds(t, sguF, sguW, sguA, floor) + memSeconds(t * ssiluA, 1, floor) : routed;
    },
    down(t) {
      const routed = gemmSeconds(t, dnF, touched(t) * dnWPerExpert, dnA, floor) + memSeconds(t * sumA, 1, floor);
      return shared ? routed + gemmSeconds(t, sdnF, sdnW, sdnA, floor) : routed;
    },
  };
}
