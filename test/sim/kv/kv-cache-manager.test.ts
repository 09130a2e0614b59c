import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KVCacheManager } from '../../../src/sim/kv/kv-cache-manager.js';
import { EngineRequest } from '../../../src/sim/request.js';

const B = 4;

function prompt(len: number, base = 0): Int32Array {
  return Int32Array.from({ length: len }, (_, i) => base + i);
}

function request(id: number, p: Int32Array, maxTokens = 8): EngineRequest {
  return new EngineRequest(id, 0, p, maxTokens, id, 0);
}

/** Admits a request the way the scheduler's phase B does; returns the hit tokens or -1. */
function admit(kv: KVCacheManager, req: EngineRequest): number {
  const hit = kv.getComputedBlocks(req);
  if (!kv.allocateSlots(req, req.numTokens - hit, kv.hitBlocks, true)) return -1;
  req.numComputedTokens = req.numTokens;
  return hit;
}

describe('KVCacheManager', () => {
  it('caps a full prefix hit at numTokens − 1, whole blocks only: floor((L − 1) / B) · B', () => {
    const kv = new KVCacheManager(32, B, true, 1000);
    const p = prompt(8);
    expect(admit(kv, request(1, p))).toBe(0);
    // same 8-token prompt: 2 full blocks cached, but the hit is capped at floor(7/4)·4 = 4
    expect(admit(kv, request(2, p))).toBe(4);
  });

  it('reuses the longest cached chain and stops at the first miss', () => {
    const kv = new KVCacheManager(32, B, true, 1000);
    const a = prompt(13);
    admit(kv, request(1, a));
    const b = prompt(13);
    b[6] = 999; // block 1 differs, so blocks 1.. miss even though block 2 tokens match
    expect(admit(kv, request(2, b))).toBe(4);
  });

  it('caches blocks at schedule time, so a later admission in the same step can hit them', () => {
    const kv = new KVCacheManager(32, B, true, 1000);
    const p = prompt(9);
    const r1 = request(1, p);
    kv.getComputedBlocks(r1);
    kv.allocateSlots(r1, 9, kv.hitBlocks, true);
    expect(kv.getComputedBlocks(request(2, p))).toBe(8);
  });

  it('refuses an allocation that does not fit, changing nothing', () => {
    const kv = new KVCacheManager(4, B, true, 1000); // 3 usable blocks = 12 tokens
    const r = request(1, prompt(13));
    expect(kv.getComputedBlocks(r)).toBe(0);
    expect(kv.allocateSlots(r, 13, kv.hitBlocks, true)).toBe(false);
    expect(r.blocks).toEqual([]);
    expect(kv.pool.numFreeBlocks).toBe(3);
  });

  it('requires the whole sequence to fit on admission even when only a chunk is scheduled', () => {
    const kv = new KVCacheManager(4, B, true, 1000);
    const r = request(1, prompt(13));
    expect(kv.allocateSlots(r, 4, [], true)).toBe(false);
    expect(kv.allocateSlots(r, 4, [], false)).toBe(true);
  });

  it('evicts cached free blocks before refusing: the free count includes them', () => {
    const kv = new KVCacheManager(4, B, true, 1000);
    const r1 = request(1, prompt(12));
    admit(kv, r1);
    kv.free(r1);
    expect(kv.pool.numCachedBlocks).toBe(3);
    const r2 = request(2, prompt(12, 100));
    expect(admit(kv, r2)).toBe(0);
    // r1's three cached blocks were evicted to make room; r2's three full blocks replace them
    expect(kv.pool.numCachedBlocks).toBe(3);
    expect(kv.getComputedBlocks(request(3, prompt(12)))).toBe(0);
    expect(kv.pool.numEvictions).toBe(3);
  });

  it('a decode needs a new block only every blockSize tokens', () => {
    const kv = new KVCacheManager(32, B, true, 1000);
    const r = request(1, prompt(4));
    admit(kv, r);
    expect(r.blocks.length).toBe(1);
    for (let t = 0; t < 8; t++) {
      r.numOutputTokens++;
      expect(kv.allocateSlots(r, 1, [], false)).toBe(true);
      r.numComputedTokens++;
    }
    expect(r.blocks.length).toBe(3); // 12 tokens
  });

  it('property: no block leaks — refcounts match live requests, free + referenced = usable', () => {
    type Op = { kind: 'admit'; prompt: number; len: number } | { kind: 'decode'; who: number } | { kind: 'free'; who: number };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('admit' as const), prompt: fc.integer({ min: 0, max: 3 }), len: fc.integer({ min: 1, max: 30 }) }),
      fc.record({ kind: fc.constant('decode' as const), who: fc.nat() }),
      fc.record({ kind: fc.constant('free' as const), who: fc.nat() }),
    );
    const corpus = [prompt(40), prompt(40, 1000), prompt(40, 2000), prompt(40).map((x, i) => (i < 20 ? x : x + 7))];
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), fc.integer({ min: 3, max: 24 }), (ops, numBlocks) => {
        const kv = new KVCacheManager(numBlocks, B, true, 1000);
        const live: EngineRequest[] = [];
        let id = 0;
        for (const op of ops) {
          if (op.kind === 'admit') {
            const r = request(id++, corpus[op.prompt].subarray(0, op.len));
            if (admit(kv, r) >= 0) live.push(r);
          } else if (live.length > 0) {
            const r = live[op.who % live.length];
            if (op.kind === 'decode') {
              r.numOutputTokens++;
              if (kv.allocateSlots(r, 1, [], false)) r.numComputedTokens++;
              else r.numOutputTokens--;
            } else {
              kv.free(r);
              live.splice(live.indexOf(r), 1);
            }
          }
          // Invariants after every operation.
          const refs = new Map<number, number>();
          for (const r of live) for (const b of r.blocks) refs.set(b, (refs.get(b) ?? 0) + 1);
          for (let b = 1; b < numBlocks; b++) {
            expect(kv.pool.refCount(b)).toBe(refs.get(b) ?? 0);
          }
          expect(kv.pool.numFreeBlocks + refs.size).toBe(kv.pool.numUsableBlocks);
          expect(new Set(kv.pool.freeQueue()).size).toBe(kv.pool.numFreeBlocks);
          for (const r of live) {
            expect(r.blocks.length).toBe(Math.ceil(r.numComputedTokens / B));
            for (let i = 0; i < r.numCachedBlocks; i++) {
              expect(kv.pool.blockHash(r.blocks[i])).toBe(kv.blockHashAt(r, i));
            }
          }
        }
        for (const r of live) kv.free(r);
        expect(kv.pool.numFreeBlocks).toBe(kv.pool.numUsableBlocks);
      }),
      { numRuns: 300 },
    );
  });
});
