import { BlockPool } from './block-pool.js';
import { hashMixedBlock, NONE_HASH, PromptHashCache } from './block-hash.js';
import type { EngineRequest } from '../request.js';

function cdiv(a: number, b: number): number {
  return Math.ceil(a / b);
}

/**
 * The scheduler's view of KV memory, after vLLM `v1/core/kv_cache_manager.py`. It answers two
 * questions — how many of a request's tokens are already cached, and can N new tokens get slots —
 * and reports "no room" as a return value. Full attention only (one KV group).
 */
export class KVCacheManager {
  readonly pool: BlockPool;
  /** Prefix hits found by the last getComputedBlocks call, consumed by allocateSlots. */
  readonly hitBlocks: number[] = [];

  constructor(
    numBlocks: number,
    readonly blockSize: number,
    readonly enableCaching: boolean,
    readonly maxModelLen: number,
    /** Shared by every pod with this block size, so a prompt corpus is hashed once per fleet. */
    private readonly promptHashes: PromptHashCache = new PromptHashCache(blockSize),
  ) {
    if (promptHashes.blockSize !== blockSize) throw new Error('prompt hash cache for another block size');
    this.pool = new BlockPool(numBlocks);
  }

  get usage(): number {
    return this.pool.usage;
  }

  /** Chained hash of full block `i` of the request's token sequence (prompt ‖ outputs). */
  blockHashAt(req: EngineRequest, i: number): number {
    const ph = (req.promptHashes ??= this.promptHashes.hashes(req.prompt));
    if (i < ph.length) return ph[i];
    const extra = req.extraHashes;
    const B = this.blockSize;
    while (ph.length + extra.length <= i) {
      const j = ph.length + extra.length;
      const parent = j === 0 ? NONE_HASH : j <= ph.length ? ph[j - 1] : extra[extra.length - 1];
      extra.push(hashMixedBlock(parent, req.prompt, req.salt, j * B, B));
    }
    return extra[i - ph.length];
  }

  /**
   * Longest cached chain of full blocks from block 0 (vLLM `get_computed_blocks`). The hit is
   * capped at numTokens − 1 so the last token is always computed to produce logits:
   * hit = floor((L − 1) / B) · B at most. Fills `hitBlocks`; returns the number of hit tokens.
   */
  getComputedBlocks(req: EngineRequest): number {
    const hits = this.hitBlocks;
    hits.length = 0;
    if (!this.enableCaching) return 0;
    const maxBlocks = Math.floor((req.numTokens - 1) / this.blockSize);
    for (let i = 0; i < maxBlocks; i++) {
      const id = this.pool.lookup(this.blockHashAt(req, i));
      if (id < 0) break;
      hits.push(id);
    }
    return hits.length * this.blockSize;
  }

  /**
   * Gives `numNewTokens` more tokens of `req` KV slots (vLLM `allocate_slots`).
   *
   * Token layout:  | computed | new hits (hitBlocks) | numNewTokens | → blocks needed for all of it
   *
   * With `fullSequenceMustFit` (vLLM's `scheduler_reserve_full_isl`, on by default) the whole
   * current sequence must fit, not only this chunk. Hit blocks sitting in the free queue count
   * against the free budget, since touching them removes them from it. Returns false, changing
   * nothing, when there is no room. Full blocks are hashed into the cache now, at schedule time,
   * so requests admitted later in the same step can hit them.
   */
  allocateSlots(
    req: EngineRequest,
    numNewTokens: number,
    hitBlocks: readonly number[],
    fullSequenceMustFit: boolean,
    /** vLLM's delay_cache_blocks: KV still to be loaded from elsewhere is not hit-able yet. */
    delayCaching = false,
  ): boolean {
    const B = this.blockSize;
    const pool = this.pool;
    const numHit = hitBlocks.length;
    const computed = req.numComputedTokens + numHit * B;
    const held = req.blocks.length;
    let evictableHits = 0;
    for (let i = 0; i < numHit; i++) if (pool.isFree(hitBlocks[i])) evictableHits++;
    const free = pool.numFreeBlocks;

    if (fullSequenceMustFit) {
      const needFull = cdiv(Math.min(req.numTokens, this.maxModelLen), B) - held - numHit;
      if (Math.max(0, needFull) + evictableHits > free) return false;
    }
    const need = Math.max(0, cdiv(Math.min(computed + numNewTokens, this.maxModelLen), B) - held - numHit);
    if (need + evictableHits > free) return false;

    for (let i = 0; i < numHit; i++) {
      pool.touch(hitBlocks[i]);
      req.blocks.push(hitBlocks[i]);
    }
    req.numCachedBlocks += numHit;
    pool.allocate(need, req.blocks);
    if (!delayCaching) this.cacheFullBlocks(req, computed + numNewTokens);
    return true;
  }

  /** Hashes the request's full blocks up to `numTokens` into the prefix cache. */
  cacheFullBlocks(req: EngineRequest, numTokens: number): void {
    if (!this.enableCaching) return;
    const numFull = Math.floor(Math.min(numTokens, req.numTokens) / this.blockSize);
    for (let i = req.numCachedBlocks; i < numFull; i++) {
      this.pool.cache(req.blocks[i], this.blockHashAt(req, i));
    }
    if (numFull > req.numCachedBlocks) req.numCachedBlocks = numFull;
  }

  /** Blocks a request would need to hold `numTokens` tokens, beyond those it has. */
  blocksNeeded(req: EngineRequest, numTokens: number): number {
    return Math.max(0, cdiv(numTokens, this.blockSize) - req.blocks.length);
  }

  /** Releases all the request's blocks; cached ones stay hit-able until evicted. */
  free(req: EngineRequest): void {
    this.pool.release(req.blocks);
    req.blocks.length = 0;
    req.numCachedBlocks = 0;
  }
}
