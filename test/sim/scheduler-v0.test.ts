import { describe, expect, it } from 'vitest';
import { KVCacheManager } from '../../src/sim/kv/kv-cache-manager.js';
import { EngineRequest } from '../../src/sim/request.js';
import type { SchedulerConfig } from '../../src/sim/scheduler.js';
import { V0Scheduler } from '../../src/sim/scheduler-v0.js';
import { SchedulerOutput } from '../../src/sim/scheduler-output.js';
import { completeStep, step } from './scheduler-steps.js';

/** Builders with defaults, as vLLM's tests' create_scheduler / create_requests. */
function createScheduler(opts: Partial<SchedulerConfig> & { numBlocks?: number; blockSize?: number } = {}) {
  const config: SchedulerConfig = {
    maxNumSeqs: opts.maxNumSeqs ?? 16,
    maxNumBatchedTokens: opts.maxNumBatchedTokens ?? 64,
    maxModelLen: opts.maxModelLen ?? 100_000,
    longPrefillTokenThreshold: 0,
    scheduler: 'v0',
    prefillKvFreePercent: opts.prefillKvFreePercent ?? 0,
  };
  // V0's own prefix cache was off by default; the tests use it off.
  const kv = new KVCacheManager(opts.numBlocks ?? 1000, opts.blockSize ?? 16, false, config.maxModelLen);
  return new V0Scheduler(config, kv);
}

let nextId = 0;
function createRequest(promptLen: number, maxTokens = 4, arrivalTime = nextId): EngineRequest {
  const id = nextId++;
  const p = Int32Array.from({ length: promptLen }, (_, i) => id * 100_000 + i);
  return new EngineRequest(id, arrivalTime, p, maxTokens, id, arrivalTime);
}

const ids = (...rs: EngineRequest[]) => rs.map((r) => r.id);

