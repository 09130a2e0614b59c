import { allToAllLinks } from './collectives.js';
import { expertsPerRank } from './expert-parallel.js';
import { groupedGemmRate } from './grouped-gemm.js';
import { createMeasuredMoeSeconds, findMeasuredMoeLayer } from './measured-moe.js';
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

/** gate_up's share of a measured MoE layer: 2 × hidden × I of the expert's 3 × hidden × I weights and FLOPs. */
const MEASURED_GATE_UP_SHARE = 2 / 3;

/**
 * Seconds one MoE layer's parts take on one rank. `t` is the tokens of the rank's own (DP) batch;
 * `all` the tokens of the whole replica (every DP rank), which under expert parallelism feed the
 * rank's experts; without it `all` = t. Allocation-free.
 */
export interface MoeLayerCost {
  /** Router GEMM (hidden × E, bf16, replicated) and the top-k kernel (inside a measured op, where there is one). */
  router(t: number): number;
  /** Routed experts' gate_up grouped GEMM and SiLU·mul, plus the shared experts'. */
  gateUp(t: number, all?: number): number;
  /** Routed experts' down grouped GEMM and the weighted sum of k outputs, plus the shared experts'. */
  down(t: number, all?: number): number;
  /**
   * Expert-parallel dispatch and combine all-to-alls of the rank's t tokens, with the low-latency
   * kernels for a decode-only step and the high-throughput ones otherwise; 0 without EP.
   */
  allToAll(t: number, decodeOnly: boolean): number;
}

/**
 * One MoE layer, per rank. Without expert parallelism vLLM shards every expert over the TP ranks
 * (I/TP columns each) and every rank computes every token. For T tokens:
 * - weights read = expectedExpertsTouched(E, k, T) experts × their per-rank slice, plus shared;
 * - FLOPs = T × k × 2 × 3 × hidden × I / TP (plus shared). The shared experts run at the GEMM
 *   rate; the routed ones, a grouped GEMM of T × k ÷ (experts touched) rows per expert, at that rate
 *   × the accelerator's measured grouped-GEMM curve (grouped-gemm.ts; DeepGEMM on H800: 0.68 of it
 *   at ≤ 256 rows per expert, 0.76 at 512, 0.84 at 1024, 1 from 4096). A dense layer's GEMM has
 *   all T rows; an expert's only its share, which is what costs MoE layers their rate at the
 *   batches where they are compute-bound;
 * - activations (fused_moe): each token's input gathered k times, k gate_up and k down outputs,
 *   then moe_sum reads the k outputs and writes one.
 * With expert parallelism (DP attention, expert-parallel.ts) a rank holds n = ceil(E ÷ EP) whole
 * experts and computes the token copies routed to them from the whole replica's A tokens:
 * - rows = A × k ÷ EP × imbalance (the busiest rank, which the lockstep step waits for);
 * - weights read = n × (1 − (1 − k/E)^A) experts (each local expert touched by at least one token);
 * - FLOPs and activations as above with `rows` for T × k and the full width I (rows per expert =
 *   rows ÷ local experts touched);
 * - the shared experts run on the rank's own t tokens, sharded over its DP rank's TP ranks;
 * - dispatch sends each of its t ÷ TP tokens (TP ranks of a DP rank split its tokens) k times at
 *   the GEMM input width (fp8 with fp8 weights, as DeepEP's low-latency dispatch; bf16 otherwise),
 *   combine returns k bf16 outputs; the busiest rank receives imbalance × that. allToAllLinks prices
 *   the bytes over NVLink and the scale-out NIC, choosing DeepEP's kernels per step as SGLang's
 *   `--deepep-mode auto` does:
 *   - decode-only steps, low-latency kernels: every copy goes straight to its expert's GPU, so a
 *     token's k copies split (G − 1)/EP over NVLink and (EP − G)/EP over the NIC (G GPUs per node);
 *   - steps with prefill tokens, high-throughput kernels: a token crosses to each other node that
 *     holds one of its experts once, then fans out over NVLink, so the NIC carries
 *     (N − 1) × (1 − (1 − 1/N)^k) copies per token (N nodes; ≈ 1 at N = 2, k = 8) and NVLink
 *     k × (G − 1)/G.
 *   The slower link bounds each call.
 * Where TensorRT-LLM's fused MoE op was measured for this accelerator, precision, expert shape and
 * layout (measured-moe.ts), that time, at the tokens entering the op (`all`), replaces the routed
 * experts above and the top-k: the op includes routing, activation quantisation, both grouped GEMMs,
 * SwiGLU and the finalize (the weighted sum). It is split 2 : 1 between gate_up and down, their ratio
 * of weights and FLOPs (the breakdown only). The router GEMM, the shared experts and the all-to-all
 * stay priced as above: the measurement has none of them. Its skewed rows are already the busiest
 * rank's time, so the imbalance then scales only the all-to-all. The runtime's efficiency factors are not
 * applied to it: they stand for how well a runtime's kernels use the chip, and this is the runtime's
 * own kernel, timed (they were fitted on roofline-priced dense ops, never on a measured time).
 */
