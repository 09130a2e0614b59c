import type { KVCacheManager } from './kv/kv-cache-manager.js';
import type { OffloadTiers, TierHits } from './kv/offload-tiers.js';
import type { EngineRequest } from './request.js';
import { RequestQueue } from './request-queue.js';
import { blocksToCompletion, unreservedBlocks } from './reservation.js';
import { SchedulerOutput } from './scheduler-output.js';

export interface SchedulerConfig {
  maxNumSeqs: number;
  maxNumBatchedTokens: number;
  maxModelLen: number;
  /** vLLM `long_prefill_token_threshold`; 0 = off (the default). */
  longPrefillTokenThreshold: number;
  /** Which vLLM engine's scheduling policy runs: V1 (default, this file) or V0 (scheduler-v0.ts). */
  scheduler?: SchedulerPolicy;
  /**
   * V0 only, AMD's ROCm vLLM fork (VLLM_SCHED_PREFILL_KVC_FREEPCT): no prefill is admitted while
   * fewer than this percentage of KV blocks are free; 0 = off (the default).
   */
  prefillKvFreePercent?: number;
  /**
   * TensorRT-LLM's GUARANTEED_NO_EVICT capacity policy (reservation.ts): a waiting request is
   * admitted only if the blocks it needs to finish fit beside those every running request still
   * needs. Nothing is then ever preempted. Off: vLLM's admission (TensorRT-LLM's MAX_UTILIZATION).
   */
  reserveToCompletion?: boolean;
}

