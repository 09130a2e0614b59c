import { measuredAllReduce } from './all-reduce-table.js';
import { allGatherCost, allReduceCost } from './collectives.js';
import { graphMode, paddedTokens, type GraphMode } from './cuda-graph.js';
import { expertParallelProblem } from './expert-parallel.js';
import { kvHeadsPerRank, tensorParallelProblem, type Deployment } from './memory.js';
import { createDecodeAttentionSeconds } from './decode-attention.js';
import { createMlaLayerCost } from './mla.js';
import { createMoeLayerCost } from './moe.js';
import { createGemmTableSeconds, measuredGemmTable } from './gemm-table.js';
import { ACTIVATION_BYTES, bytesPerWeight, kvDtypeBytes } from './precision.js';
import { createRates, gemmSeconds, memSeconds } from './roofline.js';
import { VLLM_RUNTIME_OVERHEADS, type RuntimeOverheads } from './runtime-overheads.js';
import { tpuPaddedTokens } from './tpu-padding.js';

/** What one engine step computes: the scheduler's output reduced to the numbers that cost time. */
export interface BatchShape {
  /** Σ new tokens scheduled this step (decodes count 1 each). */
  numTokens: number;
  /** Sequences scheduled this step. */
  numSeqs: number;
  /**
   * Rows through the LM head. vLLM V1 computes logits for every scheduled request, discarding the
   * samples of unfinished prefill chunks, so a faithful caller passes numSeqs here.
   */
  numSampled: number;
  /** Σ_i q_i × (c_i + (q_i + 1) / 2): causal query×key pairs; c_i tokens already computed, q_i new. */
  attnQkPairs: number;
  /** Σ_i (c_i + q_i): KV tokens attention reads. */
  kvReadTokens: number;
  /** Every scheduled sequence has q_i = 1: runs as a FULL CUDA graph, padded. */
  uniformDecode: boolean;
  /**
   * Optional split for MLA models, whose decodes and prefills take different kernels: the number
   * of sequences with q_i = 1 and Σ (c_i + 1) over them (their KV tokens, also their pairs). When
   * absent, a uniform decode is all decode, a single sequence with q > 1 all prefill, and any other
   * batch is priced on the decode (absorbed) path; see createStepTimeModel.
   */
  numDecodes?: number;
  decodeKvReadTokens?: number;
}

/** Where a step's time goes. Op times are summed over all layers, seconds, on one TP rank. */
export interface StepBreakdown {
  /** Tokens the forward actually ran (CUDA-graph padding; on TPUs the power-of-two bucket). */
  numTokensPadded: number;
  graphMode: GraphMode;
  embeddingSeconds: number;
  qkvProjSeconds: number;
  /** Attention kernel plus RoPE and the KV-cache write. */
  attentionSeconds: number;
  oProjSeconds: number;
  /** gate_up GEMM plus SiLU·mul; with MoE, the routed and shared experts'. */
  mlpGateUpSeconds: number;
  /** down GEMM; with MoE, the experts' and the sum of their k outputs. */
  mlpDownSeconds: number;
  /** MoE router GEMM and top-k (0 for a dense model). */
  moeRouterSeconds: number;
  /** Fused residual-add + RMSNorm, two per layer and the final one. */
  normsSeconds: number;
  /** LM head GEMM plus the sampler's passes over the logits. */
  lmHeadSeconds: number;
  /** TP all-reduces (two per layer, one after the embedding) and the logits all-gather. */
  collectiveSeconds: number;
  /** Expert-parallel dispatch and combine all-to-alls, every MoE layer (0 without EP). */
  allToAllSeconds: number;
  gpuSeconds: number;
  cpuSeconds: number;
  stepSeconds: number;
}

/**
 * Prices engine steps of one deployment (DESIGN §6). Precondition: counts are non-negative and
 * consistent (numSampled ≤ numSeqs ≤ numTokens). Postcondition: stepSeconds > 0, since every step
 * reads the weights.
 */
export interface StepTimeModel {
  /** Wall time of one engine step, seconds. Allocation-free: called once per simulated step. */
  stepSeconds(b: BatchShape): number;
  /** The same time, split by op. Allocates; for reports and tests. */
  breakdown(b: BatchShape): StepBreakdown;
}

