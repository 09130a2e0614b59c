import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PrefixIndexer } from '../../../src/policies/plugins/approx-prefix-cache-producer/indexer.js';

/** Match counts per pod, in id order, for `hashes`. */
function match(ix: PrefixIndexer, hashes: number[]): number[] {
  const counts = new Int32Array(ix.numIds);
  ix.match(Int32Array.from(hashes), counts);
  return [...counts];
}

describe('PrefixIndexer', () => {
  it('counts a hash for every pod holding it, and drops a pod from the set when its LRU evicts the hash', () => {
    const ix = new PrefixIndexer();
    ix.add('a', Int32Array.from([1, 2]), 10);
    ix.add('b', Int32Array.from([1]), 10);
    ix.add('c', Int32Array.from([1]), 10);
    expect(match(ix, [1, 2])).toEqual([2, 1, 1]);
    // b's LRU holds one hash: adding 5 evicts 1, leaving hash 1 on a and c.
    ix.add('b', Int32Array.from([5]), 1);
    expect(match(ix, [1, 2])).toEqual([2, 0, 1]);
    ix.add('c', Int32Array.from([6]), 1); // hash 1 now on a alone
    expect(match(ix, [1, 2])).toEqual([2, 0, 0]);
    ix.add('a', Int32Array.from([7, 8]), 2); // a evicts 1 and 2: nobody holds hash 1
    expect(match(ix, [1, 2])).toEqual([0, 0, 0]);
    ix.add('b', Int32Array.from([1]), 1); // and it can come back on another pod
    expect(match(ix, [1])).toEqual([0, 1, 0]);
  });

  it('matches a plain per-pod-set model on any sequence of adds (property)', () => {
    const add = fc.record({ pod: fc.integer({ min: 0, max: 3 }), hashes: fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 4 }), cap: fc.integer({ min: 1, max: 4 }) });
    fc.assert(
      fc.property(fc.array(add, { maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 5 }), (adds, query) => {
        const ix = new PrefixIndexer();
        const model = new Map<number, number[]>(); // pod → its hashes, oldest first
        const order: number[] = [];
        for (const { pod, hashes, cap } of adds) {
          ix.add(`p${pod}`, Int32Array.from(hashes), cap);
          if (!order.includes(pod)) order.push(pod);
          const lru = model.get(pod) ?? [];
          for (const h of hashes) {
            const k = lru.indexOf(h);
            if (k >= 0) lru.splice(k, 1);
            lru.push(h);
          }
          while (lru.length > cap) lru.shift();
          model.set(pod, lru);
        }
        const expected = order.map(() => 0);
        for (const h of query) {
          const holders = order.filter((pod) => model.get(pod)!.includes(h));
          if (holders.length === 0) break;
          for (const pod of holders) expected[order.indexOf(pod)]++;
        }
        expect(match(ix, query)).toEqual(expected);
      }),
    );
  });
});