describe('V0Scheduler', () => {
  it('runs a prefill-only step for new arrivals, stalling every running decode, then decodes them all', () => {
    const s = createScheduler({ maxNumBatchedTokens: 64 });
    const a = createRequest(10, 10);
    s.waiting.pushBack(a);
    expect([...step(s)]).toEqual([[a.id, 10]]);
    const b = createRequest(20, 10);
    s.waiting.pushBack(b);
    expect([...step(s)]).toEqual([[b.id, 20]]); // a gets no token this step
    expect(a.numOutputTokens).toBe(1);
    expect([...step(s)]).toEqual([[a.id, 1], [b.id, 1]]);
  });

  it('never splits a prompt: one that does not fit the rest of the token budget waits for the next step', () => {
    const s = createScheduler({ maxNumBatchedTokens: 64 });
    const a = createRequest(40, 10);
    const b = createRequest(40, 10);
    s.waiting.pushBack(a);
    s.waiting.pushBack(b);
    expect([...step(s)]).toEqual([[a.id, 40]]); // 40 + 40 > 64: b is not chunked
    expect([...step(s)]).toEqual([[b.id, 40]]); // prefill first again: a stalls
    expect([...step(s)]).toEqual([[a.id, 1], [b.id, 1]]);
  });

  it('counts running requests against maxNumSeqs when admitting', () => {
    const s = createScheduler({ maxNumSeqs: 2 });
    const a = createRequest(4, 10);
    s.waiting.pushBack(a);
    step(s);
    const b = createRequest(4, 10);
    const c = createRequest(4, 10);
    s.waiting.pushBack(b);
    s.waiting.pushBack(c);
    expect([...step(s).keys()]).toEqual([b.id]); // 1 running + b = 2 seats
    expect([...step(s).keys()]).toEqual([a.id, b.id]); // c cannot be admitted: a decode step
    expect(s.waiting.peek()).toBe(c);
  });

  it('keeps the watermark (1 % of the blocks) free when admitting, where V1 would admit', () => {
    // 200 usable blocks of 4 tokens: watermark ⌊0.01 × 200⌋ = 2 blocks
    const s = createScheduler({ numBlocks: 201, blockSize: 4, maxNumBatchedTokens: 1000 });
    const a = createRequest(398, 100); // ⌈398 / 4⌉ = 100 blocks, 100 − 100 = 0 … free after: 100
    s.waiting.pushBack(a);
    step(s);
    expect(s.kv.pool.numFreeBlocks).toBe(100);
    const b = createRequest(396, 10); // 99 blocks: 100 − 99 = 1 < 2 → LATER
    s.waiting.pushBack(b);
    expect([...step(s)]).toEqual([[a.id, 1]]);
    expect(s.waiting.peek()).toBe(b);
  });

  it('finishes unserved a request that could never fit beside the watermark (AllocStatus.NEVER)', () => {
    const s = createScheduler({ numBlocks: 201, blockSize: 4, maxNumBatchedTokens: 1000 });
    const never = createRequest(796, 4); // 199 blocks: 200 − 199 = 1 < 2 even in an empty cache
    const fits = createRequest(792, 4); // 198 blocks: 200 − 198 = 2
    s.waiting.pushBack(never);
    s.waiting.pushBack(fits);
    const out = new SchedulerOutput();
    expect([...step(s, out)]).toEqual([[fits.id, 792]]);
    expect(ids(...out.aborted)).toEqual([never.id]);
    expect(never.status).toBe('FINISHED');
    expect(never.aborted).toBe(true);
  });

  it('preempts the newest running request when no block is free, even if the decode needs none', () => {
    // 4 usable blocks of 4 tokens, watermark 0
    const s = createScheduler({ numBlocks: 5, blockSize: 4, maxNumBatchedTokens: 100 });
    const a = createRequest(7, 20); // 2 blocks; token 8 still fits in block 2
    const b = createRequest(8, 20); // 2 blocks
    s.waiting.pushBack(a);
    s.waiting.pushBack(b);
    expect([...step(s)]).toEqual([[a.id, 7], [b.id, 8]]);
    expect(s.kv.pool.numFreeBlocks).toBe(0);
    const out = new SchedulerOutput();
    expect([...step(s, out)]).toEqual([[a.id, 1]]); // can_append_slots: 0 free → preempt b
    expect(ids(...out.preempted)).toEqual([b.id]);
    expect(b.status).toBe('PREEMPTED');
    expect(b.numComputedTokens).toBe(0);
    expect(s.waiting.peek()).toBe(b);
    expect(s.kv.pool.numFreeBlocks).toBe(2);
    // b must recompute 9 tokens (prompt + its output) = 3 blocks; 2 free → a decode step instead
    expect([...step(s)]).toEqual([[a.id, 1]]);
  });

  it('preempts the request itself when it is the only one and no block is free', () => {
    const s = createScheduler({ numBlocks: 3, blockSize: 4, maxNumBatchedTokens: 100 });
    const a = createRequest(8, 20); // both usable blocks
    s.waiting.pushBack(a);
    step(s);
    const out = new SchedulerOutput();
    expect(step(s, out).size).toBe(0);
    expect(ids(...out.preempted)).toEqual([a.id]);
    expect(s.running.length).toBe(0);
    expect(s.kv.pool.numFreeBlocks).toBe(2);
  });

  it('resumes a preempted request with its outputs as one prefill', () => {
    const s = createScheduler({ numBlocks: 5, blockSize: 4, maxNumBatchedTokens: 100 });
    const a = createRequest(7, 3);
    const b = createRequest(8, 20);
    s.waiting.pushBack(a);
    s.waiting.pushBack(b);
    step(s); // a: 1 output, b: 1 output
    step(s); // b preempted, a: 2 outputs
    step(s); // b waits (3 blocks, 2 free); a: 3 outputs, finished, its 2 blocks freed
    expect(s.kv.pool.numFreeBlocks).toBe(4);
    expect([...step(s)]).toEqual([[b.id, 9]]);
    expect(b.numOutputTokens).toBe(2);
  });

  it('keeps running requests in arrival order, as V0 sorts them every step', () => {
    const s = createScheduler();
    const late = createRequest(4, 10, 5);
    const early = createRequest(4, 10, 1);
    s.waiting.pushBack(late);
    s.waiting.pushBack(early);
    step(s);
    expect(ids(...s.running)).toEqual([early.id, late.id]);
    expect([...step(s).keys()]).toEqual([early.id, late.id]);
  });

  it('admits no prefill while fewer than prefillKvFreePercent of the blocks are free (AMD fork)', () => {
    // 10 usable blocks of 4 tokens; a takes 7 → 30 % free < 31 %
    const s = createScheduler({ numBlocks: 11, blockSize: 4, maxNumBatchedTokens: 100, prefillKvFreePercent: 31 });
    const a = createRequest(28, 3);
    s.waiting.pushBack(a);
    step(s);
    const b = createRequest(4, 2);
    s.waiting.pushBack(b);
    expect([...step(s)]).toEqual([[a.id, 1]]); // 3 of 10 free: b held back
    expect([...step(s)]).toEqual([[a.id, 1]]);
    expect(a.status).toBe('FINISHED');
    expect([...step(s)]).toEqual([[b.id, 4]]); // all free again
  });
});
