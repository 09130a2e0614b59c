import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashLru } from '../../../src/policies/plugins/approx-prefix-cache-producer/lru.js';

describe('HashLru', () => {
  it('evicts in least-recently-used order; a touch makes a hash the newest', () => {
    const lru = new HashLru();
    expect([1, 2, 3].map((h) => lru.touch(h))).toEqual([false, false, false]);
    expect(lru.touch(1)).toBe(true); // order now 2, 3, 1
    expect([...lru.keys()]).toEqual([2, 3, 1]);
    expect(lru.evictOldest()).toBe(2);
    expect(lru.evictOldest()).toBe(3);
    expect(lru.size).toBe(1);
    expect(lru.touch(2)).toBe(false); // evicted hashes are gone
    expect([...lru.keys()]).toEqual([1, 2]);
  });

  it('matches a plain array LRU on any sequence of touches and evictions (property)', () => {
    const op = fc.oneof(fc.record({ touch: fc.integer({ min: -20, max: 20 }) }), fc.constant({ evict: true as const }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const lru = new HashLru();
        const ref: number[] = [];
        for (const o of ops) {
          if ('touch' in o) {
            const k = ref.indexOf(o.touch);
            expect(lru.touch(o.touch)).toBe(k >= 0);
            if (k >= 0) ref.splice(k, 1);
            ref.push(o.touch);
          } else if (ref.length > 0) {
            expect(lru.evictOldest()).toBe(ref.shift());
          }
          expect(lru.size).toBe(ref.length);
        }
        expect([...lru.keys()]).toEqual(ref);
      }),
      { numRuns: 300 },
    );
  });
});
