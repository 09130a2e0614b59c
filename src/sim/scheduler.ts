import type { KVCacheManager } from './kv/kv-cache-manager.js';
import type { EngineRequest } from './request.js';
import { RequestQueue } from './request-queue.js';
import { SchedulerOutput } from './scheduler-output.js';

export interface SchedulerConfig {
  maxNumSeqs: number;
  maxNumBatchedTokens: number;
  maxModelLen: number;
  /** vLLM `long_prefill_token_threshold`; 0 = off (the default). */
  longPrefillTokenThreshold: number;
}

/** Prefix-cache counters in tokens, as vLLM's prefix_cache_queries / prefix_cache_hits. */
export interface PrefixCacheStats {
  queries: number;
  hits: number;
}

const NO_HITS: readonly number[] = [];

/**
 * One engine's scheduler, after vLLM V1 `vllm/v1/core/sched/scheduler.py Scheduler.schedule()`.
 *
 * There are no prefill and decode phases: each request has numComputedTokens catching up with
 * numTokens (prompt + outputs), and each step hands out tokens under two budgets — tokens from
 * maxNumBatchedTokens, seats from maxNumSeqs.
 *
 *  A. Running requests, in admission order, while token budget lasts: each gets
 *     min(remaining, threshold, budget) tokens (1 for a decode, a chunk for a prefill). When its
 *     KV slots cannot be allocated, the newest running request is preempted (recompute: blocks
 *     freed, still hashed; back to the front of the waiting queue) and allocation retried; if the
 *     victim is the request itself, phase A ends.
 *  B. Only if nothing was preempted: waiting requests in FCFS order while seats and budget last.
 *     A new or resumed request first looks up its longest cached prefix; the whole sequence must
 *     fit in KV (scheduler_reserve_full_isl); the last one admitted may get a partial chunk
 *     (chunked prefill). The first request that does not fit stops admission (strict
 *     head-of-line); phase B never preempts.
 *
 * Deliberate difference (vllm/v1/core/sched/async_scheduler.py): vLLM schedules step N+1 while
 * step N runs; we schedule at step boundaries and let the step-time model charge
 * max(GPU, CPU) as async scheduling does.
 */
export class Scheduler {
  readonly waiting = new RequestQueue();
  readonly running: EngineRequest[] = [];
  /** P/D: finished prefill requests whose blocks wait for the decode pod to pull them. */
  readonly held: EngineRequest[] = [];
  /** P/D: waiting decode requests whose pulled KV has not arrived (skipped by phase B). */
  numRemotePending = 0;
  readonly prefixStats: PrefixCacheStats = { queries: 0, hits: 0 };
  numPreemptions = 0;
  private readonly skipped: EngineRequest[] = [];

  constructor(
    readonly config: SchedulerConfig,
    readonly kv: KVCacheManager,
  ) {}

