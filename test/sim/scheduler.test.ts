import { describe, expect, it } from 'vitest';
import { KVCacheManager } from '../../src/sim/kv/kv-cache-manager.js';
import { EngineRequest } from '../../src/sim/request.js';
import { Scheduler, type SchedulerConfig } from '../../src/sim/scheduler.js';
import { SchedulerOutput } from '../../src/sim/scheduler-output.js';
import { completeStep, step } from './scheduler-steps.js';

/** Builders with defaults, as vLLM's tests' create_scheduler / create_requests. */
function createScheduler(opts: Partial<SchedulerConfig> & { numBlocks?: number; blockSize?: number; caching?: boolean } = {}) {
  const config: SchedulerConfig = {
    maxNumSeqs: opts.maxNumSeqs ?? 16,
    maxNumBatchedTokens: opts.maxNumBatchedTokens ?? 64,
    maxModelLen: opts.maxModelLen ?? 100_000,
    longPrefillTokenThreshold: opts.longPrefillTokenThreshold ?? 0,
  };
  const kv = new KVCacheManager(opts.numBlocks ?? 1000, opts.blockSize ?? 16, opts.caching ?? true, config.maxModelLen);
  return new Scheduler(config, kv);
}

let nextId = 0;
function createRequest(promptLen: number, maxTokens = 4, base = nextId * 100_000): EngineRequest {
  const id = nextId++;
  const p = Int32Array.from({ length: promptLen }, (_, i) => base + i);
  return new EngineRequest(id, id, p, maxTokens, id, id);
}

describe('Scheduler', () => {
  it('splits a prompt longer than the budget over ⌈prompt ÷ budget⌉ steps (chunked prefill)', () => {
    const s = createScheduler({ maxNumBatchedTokens: 64 });
    const r = createRequest(150);
    s.waiting.pushBack(r);
    expect(step(s).get(r.id)).toBe(64);
    expect(r.numOutputTokens).toBe(0);
    expect(step(s).get(r.id)).toBe(64);
    expect(step(s).get(r.id)).toBe(22); // 150 = 64 + 64 + 22: first token after step 3
    expect(r.numOutputTokens).toBe(1);
    expect(step(s).get(r.id)).toBe(1); // then decodes one token per step
  });

  it('schedules running requests first, then gives the rest of the budget to waiting ones', () => {
    const s = createScheduler({ maxNumBatchedTokens: 64 });
    const a = createRequest(10, 10);
    const b = createRequest(10, 10);
    s.waiting.pushBack(a);
    s.waiting.pushBack(b);
    step(s); // both prefilled: 20 tokens
    const c = createRequest(100);
    s.waiting.pushBack(c);
    const m = step(s);
    expect([m.get(a.id), m.get(b.id), m.get(c.id)]).toEqual([1, 1, 62]);
  });

  it('admits no more than maxNumSeqs running requests', () => {
    const s = createScheduler({ maxNumSeqs: 2 });
    for (let i = 0; i < 3; i++) s.waiting.pushBack(createRequest(4));
    expect(step(s).size).toBe(2);
    expect(s.waiting.length).toBe(1);
  });

  it('stops admission at the first request that does not fit (strict head-of-line)', () => {
    // 9 blocks of 16 = 144 tokens usable (block 0 is the null block)
    const s = createScheduler({ numBlocks: 10, maxNumBatchedTokens: 1000 });
    const big = createRequest(120, 100); // holds 8 blocks
    s.waiting.pushBack(big);
    step(s);
    const tooBig = createRequest(40);
    const small = createRequest(4);
    s.waiting.pushBack(tooBig);
    s.waiting.pushBack(small);
    const m = step(s);
    expect(m.has(tooBig.id)).toBe(false);
    expect(m.has(small.id)).toBe(false);
  });

  it('preempts the newest running request when a decode cannot get a block, and re-queues it at the front', () => {
    // 4 usable blocks of 4 tokens
    const s = createScheduler({ numBlocks: 5, blockSize: 4, maxNumBatchedTokens: 100 });
    const a = createRequest(8, 20);
    const b = createRequest(8, 20);
    s.waiting.pushBack(a);
    s.waiting.pushBack(b);
    step(s); // a: 2 blocks, b: 2 blocks; each sampled token 1 (numTokens 9)
    const late = createRequest(4);
    s.waiting.pushBack(late);
    const out = new SchedulerOutput();
    s.schedule(out); // a needs a 3rd block for token 9: none free → preempt b (newest)
    expect(out.preempted.map((r) => r.id)).toEqual([b.id]);
    expect(out.reqs.map((r) => r.id)).toEqual([a.id]);
    expect(out.numAdmitted).toBe(0); // no admissions in a step that preempted
    expect(s.waiting.peek()).toBe(b);
    expect(b.status).toBe('PREEMPTED');
    expect(b.numComputedTokens).toBe(0);
    expect(s.numPreemptions).toBe(1);
  });

  it('a resumed request finds its own surviving blocks and recomputes only the rest', () => {
    const s = createScheduler({ numBlocks: 5, blockSize: 4, maxNumBatchedTokens: 100 });
    const a = createRequest(8, 20);
    const b = createRequest(8, 20);
    s.waiting.pushBack(a);
    s.waiting.pushBack(b);
    step(s);
    // b is preempted; its blocks are freed tail-first, so a's new block evicts b's block 1
    // and b's block 0 stays cached.
    step(s);
    s.running.length = 0; // a leaves
    s.kv.free(a);
    const m = step(s); // b resumes with 9 tokens: block 0 hits (4 tokens), 5 are recomputed
    expect(m.get(b.id)).toBe(5);
    expect(b.numPreemptions).toBe(1);
  });

  it('counts prefix hits for new requests only', () => {
    const s = createScheduler({ maxNumBatchedTokens: 1000 });
    const a = createRequest(64, 2, 0);
    s.waiting.pushBack(a);
    step(s);
    const b = createRequest(64, 2, 0);
    s.waiting.pushBack(b);
    const m = step(s);
    expect(m.get(b.id)).toBe(16); // 48 of 64 tokens hit: floor(63/16)*16
    expect(s.prefixStats).toEqual({ queries: 128, hits: 48 });
  });

  it('fills the batch shape the step-time model prices', () => {
    const s = createScheduler({ maxNumBatchedTokens: 64 });
    const a = createRequest(10, 10);
    s.waiting.pushBack(a);
    step(s);
    const c = createRequest(30);
    s.waiting.pushBack(c);
    const out = new SchedulerOutput();
    s.schedule(out);
    // a: decode q=1 at c=10 → pairs 10 + 1 = 11, reads 11; c: q=30 at c=0 → pairs 30·15.5 = 465, reads 30
    expect(out.shape).toEqual({ numTokens: 31, numSeqs: 2, numSampled: 2, attnQkPairs: 476, kvReadTokens: 41, uniformDecode: false, numDecodes: 1, decodeKvReadTokens: 11 });
  });
});

