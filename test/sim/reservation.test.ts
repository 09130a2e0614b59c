import { describe, expect, it } from 'vitest';
import { KVCacheManager } from '../../src/sim/kv/kv-cache-manager.js';
import { EngineRequest } from '../../src/sim/request.js';
import { blocksToCompletion, unreservedBlocks } from '../../src/sim/reservation.js';
import { Scheduler } from '../../src/sim/scheduler.js';
import { step } from './scheduler-steps.js';

let nextId = 0;
function request(promptLen: number, maxTokens: number): EngineRequest {
  const id = nextId++;
  const p = Int32Array.from({ length: promptLen }, (_, i) => id * 100_000 + i);
  return new EngineRequest(id, id, p, maxTokens, id, id);
}

/** 10 usable blocks of 16 tokens (block 0 is the null block). */
function scheduler(reserveToCompletion: boolean): Scheduler {
  const config = { maxNumSeqs: 16, maxNumBatchedTokens: 256, maxModelLen: 1000, longPrefillTokenThreshold: 0, reserveToCompletion };
  return new Scheduler(config, new KVCacheManager(11, 16, true, config.maxModelLen));
}

describe('blocksToCompletion', () => {
  it('counts prompt + max_tokens in blocks, less those held, capped at maxModelLen', () => {
    const r = request(20, 30); // 50 tokens → ⌈50 ÷ 16⌉ = 4 blocks
    expect(blocksToCompletion(r, 16, 1000)).toBe(4);
    expect(blocksToCompletion(r, 16, 40)).toBe(3); // capped at 40 tokens → 3 blocks
    r.blocks.push(7, 8);
    expect(blocksToCompletion(r, 16, 1000)).toBe(2);
    r.blocks.push(9, 10, 11);
    expect(blocksToCompletion(r, 16, 1000)).toBe(0); // never negative
  });
});

describe("GUARANTEED_NO_EVICT admission (TensorRT-LLM's default capacity policy)", () => {
  // Four requests of 16 prompt + 32 output tokens: 48 tokens = 3 blocks each to completion.
  it('admits only what can finish: 3 requests (9 of 10 blocks reserved), the 4th waits; no preemption', () => {
    const s = scheduler(true);
    const reqs = [request(16, 32), request(16, 32), request(16, 32), request(16, 32)];
    for (const r of reqs) s.waiting.pushBack(r);
    const first = step(s);
    expect([...first.keys()]).toEqual([reqs[0].id, reqs[1].id, reqs[2].id]);
    // 10 free − 3 blocks held now; the three still need 2 each to finish: 7 − 6 = 1 < 3
    expect(s.kv.pool.numFreeBlocks).toBe(7);
    expect(unreservedBlocks(s.kv, s.running, 1000)).toBe(1);
    let steps = 1;
    while (s.hasWork) {
      step(s);
      steps++;
    }
    expect(s.numPreemptions).toBe(0);
    // 3 run together (1 prefill step + 31 decodes), then the 4th alone (32 steps)
    expect(steps).toBe(64);
  });

  it("without it (vLLM, MAX_UTILIZATION) all 4 start and the cache runs out: preemption", () => {
    const s = scheduler(false);
    for (let i = 0; i < 4; i++) s.waiting.pushBack(request(16, 32));
    expect(step(s).size).toBe(4);
    while (s.hasWork) step(s);
    expect(s.numPreemptions).toBeGreaterThan(0);
  });
});
