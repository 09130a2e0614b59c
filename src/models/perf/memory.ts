import type { Accelerator, Precision } from '../hardware/types.js';
import { routedExpertBytes, weightBytesPerRank } from '../llm/params.js';
import type { ModelArchitecture } from '../llm/types.js';
import { expertParallelProblem, expertsPerRank, type ExpertParallelism } from './expert-parallel.js';
import { ACTIVATION_BYTES, kvDtypeBytes, type KvCacheDtype } from './precision.js';
import type { RuntimeId } from './runtime.js';

const GIB = 2 ** 30;

/**
 * Multipliers (default 1, each > 0) on the accelerator's efficiencies, applied wherever the
 * step-time model uses them: `compute` on GEMM and attention FLOP rates, `memory` on HBM bandwidth,
 * `collective` on the TP link bandwidth. The runtime/calibration layer sets them per serving runtime.
 */
export interface EfficiencyScale {
  compute?: number;
  memory?: number;
  collective?: number;
}

/**
 * One engine replica: a model sharded over `tensorParallel` chips of one kind, or, with
 * `expertParallel`, DP attention ranks of `tensorParallel` chips each with the experts spread over
 * all of them (expert-parallel.ts).
 */
export interface Deployment {
  accelerator: Accelerator;
  model: ModelArchitecture;
  tensorParallel: number;
  /** Weight (and GEMM activation) precision. */
  precision: Precision;
  kvCacheDtype: KvCacheDtype;
  /** Scales the accelerator's efficiencies in the step-time model; absent = all 1. */
  efficiencyScale?: EfficiencyScale;
  /** DP attention + expert parallelism; absent = experts TP-sharded, one DP rank. */
  expertParallel?: ExpertParallelism;
  /**
   * The serving runtime, where its own kernels were measured on the chip (its TP all-reduce,
   * all-reduce-table.ts; its fused MoE op, measured-moe.ts; its FP8 GEMMs, gemm-table.ts); absent =
   * none of those measurements.
   */
  runtime?: RuntimeId;
}

/** The vLLM engine arguments that size the KV cache (vLLM names, camelCase). */
export interface EngineMemoryConfig {
  /** Fraction of HBM the engine may use, (0, 1]; vLLM's default is 0.92. */
  gpuMemoryUtilization: number;
  /** Tokens in the profiling forward pass; vLLM serve's default on ≥ 70 GiB GPUs is 8192. */
  maxNumBatchedTokens: number;
  /** Rows in the profiling sampler pass; default 1024 on ≥ 70 GiB GPUs. */
  maxNumSeqs: number;
  /** Tokens per KV block; default 16. */
  blockSize: number;
}

/**
 * What vLLM's memory profile measures besides weights and activations. Defaults: VLLM_MEMORY_PRIORS.
 */
export interface MemoryPriors {
  /** CUDA-graph pool, GiB, subtracted from the KV budget (vLLM ≥ 0.21 does so by default). */
  cudaGraphGiB: number;
  /** Non-torch memory at TP1 (cuBLAS workspaces, runtime bookkeeping), GiB. */
  nonTorchGiBTp1: number;
  /** Non-torch memory at TP ≥ 2, GiB: adds NCCL and custom all-reduce buffers. */
  nonTorchGiBTpN: number;
  /** Bytes alive per logit element in the profiling sampler pass. */
  samplerBytesPerLogit: number;
  /** All-to-all communication buffers per rank with expert parallelism (DeepEP/NVSHMEM), GiB. */
  allToAllBufferGiB: number;
}

/**
 * Priors from vLLM v0.19.0 startup logs on H100 ("Capacity Planner Accuracy Report — vLLM v0.19.0 /
 * H100-80GB", a public report over 49 runs, found in the code index without its repository name):
 * CUDA-graph pools 0.51–1.85 GiB (mean 1.04); non-torch 0.25 GiB at TP1, 2.07 at TP2, 2.13 at TP4
 * (TP8 unmeasured, assumed the same). samplerBytesPerLogit: see activationPeakBytes.
 */
