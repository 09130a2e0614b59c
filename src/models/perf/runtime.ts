import type { Accelerator, KernelRuntime } from '../hardware/types.js';
import calibration from './calibration.json' with { type: 'json' };
import { VLLM_RUNTIME_OVERHEADS, type RuntimeOverheads } from './runtime-overheads.js';

/** The serving runtimes: the ones a hardware table may have measured the kernels of. */
export type RuntimeId = KernelRuntime;
export const RUNTIME_IDS: readonly RuntimeId[] = ['vllm', 'trtllm', 'sglang'];

/** Engine limits a runtime uses when the scenario leaves them unset (vLLM names, camelCase). */
export interface RuntimeEngineDefaults {
  maxNumSeqs: number;
  maxNumBatchedTokens: number;
  blockSize: number;
  gpuMemoryUtilization: number;
}

/** Multipliers on the accelerator's measured efficiencies: how well a runtime's kernels use them. */
export interface RuntimeFactors {
  compute: number;
  memory: number;
}

/**
 * A serving runtime: its per-step overheads, its default engine limits, and two calibrated
 * factors. Published numbers from TensorRT-LLM or SGLang are modelled with the same scheduler and
 * roofline; a runtime changes only these documented knobs, never one factor per validation row.
 */
export interface RuntimeProfile {
  id: RuntimeId;
  displayName: string;
  overheads: RuntimeOverheads;
  defaults(accelerator: Accelerator): RuntimeEngineDefaults;
  sources: string[];
}

/** vLLM `vllm serve` (vllm-engine.md §3.1): ≥ 70 GiB GPUs 8192 tokens / 1024 seqs, others 2048 / 256. */
const VLLM: RuntimeProfile = {
  id: 'vllm',
  displayName: 'vLLM V1',
  overheads: VLLM_RUNTIME_OVERHEADS,
  defaults: (a) => ({
    ...(a.hbmGiB >= 70 ? { maxNumBatchedTokens: 8192, maxNumSeqs: 1024 } : { maxNumBatchedTokens: 2048, maxNumSeqs: 256 }),
    blockSize: 16,
    gpuMemoryUtilization: 0.92,
  }),
  sources: ['vllm engine/arg_utils.py get_batch_defaults; cache_config defaults (../shared/reference/vllm-engine.md §3)'],
};

/**
 * TensorRT-LLM (PyTorch backend / trtllm-serve). Its scheduler loop and sampling run in C++, so
 * CPU per step is a fraction of vLLM's (~0.1 ms base, ~1 µs per sequence: priors). Defaults:
 * max_batch_size 2048, max_num_tokens 8192, tokens_per_block 32; the KV cache takes
 * kv_cache_free_gpu_mem_fraction = 0.9 of the memory left after weights, which for the large
 * models it is used with comes to ~0.95 of HBM.
 */
const TRTLLM: RuntimeProfile = {
  id: 'trtllm',
  displayName: 'TensorRT-LLM',
  overheads: { ...VLLM_RUNTIME_OVERHEADS, cpuBaseSeconds: 0.1e-3, cpuPerSeqSeconds: 1e-6 },
  defaults: () => ({ maxNumSeqs: 2048, maxNumBatchedTokens: 8192, blockSize: 32, gpuMemoryUtilization: 0.95 }),
  sources: [
    'TensorRT-LLM llmapi BuildConfig defaults (max_batch_size 2048, max_num_tokens 8192), KvCacheConfig (free_gpu_memory_fraction 0.9, tokens_per_block 32)',
  ],
};

/**
 * SGLang: overlap scheduler (CPU hidden like vLLM's async scheduling, slightly leaner per step);
 * RadixAttention caches prefixes per token (page_size 1); chunked_prefill_size 8192 on ≥ 70 GiB
 * GPUs; mem_fraction_static ~0.88. Priors, no published row calibrates it yet.
 */
const SGLANG: RuntimeProfile = {
  id: 'sglang',
  displayName: 'SGLang',
  overheads: { ...VLLM_RUNTIME_OVERHEADS, cpuBaseSeconds: 0.2e-3, cpuPerSeqSeconds: 3e-6 },
  defaults: (a) => ({
    ...(a.hbmGiB >= 70 ? { maxNumBatchedTokens: 8192, maxNumSeqs: 1024 } : { maxNumBatchedTokens: 2048, maxNumSeqs: 256 }),
    blockSize: 1,
    gpuMemoryUtilization: 0.88,
  }),
  sources: ['sglang server_args.py defaults (page_size 1, chunked_prefill_size, mem_fraction_static)'],
};

export const RUNTIMES: Readonly<Record<RuntimeId, RuntimeProfile>> = { vllm: VLLM, trtllm: TRTLLM, sglang: SGLANG };

/**
 * Factors are per software stack — a runtime on one vendor's hardware (`vllm/amd` runs ROCm kernels,
 * `vllm/intel` the Gaudi fork, `trtllm/nvidia` TensorRT-LLM's) — since kernel quality is a property
 * of that pair, not of the chip alone (whose measured efficiencies live in its catalogue file).
 */
export type FactorTable = Readonly<Record<string, RuntimeFactors>>;

export function stackId(runtime: RuntimeId, vendor: Accelerator['vendor']): string {
  return `${runtime}/${vendor}`;
}

/** A stack's factors; a stack with no calibration data keeps 1 (the measured efficiencies as they are). */
export function factorsFor(table: FactorTable, runtime: RuntimeId, vendor: Accelerator['vendor']): RuntimeFactors {
  return table[stackId(runtime, vendor)] ?? { compute: 1, memory: 1 };
}

/**
 * The committed calibration (`fleetsim calibrate` writes calibration.json): compute and memory
 * factors per stack, fitted by least squares on the calibration cases.
 */
export const CALIBRATED_FACTORS: FactorTable = Object.freeze({ ...(calibration.factors as Record<string, RuntimeFactors>) });

/**
 * Leave-one-out error (%) of each calibration figure at the committed fit, keyed `case|metric`:
 * what that figure's error would have been had it not been used for fitting. `fleetsim validate`
 * reports it beside the fitted error.
 */
export const CALIBRATION_LOO_PCT: ReadonlyMap<string, number | null> = new Map(
  ((calibration as { cases?: { case: string; metric: string; looErrorPct: number | null }[] }).cases ?? []).map((c) => [
    `${c.case}|${c.metric}`,
    c.looErrorPct,
  ]),
);
