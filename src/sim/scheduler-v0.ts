import type { KVCacheManager } from './kv/kv-cache-manager.js';
import type { EngineRequest } from './request.js';
import { Scheduler, type SchedulerConfig } from './scheduler.js';
import type { SchedulerOutput } from './scheduler-output.js';

/** V0 block manager's watermark (`vllm/core/block_manager_v1.py`, watermark = 0.01 of the GPU blocks). */
const WATERMARK = 0.01;

const NO_HITS: readonly number[] = [];

/**
 * vLLM V0's default scheduler, as in vLLM 0.4.3 (`vllm/core/scheduler.py`
 * `Scheduler._schedule_default`, with chunked prefill off — V0's default below 32k context). A step
 * is either all prefill or all decode, never both:
 *
 *  A. Prefills (`_schedule_prefills`): waiting requests, FCFS, each with its whole prompt (plus
 *     its outputs when it was preempted) in one step, no chunking, while
 *     - the token budget lasts: the prompts admitted this step sum to ≤ maxNumBatchedTokens;
 *     - seats last: running + admitted ≤ maxNumSeqs;
 *     - its blocks fit and leave the watermark (1 % of the blocks) free (`can_allocate`);
 *     the first that does not fit stops admission. A request that could never fit (its blocks
 *     would eat into the watermark of an empty cache) is ignored: V0 finishes it unserved.
 *  B. Only if no prefill was admitted: one decode token for every running request, oldest
 *     arrival first (`_schedule_running` under the FCFS policy). A request goes ahead only if at
 *     least one block is free (`can_append_slots`, whether or not it needs a block); otherwise the
 *     newest running request is preempted by recompute (blocks freed, to the front of the waiting
 *     queue) and the check retried; when the victim is the request itself, the step ends there.
 *
 * So every batch of new arrivals stalls every running decode for a whole prefill step: TPOT grows
 * with the arrival rate. The engine is synchronous (`LLMEngine.step`: schedule, execute, process
 * outputs), so the step model adds CPU to GPU time rather than overlapping them (fleet.ts).
 *
 * Not modelled: swapping (V0 swaps only beam-search groups; recompute otherwise), the scheduler
 * delay factor (0 by default), LoRA limits; prefix hits are looked up as in V1 (V0's own prefix
 * cache was off by default). P/D, KV offload and DP attention are V1 features (schema.ts refuses
 * them with V0).
 */
export class V0Scheduler extends Scheduler {
  override readonly decodeRunSpareBlocks = 1;
  private readonly watermarkBlocks: number;
  private readonly numTotalBlocks: number;

  constructor(config: SchedulerConfig, kv: KVCacheManager) {
    super(config, kv);
    // V0 has no null block: its block count is our usable blocks.
    this.numTotalBlocks = kv.pool.numUsableBlocks;
    this.watermarkBlocks = Math.floor(WATERMARK * this.numTotalBlocks);
  }

  override schedule(out: SchedulerOutput, now = -Infinity): void {
    out.reset();
    this.abortExpiredWaiting(out, now);
    if (this.schedulePrefills(out) === 0) this.scheduleDecodes(out);
    out.finalize();
  }

  /** Phase A; returns the number of requests admitted. */
  private schedulePrefills(out: SchedulerOutput): number {
    const { maxNumSeqs, maxNumBatchedTokens } = this.config;
    const kv = this.kv;
    const pct = this.config.prefillKvFreePercent ?? 0;
    // AMD's fork holds every prefill back while the cache is this full (scheduler.py, ROCm/vllm @799388d).
    if (pct > 0 && (100 * kv.pool.numFreeBlocks) / this.numTotalBlocks < pct) return 0;
    let numBatchedTokens = 0;
    let numSeqs = this.running.length;
    while (this.waiting.length > 0) {
      const req = this.waiting.peek()!;
      const numRequired = Math.ceil(req.numTokens / kv.blockSize);
      if (this.numTotalBlocks - numRequired < this.watermarkBlocks) {
        // AllocStatus.NEVER: finished unserved. (Given-up clients left in abortExpiredWaiting.)
        this.abortFront(out);
        continue;
      }
      if (kv.pool.numFreeBlocks - numRequired < this.watermarkBlocks) break; // AllocStatus.LATER
      const numHitTokens = kv.getComputedBlocks(req);
      const n = req.numTokens - numHitTokens;
      if (numBatchedTokens + n > maxNumBatchedTokens || numSeqs + 1 > maxNumSeqs) break;
      if (!kv.allocateSlots(req, n, kv.hitBlocks, true)) break;
      this.waiting.popFront();
      if (req.status !== 'PREEMPTED') {
        this.countLookup(req, numHitTokens);
        req.numCachedPromptTokens = numHitTokens;
      }
      req.numComputedTokens = numHitTokens;
      req.status = 'RUNNING';
      this.insertByArrival(req);
      out.add(req, n);
      out.numAdmitted++;
      numBatchedTokens += n;
      numSeqs++;
    }
    return out.numAdmitted;
  }

  /** Phase B: one token for each running request, preempting the newest when no block is free. */
  private scheduleDecodes(out: SchedulerOutput): void {
    const pool = this.kv.pool;
    for (let i = 0; i < this.running.length; i++) {
      const req = this.running[i];
      while (pool.numFreeBlocks < 1) {
        const victim = this.running.pop()!;
        this.preempt(victim, out);
        if (victim === req) return;
      }
      if (!this.kv.allocateSlots(req, 1, NO_HITS, false)) {
        throw new Error(`V0 scheduler: request ${req.id} found a free block but could not take it`);
      }
      out.add(req, 1);
    }
  }

  /**
   * V0 sorts the running queue by arrival time every step (FCFS policy); keeping it sorted on
   * admission is the same order. Only a resumed request lands before the end.
   */
  private insertByArrival(req: EngineRequest): void {
    const running = this.running;
    let k = running.length;
    while (k > 0 && running[k - 1].arrivalTime > req.arrivalTime) k--;
    running.splice(k, 0, req);
  }
}