export const VLLM_MEMORY_PRIORS: Readonly<MemoryPriors> = Object.freeze({
  cudaGraphGiB: 1.0,
  nonTorchGiBTp1: 0.25,
  nonTorchGiBTpN: 2.1,
  samplerBytesPerLogit: 14,
  // A prior, not measured: DeepEP's low-latency buffer for 7168-wide tokens, 256 experts and a few
  // hundred dispatch tokens per rank is ~1–2 GiB (Buffer.get_low_latency_rdma_size_hint), plus the
  // normal-mode NVLink buffer.
  allToAllBufferGiB: 2,
});

export type MemoryPlan =
  | {
      ok: true;
      /** KV blocks per rank, as vLLM's "GPU KV cache size" line; block 0 is the null block. */
      numGpuBlocks: number;
      /** util × HBM, GiB. */
      requestedGiB: number;
      weightsGiBPerRank: number;
      /** Of weightsGiBPerRank, the routed experts' (all of them TP-sharded, or the rank's whole ones under EP). */
      routedExpertsGiBPerRank: number;
      /** Torch peak increase of the profiling run, GiB. */
      activationGiB: number;
      cudaGraphGiB: number;
      /** Non-torch memory, with the all-to-all buffers under EP, GiB. */
      nonTorchGiB: number;
      /** Bytes left for KV cache per rank, GiB. */
      kvCacheGiB: number;
      kvBytesPerBlockPerRank: number;
      /** numGpuBlocks × blockSize: tokens the cache holds. */
      maxTokens: number;
    }
  | {
      ok: false;
      /** `layout`: vLLM refuses the parallel layout; `weights`: they do not fit; `kv`: no room left for KV. */
      kind: 'layout' | 'weights' | 'kv';
      reason: string;
    };

/** KV heads stored on one rank: kvHeads / TP, at least 1 (vLLM replicates heads when TP > kvHeads). */
export function kvHeadsPerRank(m: ModelArchitecture, tensorParallel: number): number {
  return Math.max(1, Math.ceil(m.numKvHeads / tensorParallel));
}

/**
 * KV-cache bytes per token on one rank.
 * - GQA: layers × kvHeadsPerRank × headDim × 2 (K and V) × dtype bytes.
 * - MLA: layers × (kvLoraRank + qkRopeHeadDim) × dtype bytes: one latent and the shared rotary key,
 *   no factor 2, and not split by TP: every rank caches the whole latent, as vLLM does
 *   (vllm-engine.md §3.3). vLLM's FlashMLA backend needs blockSize 64; the caller picks blockSize.
 *   (vLLM's `fp8_ds_mla` cache layout, 656 bytes per token per layer, is not modelled: fp8 = 1 byte.)
 */
export function kvBytesPerTokenPerRank(d: Deployment): number {
  const m = d.model;
  const dtypeBytes = kvDtypeBytes(d.kvCacheDtype);
  if (m.mla) return m.numLayers * (m.mla.kvLoraRank + m.mla.qkRopeHeadDim) * dtypeBytes;
  return m.numLayers * kvHeadsPerRank(m, d.tensorParallel) * m.headDim * 2 * dtypeBytes;
}

/**
 * Why vLLM would refuse this TP degree for the model, or undefined when it is accepted. With
 * `expertParallel` the experts are whole on their ranks, so their width need not divide by TP.
 */
export function tensorParallelProblem(m: ModelArchitecture, tp: number, expertParallel = false): string | undefined {
  if (!Number.isInteger(tp) || tp < 1) return `tensorParallel must be a positive integer, got ${tp}`;
  if (m.numHeads % tp !== 0) return `${m.numHeads} attention heads are not divisible by tensorParallel ${tp}`;
  if (m.numKvHeads % tp !== 0 && tp % m.numKvHeads !== 0) {
    return `${m.numKvHeads} KV heads and tensorParallel ${tp}: neither divides the other`;
  }
  // vLLM shards each expert's intermediate width over the TP ranks (no expert parallelism).
  if (m.moe && !expertParallel && m.moe.moeIntermediateSize % tp !== 0) {
    return `expert intermediate size ${m.moe.moeIntermediateSize} is not divisible by tensorParallel ${tp}`;
  }
  return undefined;
}

