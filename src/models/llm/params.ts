import type { Precision } from '../hardware/types.js';
import { bytesPerWeight } from '../perf/precision.js';
import type { ModelArchitecture } from './types.js';

/**
 * Parameter counts of a dense decoder, from its architecture alone (no biases: Llama and Qwen3 have
 * none). Counts are elements, not bytes.
 */
export interface ParamCounts {
  /** Token embedding table: vocab × hidden. */
  embedding: number;
  /** LM head: vocab × hidden when untied, 0 when tied to the embedding. */
  lmHead: number;
  /** Q, K and V projections of one layer: hidden × (heads + 2 × kvHeads) × headDim. */
  qkvPerLayer: number;
  /** Output projection of one layer: heads × headDim × hidden. */
  oPerLayer: number;
  /** Gated MLP of one layer: gate, up and down, 3 × hidden × intermediate. */
  mlpPerLayer: number;
  /** Norm weights of one layer: 2 × hidden, plus 2 × headDim with q/k norms. */
  normsPerLayer: number;
  /** Linear (GEMM) weights over all layers: the part that weight quantization shrinks. */
  linearTotal: number;
  /** Everything: embedding, all layers, final norm, LM head. */
  total: number;
}

export function countParams(m: ModelArchitecture): ParamCounts {
  const h = m.hiddenSize;
  const qWidth = m.numHeads * m.headDim;
  const kvWidth = m.numKvHeads * m.headDim;
  const embedding = m.vocabSize * h;
  const lmHead = m.tieWordEmbeddings ? 0 : m.vocabSize * h;
  const qkvPerLayer = h * (qWidth + 2 * kvWidth);
  const oPerLayer = qWidth * h;
  const mlpPerLayer = 3 * h * m.intermediateSize;
  const normsPerLayer = 2 * h + (m.qkNorm ? 2 * m.headDim : 0);
  const linearTotal = m.numLayers * (qkvPerLayer + oPerLayer + mlpPerLayer);
  const finalNorm = h;
  const total = embedding + lmHead + linearTotal + m.numLayers * normsPerLayer + finalNorm;
  return { embedding, lmHead, qkvPerLayer, oPerLayer, mlpPerLayer, normsPerLayer, linearTotal, total };
}

/** Total parameter count (countParams(m).total). */
export function paramCount(m: ModelArchitecture): number {
  return countParams(m).total;
}

/**
 * Bytes of the whole model's weights at a precision. Only the decoder's linear layers take the
 * quantized width; embedding, LM head and norms stay bf16, as in vLLM's fp8/int8/fp4 checkpoints
 * (e.g. RedHatAI/nvidia FP8 models list lm_head under "ignore"). Per-channel scales are ignored.
 */
export function weightBytes(m: ModelArchitecture, precision: Precision): number {
  const p = countParams(m);
  return p.linearTotal * bytesPerWeight(precision) + (p.total - p.linearTotal) * bytesPerWeight('bf16');
}