/** Bytes of HBM traffic per logit in the sampler: fp32 cast, softmax, sampling pass. */
const SAMPLER_BYTES_PER_LOGIT = 16;

/**
 * Builds the step-time model of a deployment: per TP rank, every op costs
 * max(FLOPs ÷ (peak × compute eff), bytes ÷ (HBM × memory eff), kernel floor), each efficiency
 * times the deployment's efficiencyScale; weights are read once per step, attention reads each
 * sequence's whole KV; all-reduces go over the scale-up link; CPU time is a + b × numSeqs +
 * launches, overlapped with the GPU under async scheduling. Every per-deployment constant is
 * computed here, once.
 * - On TPUs (vLLM TPU) the step's tokens are padded to its power-of-two buckets (tpu-padding.ts)
 *   instead of the CUDA-graph sizes; TP collectives use the slice's ICI links (ici.ts).
 * - MoE layers (moe.ts) replace the MLP: router, then the experts a step's tokens touch.
 * - MLA layers (mla.ts) replace GQA. Decodes take the absorbed-weights path (attention on the
 *   latent, as vLLM's FlashMLA decode), prefills the expanded path (kv_b_proj, then plain
 *   attention). Without BatchShape's decode split, a mixed batch of several sequences is priced
 *   on the absorbed path: its prefill attention FLOPs are then up to ~3.4× too high (DeepSeek), but
 *   its decodes are not charged the expansion of their whole context.
 * - Expert parallelism with DP attention (expert-parallel.ts): the batch is the whole replica's;
 *   each DP rank runs attention, dense layers and the LM head on its share (the busiest rank's,
 *   ceil(numSeqs ÷ DP) sequences), the experts on every rank's tokens routed to it (moe.ts), and
 *   each MoE layer adds a dispatch and a combine all-to-all. DP ranks are assumed balanced by
 *   sequence count, as vLLM's DP load balancer aims for; the whole replica is priced as one step.
 *   Compute does not overlap the all-to-all (no two-batch overlap, which DeepSeek and SGLang use).
 * Assumptions: attention FLOPs run at the accelerator's measured attention efficiency where it has
 * one (H100/H200: FlashAttention-3's causal 8k figure, 0.609), else at its bf16 GEMM efficiency
 * (optimistic for long prefills), one rate for every prefill length (MLA's absorbed decode has its
 * own measured rate, mla.ts); attention's K/V read, where the chip has a measured decode-attention
 * curve (Hopper), takes that curve's time for the bytes the step's one kernel reads per layer
 * (latency-bound when small, up to ~0.9 of peak when large), else the flat memory efficiency;
 * the dense GEMMs (qkv, o, gate_up, down; not the bf16 LM head, not MoE experts, not MLA's own
 * projections), where the chip has a measured GEMM table for the weight precision (B200 NVFP4,
 * H100/H200/B200 BF16; H100/H200/B200 FP8 under vLLM only, its own CUTLASS kernel),
 * take the measured kernel time for their shape and padded tokens, as measured (see below), else
 * the roofline; collectives do not overlap compute, as in vLLM without its opt-in async-TP pass;
 * activations, all-reduces and logits are bf16.
 * A measured GEMM time is the runtime's kernel on the chip, activation traffic and quantisation
 * included, so the deployment's efficiencyScale (the runtime factors `fleetsim calibrate` fits to
 * roofline rates) does not apply to it; only the kernel floor does. Likewise a TP all-reduce, where
 * the deployment's runtime had its own all-reduce measured on the chip at that TP, takes the
 * measured time for its bytes (all-reduce-table.ts), not latency + bytes at the collective rate.
 */
