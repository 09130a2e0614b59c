import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashIndex } from '../../../src/sim/kv/hash-index.js';

/** A stand-in for the block pool's records: which key each block holds (−1: none). */
function pool(n: number) {
  const held = new Array<number>(n).fill(-1);
  const index = new HashIndex(n, (b) => held[b]);
  return {
    held,
    index,
    cache(b: number, key: number) {
      held[b] = key;
      index.add(key, b);
    },
    evict(b: number) {
      held[b] = -1; // lazy: the index is not told
    },
  };
}

describe('HashIndex', () => {
  it('returns the first live block for a key and falls back to a live duplicate after an eviction', () => {
    const p = pool(8);
    p.cache(3, 12345678901);
    p.cache(5, 12345678901);
    expect(p.index.get(12345678901)).toBe(3);
    p.evict(3);
    expect(p.index.get(12345678901)).toBe(5);
    p.evict(5);
    expect(p.index.get(12345678901)).toBe(-1);
  });

  it('does not find a block that now holds another key', () => {
    const p = pool(4);
    p.cache(1, 111);
    p.evict(1);
    p.cache(1, 222);
    expect(p.index.get(111)).toBe(-1);
    expect(p.index.get(222)).toBe(1);
  });

  it('rebuilds when stale entries fill the table, keeping every live block findable', () => {
    const p = pool(4);
    for (let k = 0; k < 200; k++) {
      const b = k % 4;
      if (p.held[b] >= 0) p.evict(b);
      p.cache(b, 1000 + k * 7919);
    }
    expect(p.index.numRebuilds).toBeGreaterThan(0);
    for (let b = 0; b < 4; b++) expect(p.index.get(p.held[b])).toBe(b);
  });

  it('property: agrees with the pool records under random caches and evictions, colliding slots included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 15 })), { maxLength: 400 }), (ops) => {
        const p = pool(16);
        // keys share low bits often (k * 2^32 + small) to exercise probing
        const keyOf = (k: number) => (k % 5) * 4294967296 + (k % 7) * 64;
        for (const [add, k, b] of ops) {
          if (add && p.held[b] < 0) p.cache(b, keyOf(k));
          else if (!add && p.held[b] >= 0) p.evict(b);
          for (let k2 = 0; k2 <= 40; k2++) {
            const key = keyOf(k2);
            const got = p.index.get(key);
            const holders = p.held.flatMap((h, blk) => (h === key ? [blk] : []));
            if (holders.length === 0) expect(got).toBe(-1);
            else expect(holders).toContain(got);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