/**
 * Peak torch memory of vLLM's profiling run on one rank, bytes: the larger of two phases.
 * - Forward of maxNumBatchedTokens (T) tokens; the widest point of a layer holds the residual and
 *   the normed input (2 × hidden) beside either the MLP's gate_up output and SiLU·mul output
 *   (3 × intermediate / TP) or attention's QKV and output (2·heads + 2·kvHeads) × headDim / TP,
 *   all bf16.
 * - Sampler over S = min(maxNumSeqs, T) rows of the full vocabulary (logits are gathered across TP)
 *   at 14 bytes per element, while the last layer's input, residual and norm output
 *   (3 × T × hidden × 2 bytes) stay alive. 14 reads as bf16 logits 2 + fp32 copy 4 + probabilities 4
 *   + exponential noise for sampling 4; it is inferred from the measurements below, not from the
 *   sampler's code.
 * - With MoE, the MLP width is the larger of the dense layers' and the fused-MoE kernel's caches:
 *   k experts per token × (gate_up 2·I/TP + SiLU output I/TP + expert outputs hidden).
 * - With expert parallelism the rank's experts are whole but it gets T × k ÷ TP of the DP group's
 *   token copies on average, so the MoE width is k × (3 × I + hidden) ÷ TP per token.
 * Engine limits are per DP rank, as vLLM's are.
 * The sampler phase dominates at the defaults, which is why vLLM reports the same activation
 * figure at TP1, 2 and 4. Checked against vLLM v0.19.0 on H100 (T 8192, S 1024): Llama-3.1-8B
 * 1.90 vs 1.89 GiB measured, Qwen3-8B 2.22 vs 2.21; not used to pick the 14: gemma-2-9b 3.58 and
 * gemma-2-27b 3.63 vs 3.62–3.66 for Gemma-2, granite-3.1-8b 0.84 vs 0.75–0.85, phi-4 1.57 vs 1.52.
 * vLLM ≤ 0.16 reported about 2.5× more (Qwen3-14B: 5.64 GiB at 0.16, 2.23 at 0.17).
 */
export function activationPeakBytes(
  d: Deployment,
  e: EngineMemoryConfig,
  priors: MemoryPriors = VLLM_MEMORY_PRIORS,
): number {
  const m = d.model;
  const tp = d.tensorParallel;
  const tokens = e.maxNumBatchedTokens;
  const denseWidth = (3 * m.intermediateSize) / tp;
  const moeWidth = !m.moe
    ? 0
    : d.expertParallel
      ? (m.moe.numExpertsPerTok * (3 * m.moe.moeIntermediateSize + m.hiddenSize)) / tp
      : m.moe.numExpertsPerTok * ((3 * m.moe.moeIntermediateSize) / tp + m.hiddenSize);
  const mlpWidth = Math.max(m.moe && m.moe.firstDenseLayers === 0 ? 0 : denseWidth, moeWidth);
  const attnWidth = ((2 * m.numHeads + 2 * m.numKvHeads) * m.headDim) / tp;
  const forward = tokens * ACTIVATION_BYTES * (2 * m.hiddenSize + Math.max(mlpWidth, attnWidth));
  const sampledRows = Math.min(e.maxNumSeqs, tokens);
  const logits = sampledRows * m.vocabSize * priors.samplerBytesPerLogit;
  const sampler = logits + 3 * tokens * m.hiddenSize * ACTIVATION_BYTES;
  return Math.max(forward, sampler);
}

/**
 * KV-cache budget and block count per rank, as vLLM's determine_available_memory does
 * (vllm-engine.md §3.3): kv = util × HBM − weights/TP − activation peak − CUDA-graph pool − non-torch;
 * numGpuBlocks = floor(kv / (blockSize × kvBytesPerTokenPerRank)). Weights per rank: see
 * weightBytesPerRank (all sharded but MLA's down-projections and MoE routers).
 * With expert parallelism the plan is per rank too: the rank holds ceil(E ÷ EP) whole experts per
 * MoE layer plus its DP rank's TP shard of everything else, non-torch memory adds the all-to-all
 * buffers, and the replica's KV is numGpuBlocks on each of its DP ranks (for MLA, TP ranks of one
 * DP rank hold the same latent, so DP, not TP, multiplies capacity).
 * An expected "does not fit" is a value, not a throw; its reason names the numbers and the layout.
 */