export function createStepTimeModel(
  d: Deployment,
  overrides: Partial<RuntimeOverheads> = {},
): StepTimeModel {
  const ep = d.expertParallel;
  const tpProblem = tensorParallelProblem(d.model, d.tensorParallel, ep !== undefined) ?? expertParallelProblem(d.model, d.tensorParallel, ep);
  if (tpProblem) throw new Error(`invalid deployment: ${tpProblem}`);
  const dp = ep ? ep.dataParallel : 1;
  const o: RuntimeOverheads = { ...VLLM_RUNTIME_OVERHEADS, ...overrides };
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'number' && !(v >= 0)) throw new Error(`runtime overhead ${k} must be ≥ 0, got ${v}`);
  }

  const m = d.model;
  const acc = d.accelerator;
  const tp = d.tensorParallel;
  const L = m.numLayers;
  const h = m.hiddenSize;
  const r = createRates(d, o.kernelFloorSeconds);
  const { gemmFlops, bf16Flops, attnFlops, hbm, floor } = r;
  const qCols = (m.numHeads * m.headDim) / tp;
  const kvCols = kvHeadsPerRank(m, tp) * m.headDim;
  const oCols = m.mla ? (m.numHeads * m.mla.vHeadDim) / tp : qCols;
  const iCols = m.intermediateSize / tp;
  const vocabCols = Math.ceil(m.vocabSize / tp);
  const wb = bytesPerWeight(d.precision);
  const ab = ACTIVATION_BYTES;
  const kvb = kvDtypeBytes(d.kvCacheDtype);
  const numMoeLayers = m.moe ? L - m.moe.firstDenseLayers : 0;
  const numDenseLayers = L - numMoeLayers;
  const moe = m.moe ? createMoeLayerCost(d, r) : undefined;
  const mla = m.mla ? createMlaLayerCost(d, r) : undefined;

  // A measured size-dependent HBM rate (below) is a fraction of peak, scaled like `hbm` by the
  // deployment's memory factor.
  const hbmPeak = acc.hbmTBps * 1e12;
  const memoryScale = d.efficiencyScale?.memory ?? 1;
  // A GEMM of T tokens: max(T × fTok, wSec + T × aTok, floor). Seconds per token / per step.
  const qkvF = (2 * h * (qCols + 2 * kvCols)) / gemmFlops;
  const qkvW = (h * (qCols + 2 * kvCols) * wb) / hbm;
  const qkvA = (ab * (h + qCols + 2 * kvCols)) / hbm;
  const oF = (2 * oCols * h) / gemmFlops;
  const oW = (oCols * h * wb) / hbm;
  const oA = (ab * (oCols + h)) / hbm;
  const guF = (2 * h * 2 * iCols) / gemmFlops;
  const guW = (h * 2 * iCols * wb) / hbm;
  const guA = (ab * (h + 2 * iCols)) / hbm;
  const dnF = (2 * iCols * h) / gemmFlops;
  const dnW = (iCols * h * wb) / hbm;
  const dnA = (ab * (iCols + h)) / hbm;
  // Where the chip's GEMMs at this precision were measured (B200 NVFP4, H100/H200/B200 BF16, and
  // under vLLM H100/H200/B200 FP8), each dense GEMM's time over its tokens, for its (N outputs,
  // K inputs); computed once per shape.
  const table = measuredGemmTable(acc.efficiency, d.precision, d.runtime);
  const qkvT = table && createGemmTableSeconds(table, qCols + 2 * kvCols, h);
  const oT = table && createGemmTableSeconds(table, h, oCols);
  const guT = table && createGemmTableSeconds(table, 2 * iCols, h);
  const dnT = table && createGemmTableSeconds(table, h, iCols);
  const siluA = (ab * 3 * iCols) / hbm; // read gate and up, write the product
  // Attention: 4 × headDim FLOPs per query head per query×key pair (QKᵀ and PV); reads K and V.
  const attnPairF = (4 * m.headDim * (m.numHeads / tp)) / attnFlops;
  const kvBytesPerToken = 2 * kvCols * kvb;
  const attnKvRead = kvBytesPerToken / hbm;
  // Where measured, the kernel's K/V read follows its size (latency-bound small, streaming large).
  const kvReadSeconds = createDecodeAttentionSeconds(acc.efficiency.decodeAttention, hbmPeak, memoryScale);
  const attnQA = (ab * 2 * qCols) / hbm; // read q, write the output
  // RoPE (read and write q, k) and the KV-cache write (read k, v; write them at the cache dtype).
  const ropeKvWriteA = (2 * ab * (qCols + kvCols) + 2 * kvCols * (ab + kvb)) / hbm;
  const normA = (4 * h * ab) / hbm; // fused add + RMSNorm: read x and residual, write both
  const embedA = (2 * h * ab) / hbm; // gather a row, write it
  const lmF = (2 * h * vocabCols) / bf16Flops;
  const lmW = (h * vocabCols * ab) / hbm;
  const lmA = (ab * (h + vocabCols) + SAMPLER_BYTES_PER_LOGIT * m.vocabSize) / hbm;
  const numNorms = 2 * L + 1;
  const allReduce = allReduceCost(acc, tp); // zero cost at TP1
  const numAllReduces = 2 * L + 1; // + 1: the vocab-parallel embedding's all-reduce
  const arLatency = allReduce.latencySeconds;
  const arPerToken = (h * ab * allReduce.secondsPerByte) / r.collectiveScale;
  // Where the runtime's all-reduce was measured on this chip at this TP: its time for the step's
  // t × h bf16 activations, as measured (not scaled, as a measured GEMM).
  const arMeasured = measuredAllReduce(acc, d.runtime, tp);
  const gather = allGatherCost(acc, tp);
  const gatherLatency = gather.latencySeconds;
  const gatherPerRow = (m.vocabSize * ab * gather.secondsPerByte) / r.collectiveScale; // bf16 logits
  const maxCapture = o.maxCaptureTokens;
  const tpuBuckets = acc.vendor === 'google'; // a TPU runtime compiles one program per token bucket
  const cpuLaunchFull = o.launchSeconds;
  const cpuLaunchPiecewise = L * o.piecewiseLaunchesPerLayer * o.launchSeconds;
  const cpuLaunchEager = L * (o.eagerLaunchesPerLayer + (tp > 1 ? 2 : 0)) * o.launchSeconds;

  /** A dense GEMM: its measured time where there is one, else the roofline. */
  const dense = (t: number, measured: ((m: number) => number) | undefined, f: number, w: number, a: number): number =>
    measured ? Math.max(measured(t), floor) : gemmSeconds(t, f, w, a, floor);
  const mem = (seconds: number, kernels: number): number => memSeconds(seconds, kernels, floor);

  /**
   * One MLA layer's attention on one rank: splits its n tokens (t padded) of `seqs` sequences into
   * absorbed (decode) and expanded (prefill) parts; nDec and kvDec are the decode split (NaN when
   * the batch has none).
   */
  function mlaAttention(b: BatchShape, t: number, n: number, seqs: number, pairs: number, kv: number, nDec: number, kvDec: number): number {
    if (!mla) return 0;
    if (nDec === nDec && kvDec === kvDec) {
      const nE = n - nDec; // CUDA-graph padding rides with the decodes
      return mla.attention(t, t - nE, kvDec, kvDec, nE, pairs - kvDec, kv - kvDec);
    }
    if (b.uniformDecode || seqs > 1) return mla.attention(t, t, pairs, kv, 0, 0, 0);
    return mla.attention(t, 0, 0, 0, t, pairs, kv);
  }

  /** Prices one step; fills `out` only when given (breakdown), so stepSeconds allocates nothing. */
  function evaluate(b: BatchShape, out: StepBreakdown | undefined): number {
    // With DP attention every DP rank runs its own share of the batch and the step waits for the
    // busiest: ceil(D ÷ DP) of the D decodes and ceil(P ÷ DP) of the P prefill chunks, each share
    // taking that fraction of its part's tokens, pairs and KV (so a lone prefill lands whole on one
    // rank). Without the decode split, one fraction ceil(seqs ÷ DP) ÷ seqs for everything.
    let n = b.numTokens;
    let pairs = b.attnQkPairs;
    let kv = b.kvReadTokens;
    let seqs = b.numSeqs;
    const hasSplit = b.numDecodes !== undefined && b.decodeKvReadTokens !== undefined;
    let nDec = hasSplit ? (b.numDecodes as number) : NaN;
    let kvDec = hasSplit ? (b.decodeKvReadTokens as number) : NaN;
    if (dp > 1 && b.numSeqs > 0) {
      if (hasSplit) {
        const numDec = nDec;
        const numPre = b.numSeqs - numDec;
        const fDec = numDec > 0 ? Math.ceil(numDec / dp) / numDec : 0;
        const fPre = numPre > 0 ? Math.ceil(numPre / dp) / numPre : 0;
        const kvDecAll = kvDec;
        nDec = Math.ceil(numDec / dp);
        kvDec = kvDecAll * fDec;
        n = nDec + Math.ceil((b.numTokens - numDec) * fPre);
        pairs = kvDec + (b.attnQkPairs - kvDecAll) * fPre;
        kv = kvDec + (b.kvReadTokens - kvDecAll) * fPre;
        seqs = nDec + Math.ceil(numPre / dp);
      } else {
        const f = Math.ceil(b.numSeqs / dp) / b.numSeqs;
        n = Math.ceil(b.numTokens * f);
        pairs *= f;
        kv *= f;
        seqs = Math.ceil(b.numSeqs / dp);
      }
    }
    // vLLM TPU pads to its power-of-two token buckets; vLLM on GPUs to the CUDA-graph sizes.
    const t = tpuBuckets ? tpuPaddedTokens(n) : paddedTokens(n, maxCapture);
    const s = dp > 1 && b.numSeqs > 0 ? Math.ceil((b.numSampled * seqs) / b.numSeqs) : b.numSampled;
    const embedding = mem(t * embedA, 1);
    let qkv: number;
    let attention: number;
    if (mla) {
      qkv = L * mla.proj(t);
      attention = L * mlaAttention(b, t, n, seqs, pairs, kv, nDec, kvDec);
    } else {
      qkv = L * dense(t, qkvT, qkvF, qkvW, qkvA);
      const kvRead = kvReadSeconds ? kvReadSeconds(kv * kvBytesPerToken) : kv * attnKvRead;
      const attnCore = Math.max(pairs * attnPairF, kvRead + t * attnQA, floor);
      attention = L * (attnCore + mem(t * ropeKvWriteA, 2));
    }
    const oProj = L * dense(t, oT, oF, oW, oA);
    let gateUp = numDenseLayers * (dense(t, guT, guF, guW, guA) + mem(t * siluA, 1));
    let down = numDenseLayers * dense(t, dnT, dnF, dnW, dnA);
    let router = 0;
    let allToAll = 0;
    if (moe) {
      // Under EP the experts see every DP rank's tokens. For a decode-only step vLLM pads every DP
      // rank to the largest rank's CUDA-graph size (coordinate_batch_across_dp), idle ones with a
      // dummy batch, so t × DP; other steps run eagerly or piecewise on the tokens there are.
      const all = dp > 1 ? (b.uniformDecode ? t * dp : b.numTokens) : t;
      gateUp += numMoeLayers * moe.gateUp(t, all);
      down += numMoeLayers * moe.down(t, all);
      router = numMoeLayers * moe.router(t);
      if (ep) allToAll = numMoeLayers * moe.allToAll(t, b.uniformDecode);
    }
    const norms = numNorms * mem(t * normA, 1);
    const lmHead = s > 0 ? Math.max(s * lmF, lmW + s * lmA, 3 * floor) : 0;
    const arSeconds = arMeasured ? arMeasured(t * h * ab) : arLatency + t * arPerToken;
    const collectives = numAllReduces * arSeconds + (s > 0 ? gatherLatency + s * gatherPerRow : 0);
    const gpu = embedding + qkv + attention + oProj + gateUp + down + router + norms + lmHead + collectives + allToAll;

    // Each DP rank is its own engine core: its CPU time covers its own sequences.
    const launch = n > maxCapture ? cpuLaunchEager : b.uniformDecode ? cpuLaunchFull : cpuLaunchPiecewise;
    const cpu = o.cpuBaseSeconds + o.cpuPerSeqSeconds * seqs + launch;
    const step = (o.asyncScheduling ? Math.max(gpu, cpu) : gpu + cpu) + o.stepGapSeconds;

    if (out) {
      out.numTokensPadded = t;
      out.graphMode = graphMode(n, b.uniformDecode, maxCapture);
      out.embeddingSeconds = embedding;
      out.qkvProjSeconds = qkv;
      out.attentionSeconds = attention;
      out.oProjSeconds = oProj;
      out.mlpGateUpSeconds = gateUp;
      out.mlpDownSeconds = down;
      out.moeRouterSeconds = router;
      out.normsSeconds = norms;
      out.lmHeadSeconds = lmHead;
      out.collectiveSeconds = collectives;
      out.allToAllSeconds = allToAll;
      out.gpuSeconds = gpu;
      out.cpuSeconds = cpu;
      out.stepSeconds = step;
    }
    return step;
  }

  return {
    stepSeconds: (b) => evaluate(b, undefined),
    breakdown(b) {
      const out = {} as StepBreakdown;
      evaluate(b, out);
      return out;
    },
  };
}
