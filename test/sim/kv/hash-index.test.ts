import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashIndex } from '../../../src/sim/kv/hash-index.js';

describe('HashIndex', () => {
  it('returns the first block for a hash and falls back to later copies when it is removed', () => {
    const ix = new HashIndex(8);
    ix.add(12345678901, 3);
    ix.add(12345678901, 5);
    expect(ix.get(12345678901)).toBe(3);
    ix.remove(12345678901, 3);
    expect(ix.get(12345678901)).toBe(5);
    ix.remove(12345678901, 5);
    expect(ix.get(12345678901)).toBe(-1);
    expect(ix.size).toBe(0);
  });

  it('property: agrees with a Map of sets under random adds and removes, colliding slots included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 31 })), { maxLength: 300 }),
        (ops) => {
          const ix = new HashIndex(32);
          const model = new Map<number, number[]>();
          const owner = new Map<number, number>(); // block → key
          for (const [add, k, block] of ops) {
            // keys share low bits often (k * 2^32 + small) to exercise probing and backward shift
            const key = (k % 5) * 4294967296 + (k % 7) * 64;
            if (add && !owner.has(block)) {
              ix.add(key, block);
              owner.set(block, key);
              model.set(key, [...(model.get(key) ?? []), block]);
            } else if (!add && owner.has(block)) {
              const kk = owner.get(block)!;
              ix.remove(kk, block);
              owner.delete(block);
              const rest = model.get(kk)!.filter((b) => b !== block);
              if (rest.length) model.set(kk, rest);
              else model.delete(kk);
            }
            for (const [kk, blocks] of model) expect(blocks).toContain(ix.get(kk));
            expect(ix.size).toBe(owner.size);
          }
          for (let k = 0; k <= 40; k++) {
            const key = (k % 5) * 4294967296 + (k % 7) * 64;
            if (!model.has(key)) expect(ix.get(key)).toBe(-1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
