/**
 * Defaults that depend on the hardware or the model, applied to a validated scenario. Everything
 * a simulator needs to know about an engine is a plain number or boolean afterwards.
 */
import { ACCELERATORS } from '../models/hardware/catalog.js';
import { MODELS } from '../models/llm/catalog.js';
import type { ModelArchitecture } from '../models/llm/types.js';
import type { EndpointPickerConfig } from '../policies/config/schema.js';
import { RUNTIMES } from '../models/perf/runtime.js';
import type { PoolSpec, Scenario } from './schema.js';

export interface ResolvedEngine {
  maxNumSeqs: number;
  maxNumBatchedTokens: number;
  blockSize: number;
  gpuMemoryUtilization: number;
  enablePrefixCaching: boolean;
  maxModelLen: number;
  kvOffload?: { cpuGiB: number; nvmeGiB: number; mode: 'write-through' | 'lazy' };
  /** Set only for the V0 scheduler (absent: V1). */
  scheduler?: 'v0';
  prefillKvFreePercent?: number;
  /** Set only when the scenario turns async scheduling off (V1); absent: the runtime's default. */
  asyncScheduling?: false;
  /**
   * TensorRT-LLM's GUARANTEED_NO_EVICT capacity policy: admit only what can run to completion.
   * True for runtime trtllm unless the scenario asks for MAX_UTILIZATION; false for vLLM and SGLang.
   */
  reserveToCompletion: boolean;
}

/**
 * vLLM V0's engine defaults (v0.4.3 vllm/engine/arg_utils.py EngineArgs: max_num_seqs 256,
 * gpu_memory_utilization 0.90, block_size 16; vllm/config.py SchedulerConfig: without chunked
 * prefill max_num_batched_tokens = max(max_model_len, 2048)).
 */
const V0_DEFAULTS = { maxNumSeqs: 256, minBatchedTokens: 2048, blockSize: 16, gpuMemoryUtilization: 0.9 } as const;

export type ResolvedPool = Omit<PoolSpec, 'engine'> & { engine: ResolvedEngine };
export type ResolvedScenario = Omit<Scenario, 'cluster'> & {
  cluster: Omit<Scenario['cluster'], 'pools'> & { pools: ResolvedPool[] };
  /** The architecture `model` names: a catalogue entry or the parsed `hfConfig` file. */
  modelArch: ModelArchitecture;
  /** The EndpointPickerConfig `router.config` names (loaded by the scenario loader); absent for plain round robin. */
  routerConfig?: EndpointPickerConfig;
};

/** The scenario must have passed validation: ids are catalogue keys and limits are consistent. */
export function resolveScenario(s: Scenario, hfModel?: ModelArchitecture): ResolvedScenario {
  const model = typeof s.model === 'string' ? MODELS[s.model] : hfModel;
  if (!model) throw new Error(`resolveScenario: model ${JSON.stringify(s.model)} not resolved; validate the scenario first`);
  const pools = s.cluster.pools.map((pool) => ({ ...pool, engine: resolveEngine(pool, model.maxPositionEmbeddings) }));
  return { ...s, cluster: { ...s.cluster, pools }, modelArch: model };
}

/**
 * Unset engine values come from the pool's runtime (src/models/perf/runtime.ts). Batch limits as
 * vLLM's `get_batch_defaults` and `_set_default_max_num_seqs_and_batched_tokens_args`
 * set them for the OPENAI_API_SERVER context (vllm-engine.md §3.1). Only unset values are derived:
 *   mbt  = min(default mbt, maxNumSeqs × maxModelLen)
 *   seqs = min(default seqs, mbt)
 * Chunked prefill is always on under V1 here, so vLLM's `mbt = max(mbt, max_model_len)` does not apply.
 * The V0 scheduler (engine.scheduler: v0) takes V0's defaults instead (resolveV0Engine).
 * Deliberate difference: vLLM tests the device name (A100 stays small); we have only HBM size.
 */
export function resolveEngine(pool: PoolSpec, maxPositionEmbeddings: number): ResolvedEngine {
  const accelerator = ACCELERATORS[pool.accelerator];
  if (!accelerator) throw new Error(`resolveEngine: unknown accelerator ${pool.accelerator}; validate the scenario first`);
  const e = pool.engine;
  const maxModelLen = e.maxModelLen ?? maxPositionEmbeddings;
  if (e.scheduler === 'v0') return resolveV0Engine(e, maxModelLen);
  const defaults = RUNTIMES[pool.runtime].defaults(accelerator);
  const seqsBeforeCap = e.maxNumSeqs ?? defaults.maxNumSeqs;
  const maxNumBatchedTokens = e.maxNumBatchedTokens ?? Math.min(defaults.maxNumBatchedTokens, seqsBeforeCap * maxModelLen);
  const maxNumSeqs = e.maxNumSeqs ?? Math.min(defaults.maxNumSeqs, maxNumBatchedTokens);
  return {
    maxNumSeqs,
    maxNumBatchedTokens,
    blockSize: e.blockSize ?? defaults.blockSize,
    gpuMemoryUtilization: e.gpuMemoryUtilization ?? defaults.gpuMemoryUtilization,
    enablePrefixCaching: e.enablePrefixCaching,
    maxModelLen,
    ...(e.kvOffload && { kvOffload: e.kvOffload }),
    ...(e.asyncScheduling === false && { asyncScheduling: false as const }),
    // TensorRT-LLM's SchedulerConfig and trtllm-bench's --scheduler_policy both default to
    // GUARANTEED_NO_EVICT (NVIDIA/TensorRT-LLM tensorrt_llm/bench/benchmark/throughput.py @000a01de).
    reserveToCompletion: pool.runtime === 'trtllm' && (e.capacitySchedulerPolicy ?? 'GUARANTEED_NO_EVICT') === 'GUARANTEED_NO_EVICT',
  };
}

/** The V0 scheduler's engine: V0's own defaults for what the scenario leaves unset. */
function resolveV0Engine(e: PoolSpec['engine'], maxModelLen: number): ResolvedEngine {
  return {
    maxNumSeqs: e.maxNumSeqs ?? V0_DEFAULTS.maxNumSeqs,
    maxNumBatchedTokens: e.maxNumBatchedTokens ?? Math.max(maxModelLen, V0_DEFAULTS.minBatchedTokens),
    blockSize: e.blockSize ?? V0_DEFAULTS.blockSize,
    gpuMemoryUtilization: e.gpuMemoryUtilization ?? V0_DEFAULTS.gpuMemoryUtilization,
    enablePrefixCaching: e.enablePrefixCaching,
    maxModelLen,
    scheduler: 'v0',
    ...(e.prefillKvFreePercent !== undefined && { prefillKvFreePercent: e.prefillKvFreePercent }),
    reserveToCompletion: false,
  };
}