export type SchedulerPolicy = 'v1' | 'v0';

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
  /** Set once a request has been parked for a KV load: only then can loaded requests wait here. */
  private loadsKv = false;
  /** The pod's CPU/NVMe offload tiers, when it has any. */
  offload: OffloadTiers | undefined;
  private readonly tierHits: TierHits = { cpuBlocks: 0, nvmeBlocks: 0 };
  private readonly hashAt = (req: EngineRequest, i: number) => this.kv.blockHashAt(req, i);
  /**
   * Free KV blocks a run of decode steps must leave (decode-run.ts): 0 here; V0 preempts when a
   * decode finds no free block, whether or not it needs one.
   */
  readonly decodeRunSpareBlocks: number = 0;

  constructor(
    readonly config: SchedulerConfig,
    readonly kv: KVCacheManager,
  ) {}

  /**
   * `now`: waiting requests whose client gave up (deadline ≤ now) are aborted first, wherever they
   * wait, as vLLM's abort removes a request from the waiting queue at once (none without it).
   */
  schedule(out: SchedulerOutput, now = -Infinity): void {
    out.reset();
    this.abortExpiredWaiting(out, now);
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
      let blocked = false;
      // GUARANTEED_NO_EVICT: free blocks less what the running requests still need to finish
      // (a pass over `running`, so only when someone waits).
      let unreserved =
        this.config.reserveToCompletion && this.waiting.length > 0 ? unreservedBlocks(this.kv, this.running, this.config.maxModelLen) : Infinity;
      while (this.waiting.length > 0 && tokenBudget > 0 && this.running.length < maxNumSeqs) {
        const req = this.waiting.peek()!;
        if (req.status === 'WAITING_FOR_REMOTE_KVS') {
          // KV being loaded (P/D pull or offload tier): skipped until it has arrived, then cached
          // and scheduled as a request whose first tokens are computed (_update_waiting_for_remote_kv).
          if (!req.remote!.ready) {
            skipped.push(this.waiting.popFront());
            continue;
          }
          this.settleArrived(req);
        }
        const resumed = req.status === 'PREEMPTED';
        // A request whose KV was loaded holds its blocks already: no second lookup.
        const loaded = req.blocks.length > 0;
        const numHitTokens = loaded ? 0 : this.kv.getComputedBlocks(req);
        if (!loaded && (req.remote || this.offload)) {
          const parked = this.parkForLoad(req, numHitTokens, resumed, out);
          if (parked === 'no-room') {
            blocked = true;
            break;
          }
          if (parked === 'parked') {
            skipped.push(this.waiting.popFront());
            continue;
          }
        }
        const computed = loaded ? req.numComputedTokens : numHitTokens;
        const n = this.chunk(req, req.numTokens - computed, tokenBudget);
        const reserve = unreserved === Infinity ? 0 : blocksToCompletion(req, this.kv.blockSize, this.config.maxModelLen);
        if (reserve > unreserved || !this.kv.allocateSlots(req, n, loaded ? NO_HITS : this.kv.hitBlocks, true)) {
          // TensorRT-LLM stops at the first request that does not fit, as vLLM does (head of line).
          blocked = true;
          break;
        }
        unreserved -= reserve;
        this.waiting.popFront();
        if (!resumed && !loaded) {
          // vLLM excludes resumed requests' lookups from the prefix counters.
          this.countLookup(req, numHitTokens);
          req.numCachedPromptTokens = numHitTokens;
        }
        req.numComputedTokens = computed;
        req.status = 'RUNNING';
        this.running.push(req);
        out.add(req, n);
        out.numAdmitted++;
        tokenBudget -= n;
      }
      // Only a pod that loads KV (P/D decode, offload tiers) can have loaded requests waiting.
      if (blocked && this.loadsKv) tokenBudget = this.admitLoadedBehindHead(out, tokenBudget);
      // Skipped requests keep their places at the front, as vLLM's prepend_requests does.
      for (let k = skipped.length - 1; k >= 0; k--) this.waiting.pushFront(skipped[k]);
      skipped.length = 0;
    }
    out.finalize();
  }

  /**
   * Deliberate difference from vLLM: when the head of the queue does not fit, requests behind it
   * whose loaded KV has arrived are admitted anyway if the rest of them fits. Their loaded blocks
   * are allocated already, so this takes nothing the head could use now, and it breaks a deadlock
   * vLLM can reach in principle: a preempted head waiting for blocks that loaded requests behind
   * it hold.
   */
  private admitLoadedBehindHead(out: SchedulerOutput, tokenBudget: number): number {
    const { maxNumSeqs } = this.config;
    for (const req of [...this.waiting]) {
      if (tokenBudget <= 0 || this.running.length >= maxNumSeqs) break;
      if (req.status === 'WAITING_FOR_REMOTE_KVS' && req.remote!.ready) this.settleArrived(req);
      // Loaded: it holds blocks and its first tokens are computed; the rest must fit now.
      if (req.status !== 'WAITING' || req.blocks.length === 0) continue;
      const n = this.chunk(req, req.numTokens - req.numComputedTokens, tokenBudget);
      if (!this.kv.allocateSlots(req, n, NO_HITS, true)) continue;
      this.waiting.remove(req);
      req.status = 'RUNNING';
      this.running.push(req);
      out.add(req, n);
      out.numAdmitted++;
      tokenBudget -= n;
    }
    return tokenBudget;
  }

  /** Its loaded KV has arrived: cached, and its first tokens computed (_update_waiting_for_remote_kv). */
  private settleArrived(req: EngineRequest): void {
    const remote = req.remote!;
    this.kv.cacheFullBlocks(req, remote.loadedTokens);
    req.numComputedTokens = remote.loadedTokens;
    req.remote = undefined;
    req.status = 'WAITING';
  }

  /**
   * A request whose KV must be loaded first — a P/D decode request (pull the prompt's KV it lacks
   * from the prefill pod), or one whose next blocks sit in the offload tiers — gets slots for all
   * it will load, with caching delayed, and waits in WAITING_FOR_REMOTE_KVS outside running and
   * max_num_seqs. 'none': nothing to load, schedule it normally.
   */
  private parkForLoad(req: EngineRequest, numHitTokens: number, resumed: boolean, out: SchedulerOutput): 'parked' | 'no-room' | 'none' {
    const B = this.kv.blockSize;
    let loadTo: number;
    if (req.remote) {
      // P/D: the whole prompt is allocated (full-ISL check); local hits are not pulled again.
      loadTo = req.numTokens;
    } else {
      // Offload: consecutive blocks after the GPU hit, within vLLM's hit cap floor((L − 1) / B).
      const hits = this.tierHits;
      this.offload!.lookup(req, numHitTokens / B, Math.floor((req.numTokens - 1) / B), this.hashAt, hits);
      const blocks = hits.cpuBlocks + hits.nvmeBlocks;
      if (blocks === 0) return 'none';
      loadTo = numHitTokens + blocks * B;
      if (!this.kv.allocateSlots(req, loadTo - numHitTokens, this.kv.hitBlocks, true, true)) return 'no-room';
      req.remote = { podIndex: -1, request: undefined, loadedTokens: loadTo, ready: false };
      if (!resumed) {
        req.numCpuHitTokens = hits.cpuBlocks * B;
        req.numNvmeHitTokens = hits.nvmeBlocks * B;
      }
      out.tierLoads.push(hits.cpuBlocks, hits.nvmeBlocks);
      return this.park(req, numHitTokens, resumed, out);
    }
    if (!this.kv.allocateSlots(req, loadTo - numHitTokens, this.kv.hitBlocks, true, true)) return 'no-room';
    return this.park(req, numHitTokens, resumed, out);
  }

  private park(req: EngineRequest, numHitTokens: number, resumed: boolean, out: SchedulerOutput): 'parked' {
    this.loadsKv = true;
    if (!resumed) this.countLookup(req, numHitTokens);
    if (!resumed && req.pd !== 'decode') req.numCachedPromptTokens = numHitTokens + req.numCpuHitTokens + req.numNvmeHitTokens;
    req.numComputedTokens = numHitTokens;
    req.status = 'WAITING_FOR_REMOTE_KVS';
    this.numRemotePending++;
    out.remoteLoads.push(req);
    return 'parked';
  }

  /**
   * Aborts the waiting requests whose client gave up (deadline ≤ now), wherever they wait: vLLM's
   * abort removes a request from the queue at once, so a blocked head must not keep them queued.
   * A request parked for a KV transfer goes when its KV has arrived, so no transfer is cut short.
   * Scans only once the queue's earliest deadline has passed.
   */
  protected abortExpiredWaiting(out: SchedulerOutput, now: number): void {
    if (!(now >= this.waiting.earliestDeadline)) return;
    this.waiting.removeWhere(
      (r) => r.deadline <= now && !(r.status === 'WAITING_FOR_REMOTE_KVS' && !r.remote!.ready),
      (r) => {
        // Only arrived loads get here, already counted out of numRemotePending (markRemoteReady).
        if (r.status === 'WAITING_FOR_REMOTE_KVS') r.remote = undefined;
        this.finishUnserved(r, out);
      },
    );
  }

  /** Finishes the head of the waiting queue unserved (it can never fit): frees its blocks. */
  protected abortFront(out: SchedulerOutput): void {
    this.finishUnserved(this.waiting.popFront(), out);
  }

  private finishUnserved(req: EngineRequest, out: SchedulerOutput): void {
    this.kv.free(req);
    req.aborted = true;
    req.status = 'FINISHED';
    out.aborted.push(req);
  }

  protected countLookup(req: EngineRequest, numHitTokens: number): void {
    this.prefixStats.queries += req.numTokens;
    this.prefixStats.hits += numHitTokens;
  }

  /** A parked request's KV has arrived; phase B admits it from the next step. */
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

  protected preempt(req: EngineRequest, out: SchedulerOutput): void {
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
      else if (req.pd === 'prefill' && !req.aborted) this.held.push(req);
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
