/**
 * Defaults that depend on the hardware or the model, applied to a validated scenario. Everything
 * a simulator needs to know about an engine is a plain number or boolean afterwards.
 */
import { ACCELERATORS } from '../models/hardware/catalog.js';
import { MODELS } from '../models/llm/catalog.js';
import type { PoolSpec, Scenario } from './schema.js';

export interface ResolvedEngine {
  maxNumSeqs: number;
  maxNumBatchedTokens: number;
  blockSize: number;
  gpuMemoryUtilization: number;
  enablePrefixCaching: boolean;
  maxModelLen: number;
}

export type ResolvedPool = Omit<PoolSpec, 'engine'> & { engine: ResolvedEngine };
export type ResolvedScenario = Omit<Scenario, 'cluster'> & { cluster: { pools: ResolvedPool[] } };

/** vLLM's `vllm serve` batch defaults for a GPU of ≥ 70 GiB (H100, H200, MI300X) and for the rest. */
const LARGE_DEVICE_HBM_GIB = 70;
const LARGE_DEVICE = { maxNumBatchedTokens: 8192, maxNumSeqs: 1024 };
const SMALL_DEVICE = { maxNumBatchedTokens: 2048, maxNumSeqs: 256 };

/** The scenario must have passed validation: ids are catalogue keys and limits are consistent. */
export function resolveScenario(s: Scenario): ResolvedScenario {
  const model = MODELS[s.model];
  if (!model) throw new Error(`resolveScenario: unknown model ${s.model}; validate the scenario first`);
  const pools = s.cluster.pools.map((pool) => ({ ...pool, engine: resolveEngine(pool, model.maxPositionEmbeddings) }));
  return { ...s, cluster: { ...s.cluster, pools } };
}

/**
 * Batch limits as vLLM's `get_batch_defaults` and `_set_default_max_num_seqs_and_batched_tokens_args`
 * set them for the OPENAI_API_SERVER context (vllm-engine.md §3.1). Only unset values are derived:
 *   mbt  = min(default mbt, maxNumSeqs × maxModelLen)
 *   seqs = min(default seqs, mbt)
 * Chunked prefill is always on here, so vLLM's `mbt = max(mbt, max_model_len)` does not apply.
 * Deliberate difference: vLLM tests the device name (A100 stays small); we have only HBM size.
 */
export function resolveEngine(pool: PoolSpec, maxPositionEmbeddings: number): ResolvedEngine {
  const accelerator = ACCELERATORS[pool.accelerator];
  if (!accelerator) throw new Error(`resolveEngine: unknown accelerator ${pool.accelerator}; validate the scenario first`);
  const defaults = accelerator.hbmGiB >= LARGE_DEVICE_HBM_GIB ? LARGE_DEVICE : SMALL_DEVICE;
  const e = pool.engine;
  const maxModelLen = e.maxModelLen ?? maxPositionEmbeddings;
  const seqsBeforeCap = e.maxNumSeqs ?? defaults.maxNumSeqs;
  const maxNumBatchedTokens = e.maxNumBatchedTokens ?? Math.min(defaults.maxNumBatchedTokens, seqsBeforeCap * maxModelLen);
  const maxNumSeqs = e.maxNumSeqs ?? Math.min(defaults.maxNumSeqs, maxNumBatchedTokens);
  return {
    maxNumSeqs,
    maxNumBatchedTokens,
    blockSize: e.blockSize,
    gpuMemoryUtilization: e.gpuMemoryUtilization,
    enablePrefixCaching: e.enablePrefixCaching,
    maxModelLen,
  };
}