  schedule(out: SchedulerOutput): void {
    out.reset();
    const { maxNumSeqs, maxNumBatchedTokens } = this.config;
    let tokenBudget = maxNumBatchedTokens;

    // A. Running requests first, in admission order.
    let i = 0;
    while (i < this.running.length && tokenBudget > 0) {
      const req = this.running[i];
      const n = this.chunk(req, req.numTokens - req.numComputedTokens, tokenBudget);
      if (n <= 0) {
        i++;
        continue;
      }
      if (!this.allocateOrPreempt(req, n, out)) break;
      out.add(req, n);
      tokenBudget -= n;
      i++;
    }

    // B. Waiting requests, FCFS, only in a step that preempted nobody.
    if (out.preempted.length === 0) {
      const skipped = this.skipped;
      while (this.waiting.length > 0 && tokenBudget > 0 && this.running.length < maxNumSeqs) {
        const req = this.waiting.peek()!;
        if (req.status === 'WAITING_FOR_REMOTE_KVS') {
          // P/D decode: skipped until the pulled KV has arrived; then its blocks are cached and it
          // runs a 1-token prefill that samples its first token (vLLM _update_waiting_for_remote_kv).
          this.waiting.popFront();
          if (!req.remote!.ready) {
            skipped.push(req);
            continue;
          }
          req.remote = undefined;
          this.kv.cacheFullBlocks(req, req.numTokens);
          req.numComputedTokens = req.numTokens - 1;
          req.status = 'RUNNING';
          this.running.push(req);
          out.add(req, 1);
          out.numAdmitted++;
          tokenBudget -= 1;
          continue;
        }
        const resumed = req.status === 'PREEMPTED';
        const numHitTokens = this.kv.getComputedBlocks(req);
        if (req.remote) {
          // P/D decode, first look: the whole prompt is allocated (full-ISL check), local hits kept,
          // the rest pulled from the prefill pod while it waits outside running and max_num_seqs.
          if (!this.kv.allocateSlots(req, req.numTokens - numHitTokens, this.kv.hitBlocks, true, true)) break;
          this.waiting.popFront();
          this.prefixStats.queries += req.numTokens;
          this.prefixStats.hits += numHitTokens;
          req.numComputedTokens = numHitTokens;
          req.status = 'WAITING_FOR_REMOTE_KVS';
          this.numRemotePending++;
          out.remoteLoads.push(req);
          skipped.push(req);
          continue;
        }
        const n = this.chunk(req, req.numTokens - numHitTokens, tokenBudget);
        if (!this.kv.allocateSlots(req, n, this.kv.hitBlocks, true)) break;
        this.waiting.popFront();
        if (!resumed) {
          // vLLM excludes resumed requests' lookups from the prefix counters.
          this.prefixStats.queries += req.numTokens;
          this.prefixStats.hits += numHitTokens;
          req.numCachedPromptTokens = numHitTokens;
        }
        req.numComputedTokens = numHitTokens;
        req.status = 'RUNNING';
        this.running.push(req);
        out.add(req, n);
        out.numAdmitted++;
        tokenBudget -= n;
      }
      // Skipped requests keep their places at the front, as vLLM's prepend_requests does.
      for (let k = skipped.length - 1; k >= 0; k--) this.waiting.pushFront(skipped[k]);
      skipped.length = 0;
    }
    out.finalize();
  }

  /** P/D: a decode request's pulled KV has arrived; phase B admits it from the next step. */
  markRemoteReady(req: EngineRequest): void {
    if (!req.remote || req.remote.ready) throw new Error(`request ${req.id} is not waiting for remote KV`);
    req.remote.ready = true;
    this.numRemotePending--;
  }

  /** P/D: the decode pod has pulled a finished prefill request's KV; its blocks go to the cache. */
  releaseHeld(req: EngineRequest): void {
    const i = this.held.indexOf(req);
    if (i < 0) throw new Error(`request ${req.id} holds no blocks here`);
    this.held.splice(i, 1);
    this.kv.free(req);
  }

  /** Tokens to schedule for `req` this step: remaining, capped by threshold, budget, model length. */
  private chunk(req: EngineRequest, remaining: number, tokenBudget: number): number {
    let n = remaining;
    const threshold = this.config.longPrefillTokenThreshold;
    if (threshold > 0 && n > threshold) n = threshold;
    if (n > tokenBudget) n = tokenBudget;
    const room = this.config.maxModelLen - 1 - req.numComputedTokens;
    return n > room ? room : n;
  }

  /** Allocation retry loop of phase A: preempt the newest running request until `req` fits. */
  private allocateOrPreempt(req: EngineRequest, n: number, out: SchedulerOutput): boolean {
    for (;;) {
      if (this.kv.allocateSlots(req, n, NO_HITS, false)) return true;
      const victim = this.running.pop()!;
      this.preempt(victim, out);
      if (victim === req) return false;
    }
  }

  private preempt(req: EngineRequest, out: SchedulerOutput): void {
    this.kv.free(req);
    req.status = 'PREEMPTED';
    req.numComputedTokens = 0;
    req.numPreemptions++;
    this.numPreemptions++;
    this.waiting.pushFront(req);
    out.preempted.push(req);
  }

  /**
   * Removes finished requests from `running` (keeping order) and frees their blocks; a P/D prefill
   * request's blocks are held until the decode pod has pulled them (delay_free_blocks).
   */
  removeFinished(): void {
    let w = 0;
    for (let r = 0; r < this.running.length; r++) {
      const req = this.running[r];
      if (req.status !== 'FINISHED') this.running[w++] = req;
      else if (req.pd === 'prefill') this.held.push(req);
      else this.kv.free(req);
    }
    this.running.length = w;
  }

  /** Something a step could do: running requests, or waiting ones not parked for remote KV. */
  get hasWork(): boolean {
    return this.running.length > 0 || this.waiting.length > this.numRemotePending;
  }

  /** Any request here at all, parked or holding blocks included. */
  get hasRequests(): boolean {
    return this.running.length > 0 || this.waiting.length > 0 || this.held.length > 0;
  }
}