export function planMemory(
  d: Deployment,
  e: EngineMemoryConfig,
  priors: MemoryPriors = VLLM_MEMORY_PRIORS,
): MemoryPlan {
  const ep = d.expertParallel;
  const layoutProblem = tensorParallelProblem(d.model, d.tensorParallel, ep !== undefined) ?? expertParallelProblem(d.model, d.tensorParallel, ep);
  if (layoutProblem) return { ok: false, kind: 'layout', reason: layoutProblem };
  const requestedGiB = e.gpuMemoryUtilization * d.accelerator.hbmGiB;
  const localExperts = ep ? expertsPerRank(d.model, ep) : undefined;
  const weightsGiBPerRank = weightBytesPerRank(d.model, d.precision, d.tensorParallel, localExperts) / GIB;
  const routed = routedExpertBytes(d.model, d.precision);
  const routedExpertsGiBPerRank =
    (d.model.moe ? (ep ? (routed * (localExperts ?? 0)) / d.model.moe.numExperts : routed / d.tensorParallel) : 0) / GIB;
  const where = `${d.model.id} ${d.precision} on ${d.accelerator.id}, ${layoutLabel(d)}`;
  const gib = (x: number): string => x.toFixed(2);
  if (weightsGiBPerRank >= requestedGiB) {
    const split = d.model.moe ? ` (routed experts ${gib(routedExpertsGiBPerRank)} + the rest ${gib(weightsGiBPerRank - routedExpertsGiBPerRank)})` : '';
    return {
      ok: false,
      kind: 'weights',
      reason:
        `weights take ${gib(weightsGiBPerRank)} GiB per rank${split}, more than ` +
        `gpuMemoryUtilization × HBM = ${e.gpuMemoryUtilization} × ${gib(d.accelerator.hbmGiB)} = ${gib(requestedGiB)} GiB ` +
        `(${where})`,
    };
  }
  const activationGiB = activationPeakBytes(d, e, priors) / GIB;
  const nonTorchGiB =
    (d.tensorParallel > 1 || ep ? priors.nonTorchGiBTpN : priors.nonTorchGiBTp1) + (ep ? priors.allToAllBufferGiB : 0);
  const kvCacheGiB = requestedGiB - weightsGiBPerRank - activationGiB - priors.cudaGraphGiB - nonTorchGiB;
  const kvBytesPerBlockPerRank = e.blockSize * kvBytesPerTokenPerRank(d);
  const numGpuBlocks = kvCacheGiB > 0 ? Math.floor((kvCacheGiB * GIB) / kvBytesPerBlockPerRank) : 0;
  // Block 0 is vLLM's permanent null block, so fewer than 2 leaves nothing to serve with.
  if (numGpuBlocks < 2) {
    return {
      ok: false,
      kind: 'kv',
      reason:
        `no room for KV blocks: ${gib(kvCacheGiB)} GiB left per rank = ${gib(requestedGiB)} requested − weights ` +
        `${gib(weightsGiBPerRank)} − activations ${gib(activationGiB)} − CUDA graphs ${gib(priors.cudaGraphGiB)} − ` +
        `non-torch ${gib(nonTorchGiB)} (${where})`,
    };
  }
  return {
    ok: true,
    numGpuBlocks,
    requestedGiB,
    weightsGiBPerRank,
    routedExpertsGiBPerRank,
    activationGiB,
    cudaGraphGiB: priors.cudaGraphGiB,
    nonTorchGiB,
    kvCacheGiB,
    kvBytesPerBlockPerRank,
    maxTokens: numGpuBlocks * e.blockSize,
  };
}

/** `tensorParallel 8`, or `TP1 × DP16, EP16 over 2 nodes`: how the replica is laid out, for messages. */
export function layoutLabel(d: Deployment): string {
  const ep = d.expertParallel;
  if (!ep) return `tensorParallel ${d.tensorParallel}`;
  const nodes = ep.numNodes > 1 ? ` over ${ep.numNodes} nodes` : '';
  return `TP${d.tensorParallel} × DP${ep.dataParallel}, EP${ep.size}${nodes}`;
}