export function createMoeLayerCost(d: Deployment, r: Rates): MoeLayerCost {
  const moe = d.model.moe;
  if (!moe) throw new Error(`model ${d.model.id} has no MoE`);
  const ep = d.expertParallel;
  const tp = d.tensorParallel;
  const h = d.model.hiddenSize;
  const E = moe.numExperts;
  const k = moe.numExpertsPerTok;
  const iCols = ep ? moe.moeIntermediateSize : moe.moeIntermediateSize / tp;
  const sCols = (moe.numSharedExperts * moe.moeIntermediateSize) / tp;
  const wb = bytesPerWeight(d.precision);
  const ab = ACTIVATION_BYTES;
  const { floor } = r;
  const keep = 1 - k / E; // chance one token leaves a given expert out
  // Expert copies per token the (busiest) rank computes, per token of the whole replica.
  const rowsPerToken = ep ? (k * ep.imbalance) / ep.size : k;
  const localExperts = ep ? expertsPerRank(d.model, ep) : E;

  const routerF = (2 * h * E) / r.bf16Flops;
  const routerW = (h * E * ab) / r.hbm;
  const routerA = (ab * (h + E)) / r.hbm;
  const topkA = (ab * E + 8 * k) / r.hbm; // read the logits, write k ids and weights
  // Routed experts, per token of the replica (its copies on this rank) and per expert touched.
  const guF = (rowsPerToken * 2 * h * 2 * iCols) / r.gemmFlops;
  const guWPerExpert = (h * 2 * iCols * wb) / r.hbm;
  const guA = (ab * rowsPerToken * (h + 2 * iCols)) / r.hbm;
  const siluA = (ab * rowsPerToken * 3 * iCols) / r.hbm;
  const dnF = (rowsPerToken * 2 * iCols * h) / r.gemmFlops;
  const dnWPerExpert = (iCols * h * wb) / r.hbm;
  const dnA = (ab * rowsPerToken * (iCols + h)) / r.hbm;
  const sumA = (ab * (k * h + h)) / r.hbm; // moe_sum: read the k outputs, write one (own tokens)
  // Shared experts: one dense gated MLP of sCols columns per rank.
  const sguF = (2 * h * 2 * sCols) / r.gemmFlops;
  const sguW = (h * 2 * sCols * wb) / r.hbm;
  const sguA = (ab * (h + 2 * sCols)) / r.hbm;
  const ssiluA = (ab * 3 * sCols) / r.hbm;
  const sdnF = (2 * sCols * h) / r.gemmFlops;
  const sdnW = (sCols * h * wb) / r.hbm;
  const sdnA = (ab * (sCols + h)) / r.hbm;
  const shared = sCols > 0;
  // All-to-all: seconds per token of the rank's own batch, dispatch and combine together.
  const links = ep ? allToAllLinks(d.accelerator, ep.size, ep.numNodes, ep.scaleOut) : undefined;
  const bytesPerCopy = ep ? (h * (Math.min(wb, ab) + ab) * ep.imbalance) / tp / r.collectiveScale : 0;
  let a2aDecode = 0;
  let a2aPrefill = 0;
  let a2aLatency = 0;
  if (ep && links) {
    const G = links.gpusPerNode;
    const N = Math.ceil(ep.size / G);
    const nvl = links.scaleUpSecondsPerByte;
    const nic = links.scaleOutSecondsPerByte;
    a2aDecode = bytesPerCopy * Math.max(((k * (G - 1)) / ep.size) * nvl, N > 1 ? ((k * (ep.size - G)) / ep.size) * nic : 0);
    const remoteNodes = (N - 1) * (1 - Math.pow(1 - 1 / N, k));
    a2aPrefill = bytesPerCopy * Math.max(((k * (G - 1)) / G) * nvl, remoteNodes * nic);
    a2aLatency = 2 * links.latencySeconds;
  }

  const measured = findMeasuredMoeLayer(d);
  const measuredSeconds = measured ? createMeasuredMoeSeconds(measured) : undefined;

  // gateUp and down of one step ask for the same count: remember the last answers (no allocation).
  const curve = d.accelerator.efficiency.groupedGemm;
  let lastAll = -1;
  let lastTouched = 0;
  let lastRate = 1;
  let lastMeasured = 0;
  const update = (all: number): void => {
    if (all !== lastAll) {
      lastAll = all;
      lastTouched = localExperts * (1 - Math.pow(keep, all));
      lastRate = lastTouched > 0 ? groupedGemmRate(curve, (all * rowsPerToken) / lastTouched) : 1;
      lastMeasured = measuredSeconds && all > 0 ? measuredSeconds(all) : 0;
    }
  };
  return {
    router: (t) => gemmSeconds(t, routerF, routerW, routerA, floor) + (measuredSeconds ? 0 : memSeconds(t * topkA, 1, floor)),
    gateUp(t, all = t) {
      update(all);
      const routed = measuredSeconds
        ? MEASURED_GATE_UP_SHARE * lastMeasured
        : gemmSeconds(all, guF / lastRate, lastTouched * guWPerExpert, guA, floor) + memSeconds(all * siluA, 1, floor);
      return shared ? routed + gemmSeconds(t, sguF, sguW, sguA, floor) + memSeconds(t * ssiluA, 1, floor) : routed;
    },
    down(t, all = t) {
      update(all);
      const routed = measuredSeconds
        ? (1 - MEASURED_GATE_UP_SHARE) * lastMeasured
        : gemmSeconds(all, dnF / lastRate, lastTouched * dnWPerExpert, dnA, floor) + memSeconds(t * sumA, 1, floor);
      return shared ? routed + gemmSeconds(t, sdnF, sdnW, sdnA, floor) : routed;
    },
    allToAll: (t, decodeOnly) => (ep && t > 0 ? a2aLatency + t * (decodeOnly ? a2aDecode : a2aPrefill) : 0),
  };
}
