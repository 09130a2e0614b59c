import type { Precision } from '../hardware/types.js';
import { bytesPerWeight } from '../perf/precision.js';
import type { ModelArchitecture } from './types.js';

/**
 * Parameter counts of a decoder, from its architecture alone (no biases: Llama, Qwen3, Mixtral and
 * DeepSeek have none). Counts are elements, not bytes.
 */
export interface ParamCounts {
  /** Token embedding table: vocab × hidden. */
  embedding: number;
  /** LM head: vocab × hidden when untied, 0 when tied to the embedding. */
  lmHead: number;
  /**
   * Attention input projections of one layer. GQA: hidden × (heads + 2 × kvHeads) × headDim.
   * MLA: q_a, q_b (or q_proj without q_lora_rank), kv_a_proj_with_mqa and kv_b_proj.
   */
  qkvPerLayer: number;
  /** Output projection of one layer: heads × headDim (MLA: v_head_dim) × hidden. */
  oPerLayer: number;
  /** Dense gated MLP of one dense layer: gate, up, down, 3 × hidden × intermediate. */
  mlpPerLayer: number;
  /** Norm weights of one layer: 2 × hidden, plus q/k norms, plus MLA's q_a and kv_a norms. */
  normsPerLayer: number;
  /** Layers with a dense MLP (all layers of a dense model). */
  numDenseLayers: number;
  /** Layers with a MoE in place of the MLP. */
  numMoeLayers: number;
  /** One routed expert: 3 × hidden × moeIntermediate (0 without MoE). */
  expertParams: number;
  /** Shared experts of one MoE layer: numShared × 3 × hidden × moeIntermediate. */
  sharedExpertsPerLayer: number;
  /** Router (gate) of one MoE layer: hidden × numExperts. Kept bf16, like norms. */
  routerPerLayer: number;
  /** Linear (GEMM) weights over all layers: the part that weight quantization shrinks. */
  linearTotal: number;
  /**
   * Weights every TP rank holds whole (vLLM ReplicatedLinear): MLA's q_a and kv_a down-projections
   * (linear, quantized) and the MoE routers (bf16), over all layers.
   */
  replicatedLinear: number;
  replicatedRouter: number;
  /** Everything: embedding, all layers, final norm, LM head. */
  total: number;
  /** Parameters one token touches: total minus the routed experts it does not go to. */
  active: number;
}

export function countParams(m: ModelArchitecture): ParamCounts {
  const h = m.hiddenSize;
  const L = m.numLayers;
  const embedding = m.vocabSize * h;
  const lmHead = m.tieWordEmbeddings ? 0 : m.vocabSize * h;
  let qkvPerLayer: number;
  let oPerLayer: number;
  let normsPerLayer = 2 * h + (m.qkNorm ? 2 * m.headDim : 0);
  let replicatedPerLayer = 0;
  if (m.mla) {
    const a = m.mla;
    const qkWidth = m.numHeads * (a.qkNopeHeadDim + a.qkRopeHeadDim);
    const kvA = h * (a.kvLoraRank + a.qkRopeHeadDim); // latent plus the shared rotary key
    const q = a.qLoraRank > 0 ? h * a.qLoraRank + a.qLoraRank * qkWidth : h * qkWidth;
    qkvPerLayer = q + kvA + a.kvLoraRank * m.numHeads * (a.qkNopeHeadDim + a.vHeadDim);
    oPerLayer = m.numHeads * a.vHeadDim * h;
    normsPerLayer += a.qLoraRank + a.kvLoraRank;
    replicatedPerLayer = kvA + (a.qLoraRank > 0 ? h * a.qLoraRank : 0);
  } else {
    qkvPerLayer = h * (m.numHeads + 2 * m.numKvHeads) * m.headDim;
    oPerLayer = m.numHeads * m.headDim * h;
  }
  const mlpPerLayer = 3 * h * m.intermediateSize;
  const moe = m.moe;
  const numMoeLayers = moe ? L - moe.firstDenseLayers : 0;
  const numDenseLayers = L - numMoeLayers;
  const expertParams = moe ? 3 * h * moe.moeIntermediateSize : 0;
  const sharedExpertsPerLayer = moe ? moe.numSharedExperts * expertParams : 0;
  const routerPerLayer = moe ? h * moe.numExperts : 0;
  const routedPerLayer = moe ? moe.numExperts * expertParams : 0;
  const linearTotal =
    L * (qkvPerLayer + oPerLayer) +
    numDenseLayers * mlpPerLayer +
    numMoeLayers * (routedPerLayer + sharedExpertsPerLayer);
  const finalNorm = h;
  const total = embedding + lmHead + linearTotal + numMoeLayers * routerPerLayer + L * normsPerLayer + finalNorm;
  const idleExperts = moe ? moe.numExperts - moe.numExpertsPerTok : 0;
  return {
    embedding,
    lmHead,
    qkvPerLayer,
    oPerLayer,
    mlpPerLayer,
    normsPerLayer,
    numDenseLayers,
    numMoeLayers,
    expertParams,
    sharedExpertsPerLayer,
    routerPerLayer,
    linearTotal,
    replicatedLinear: L * replicatedPerLayer,
    replicatedRouter: numMoeLayers * routerPerLayer,
    total,
    active: total - numMoeLayers * idleExperts * expertParams,
  };
}

/** Total parameter count (countParams(m).total). */
export function paramCount(m: ModelArchitecture): number {
  return countParams(m).total;
}

/** Parameters one token touches (countParams(m).active); equals the total for a dense model. */
export function activeParamCount(m: ModelArchitecture): number {
  return countParams(m).active;
}

/**
 * Bytes of the whole model's weights at a precision. Only the decoder's linear layers take the
 * quantized width; embedding, LM head, norms and MoE routers stay bf16, as in vLLM's fp8/int8/fp4
 * checkpoints (e.g. RedHatAI/nvidia FP8 models list lm_head and the MoE gate under "ignore").
 * Per-channel and block scales are ignored.
 */
export function weightBytes(m: ModelArchitecture, precision: Precision): number {
  const p = countParams(m);
  return p.linearTotal * bytesPerWeight(precision) + (p.total - p.linearTotal) * bytesPerWeight('bf16');
}

/** Bytes of all routed experts' weights at a precision (0 for a dense model). */
export function routedExpertBytes(m: ModelArchitecture, precision: Precision): number {
  const p = countParams(m);
  return m.moe ? p.numMoeLayers * m.moe.numExperts * p.expertParams * bytesPerWeight(precision) : 0;
}

/**
 * Weight bytes one rank of a TP group holds: everything is sharded (embedding and LM head are
 * vocab-parallel, experts split their intermediate width) except the replicated layers, which every
 * rank holds whole. Replicated K/V projections at TP > kvHeads are ignored.
 * With expert parallelism (`expertsPerRank` given), the routed experts are not TP-sharded: the rank
 * holds that many whole experts per MoE layer, and the rest is sharded TP ways as above (each DP
 * rank holds its own copy of it).
 */
export function weightBytesPerRank(
  m: ModelArchitecture,
  precision: Precision,
  tensorParallel: number,
  expertsPerRank?: number,
): number {
  const p = countParams(m);
  const replicated = p.replicatedLinear * bytesPerWeight(precision) + p.replicatedRouter * bytesPerWeight('bf16');
  if (expertsPerRank === undefined || !m.moe) return (weightBytes(m, precision) - replicated) / tensorParallel + replicated;
  const routed = routedExpertBytes(m, precision);
  const local = (routed * expertsPerRank) / m.moe.numExperts;
  return (weightBytes(m, precision) - routed - replicated) / tensorParallel + replicated + local;
}