describe('P/D (NixlConnector) on the scheduler', () => {
  /** A decode request whose KV is pulled from pod 9. */
  function decodeRequest(promptLen: number, base: number): EngineRequest {
    const r = createRequest(promptLen, 3, base);
    r.pd = 'decode';
    r.remote = { podIndex: 9, request: r, loadedTokens: promptLen - 1, ready: false };
    return r;
  }

  it('decode side: the whole prompt is allocated, the request waits outside running and seats, then runs a 1-token prefill', () => {
    const s = createScheduler({ maxNumSeqs: 1, maxNumBatchedTokens: 64 });
    const d = decodeRequest(100, 5_000_000);
    const other = createRequest(40);
    s.waiting.pushBack(d);
    s.waiting.pushBack(other);
    const out = new SchedulerOutput();
    s.schedule(out);
    // d parks (no tokens, no seat), blocks for all 100 tokens held; `other` takes the one seat.
    expect(out.remoteLoads).toEqual([d]);
    expect(d.status).toBe('WAITING_FOR_REMOTE_KVS');
    expect(d.blocks.length).toBe(Math.ceil(100 / 16));
    expect(out.reqs).toEqual([other]);
    expect(s.running).toEqual([other]);
    expect([...s.waiting]).toEqual([d]); // still counted as waiting, as vllm:num_requests_waiting does
    expect(s.hasWork).toBe(true);
    // The parked blocks are not hit-able before the KV has arrived (delay_cache_blocks).
    const twin = createRequest(100, 1, 5_000_000);
    expect(s.kv.getComputedBlocks(twin)).toBe(0);

    completeStep(s, out); // other: prefill done, 1 token
    s.markRemoteReady(d);
    expect(s.numRemotePending).toBe(0);
    while (s.running.length > 0) completeStep(s, (s.schedule(out), out)); // let `other` finish
    s.schedule(out);
    // d is admitted as a full hit: computed = 99, one token scheduled, first token sampled.
    expect(out.reqs).toEqual([d]);
    expect(out.numScheduledTokens).toEqual([1]);
    expect(d.status).toBe('RUNNING');
    expect(d.remote).toBeUndefined();
    expect(s.kv.getComputedBlocks(twin)).toBe(96); // cached now: floor(99/16) blocks
  });

  it('a parked decode request does not block the queue behind it (vLLM skips it)', () => {
    const s = createScheduler({ maxNumBatchedTokens: 64 });
    const d = decodeRequest(64, 6_000_000);
    s.waiting.pushBack(d);
    const out = new SchedulerOutput();
    s.schedule(out);
    expect(s.hasWork).toBe(false); // only a parked request: the pod may sleep until the KV arrives
    const r = createRequest(10);
    s.waiting.pushBack(r);
    s.schedule(out);
    expect(out.reqs).toEqual([r]);
    expect([...s.waiting]).toEqual([d]);
  });

  it('prefill side: a finished prefill request keeps its blocks until released, then they are cached and free', () => {
    const s = createScheduler();
    const p = createRequest(48, 1, 7_000_000);
    p.pd = 'prefill';
    s.waiting.pushBack(p);
    const out = new SchedulerOutput();
    s.schedule(out);
    const free = s.kv.pool.numFreeBlocks;
    completeStep(s, out);
    expect(s.held).toEqual([p]);
    expect(s.kv.pool.numFreeBlocks).toBe(free); // held, still counted in usage
    expect(s.hasRequests).toBe(true);
    s.releaseHeld(p);
    expect(s.held).toEqual([]);
    expect(s.kv.pool.numFreeBlocks).toBe(free + 3);
    expect(s.kv.getComputedBlocks(createRequest(48, 1, 7_000_000))).toBe(32); // 47 tokens → 2 full blocks hit
  });
});
