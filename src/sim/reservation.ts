import type { KVCacheManager } from './kv/kv-cache-manager.js';
import type { EngineRequest } from './request.js';

/**
 * TensorRT-LLM's GUARANTEED_NO_EVICT capacity policy, after NVIDIA/TensorRT-LLM
 * tensorrt_llm/_torch/pyexecutor/scheduler.py @b93e14ca `_schedule_guaranteed_no_evict` (which
 * mirrors the C++ GuaranteedNoEvictScheduler): every running request is scheduled and its
 * remaining blocks to completion are set aside; a waiting request starts only if its own
 * remaining blocks fit in what is left, and the first that does not stops admission.
 */

/**
 * Blocks `req` still needs to reach prompt + max_tokens (capped at maxModelLen), less those it
 * holds: get_remaining_blocks_to_completion. Prefix-cache hits are not discounted, as there.
 */
export function blocksToCompletion(req: EngineRequest, blockSize: number, maxModelLen: number): number {
  const total = Math.ceil(Math.min(req.prompt.length + req.maxTokens, maxModelLen) / blockSize);
  return total > req.blocks.length ? total - req.blocks.length : 0;
}

/** Free blocks less every running request's blocks to completion; may be negative. */
export function unreservedBlocks(kv: KVCacheManager, running: readonly EngineRequest[], maxModelLen: number): number {
  let free = kv.pool.numFreeBlocks;
  for (let i = 0; i < running.length; i++) free -= blocksToCompletion(running[i], kv.blockSize, maxModelLen);
  return free;
}
