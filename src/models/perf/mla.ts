import type { Deployment } from './memory.js';
import { ACTIVATION_BYTES, bytesPerWeight, kvDtypeBytes } from './precision.js';
import { gemmSeconds, memSeconds, type Rates } from './roofline.js';

/** Seconds one MLA layer's parts take on one rank. Allocation-free. */
export interface MlaLayerCost {
  /** Input projections: q_a and kv_a (fused, replicated on every rank), their RMSNorms, q_b. */
  proj(t: number): number;
  /**
   * Attention of one layer for t tokens: nA of them on the absorbed path (pA query×key pairs, kA
   * latent tokens read), nE on the expanded path (pE pairs, kE tokens expanded and read), plus RoPE
   * and the latent-cache write for all t.
   */
  attention(t: number, nA: number, pA: number, kA: number, nE: number, pE: number, kE: number): number;
}

/**
 * Multi-head latent attention (DeepSeek-V2/V3) as vLLM's MLA backends run it, per rank with
 * heads/TP query heads (vllm/v1/attention/backends/mla/common.py):
 * - Absorbed path (decode, FlashMLA): W_UK is folded into the query (q_nope × W_UK gives a
 *   kv_lora_rank query per head) and W_UV into the output, so attention runs on the cached latent
 *   directly: per query×key pair 2·heads·(kvLora + rope) FLOPs for QKᵀ and 2·heads·kvLora for PV,
 *   and per cached token only the latent (kvLora + rope) × KV dtype bytes are read. Those FLOPs run
 *   at the accelerator's measured MLA-decode rate (Rates.mlaFlops; FlashMLA on Hopper reaches
 *   0.667 of bf16 peak, below a GEMM's 0.803), else at the bf16 GEMM rate. vLLM dequantizes W_UK
 *   and W_UV to bf16, so those two bmm run at the bf16 GEMM rate on bf16 weights.
 * - Expanded path (prefill): kv_b_proj expands every context token's latent into per-head K_nope
 *   and V (2·kvLora·heads·(nope + v) FLOPs per token), then ordinary attention with qk width
 *   nope + rope and v width v_head_dim: fewer FLOPs per pair, more bytes per context token. That
 *   attention is a FlashAttention-class prefill kernel, so it runs at the attention rate
 *   (Rates.attnFlops), as GQA attention does.
 * Which tokens take which path is the step-time model's choice (step-time.ts).
 */
export function createMlaLayerCost(d: Deployment, r: Rates): MlaLayerCost {
  const m = d.model;
  const a = m.mla;
  if (!a) throw new Error(`model ${m.id} has no MLA`);
  const h = m.hiddenSize;
  const hr = m.numHeads / d.tensorParallel;
  const { kvLoraRank: kvL, qLoraRank: qL, qkNopeHeadDim: dn, qkRopeHeadDim: dr, vHeadDim: dv } = a;
  const wb = bytesPerWeight(d.precision);
  const ab = ACTIVATION_BYTES;
  const kvb = kvDtypeBytes(d.kvCacheDtype);
  const { floor, gemmFlops, bf16Flops, attnFlops, mlaFlops, hbm } = r;
  const qCols = hr * (dn + dr);

  // Down-projections, replicated: with q_lora_rank, q_a and kv_a run as one fused GEMM.
  const downCols = (qL > 0 ? qL : 0) + kvL + dr;
  const downF = (2 * h * downCols) / gemmFlops;
  const downW = (h * downCols * wb) / hbm;
  const downA = (ab * (h + downCols)) / hbm;
  const normA = (ab * 2 * (qL + kvL)) / hbm; // q_a_layernorm, kv_a_layernorm: read and write
  const numNorms = qL > 0 ? 2 : 1;
  const qIn = qL > 0 ? qL : h; // q_b from the compressed query, or q_proj from the hidden state
  const qF = (2 * qIn * qCols) / gemmFlops;
  const qW = (qIn * qCols * wb) / hbm;
  const qA = (ab * (qIn + qCols)) / hbm;

  // Absorbed path: q_nope × W_UK, latent attention, × W_UV.
  const ukF = (2 * hr * dn * kvL) / bf16Flops;
  const ukW = (hr * dn * kvL * ab) / hbm;
  const ukA = (ab * hr * (dn + kvL)) / hbm;
  const absPairF = (2 * hr * (2 * kvL + dr)) / mlaFlops;
  const absKv = ((kvL + dr) * kvb) / hbm;
  const absQ = (ab * hr * (2 * kvL + dr)) / hbm; // read the latent query, write the latent output
  const uvF = (2 * hr * kvL * dv) / bf16Flops;
  const uvW = (hr * kvL * dv * ab) / hbm;
  const uvA = (ab * hr * (kvL + dv)) / hbm;
  // Expanded path: kv_b_proj over the latent of every token attended to, then plain attention.
  const kvbF = (2 * kvL * hr * (dn + dv)) / gemmFlops;
  const kvbW = (kvL * hr * (dn + dv) * wb) / hbm;
  const kvbA = (kvL * kvb + ab * hr * (dn + dv)) / hbm; // read the latent, write K_nope and V
  const expPairF = (2 * hr * (dn + dr + dv)) / attnFlops;
  const expKv = (ab * hr * (dn + dr + dv)) / hbm; // read K (rope part broadcast) and V
  const expQ = (ab * (qCols + hr * dv)) / hbm;
  // RoPE on q_pe and the shared k_pe; the latent-cache write (read bf16, write at the cache dtype).
  const ropeWriteA = (2 * ab * (hr * dr + dr) + (kvL + dr) * (ab + kvb)) / hbm;

  return {
    proj: (t) =>
      gemmSeconds(t, downF, downW, downA, floor) +
      memSeconds(t * normA, numNorms, floor) +
      gemmSeconds(t, qF, qW, qA, floor),
    attention(t, nA, pA, kA, nE, pE, kE) {
      let s = memSeconds(t * ropeWriteA, 2, floor);
      if (nA > 0) {
        s += gemmSeconds(nA, ukF, ukW, ukA, floor);
        s += Math.max(pA * absPairF, kA * absKv + nA * absQ, floor);
        s += gemmSeconds(nA, uvF, uvW, uvA, floor);
      }
      if (nE > 0) {
        s += gemmSeconds(kE, kvbF, kvbW, kvbA, floor);
        s += Math.max(pE * expPairF, kE * expKv + nE * expQ, floor);
      }
      return s;
    },
  };
}
