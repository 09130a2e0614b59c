import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockPool } from '../../../src/sim/kv/block-pool.js';

describe('BlockPool', () => {
  it('keeps block 0 as the null block and hands out blocks from the head in id order', () => {
    const pool = new BlockPool(5);
    expect(pool.numUsableBlocks).toBe(4);
    expect(pool.numFreeBlocks).toBe(4);
    const got: number[] = [];
    pool.allocate(2, got);
    expect(got).toEqual([1, 2]);
    expect(pool.numFreeBlocks).toBe(2);
    expect(pool.usage).toBeCloseTo(0.5);
  });

  it('frees a request in reverse so its tail block is evicted first, after earlier frees', () => {
    const pool = new BlockPool(6);
    const a: number[] = [];
    const b: number[] = [];
    pool.allocate(2, a); // [1,2]
    pool.allocate(2, b); // [3,4]
    pool.release(b);
    pool.release(a);
    // free queue: 5 (never used), then b reversed, then a reversed
    expect(pool.freeQueue()).toEqual([5, 4, 3, 2, 1]);
  });

  it('keeps a freed block hit-able until it is reused, then evicts it lazily', () => {
    const pool = new BlockPool(3);
    const a: number[] = [];
    pool.allocate(2, a);
    pool.cache(a[0], 111);
    pool.cache(a[1], 222);
    pool.release(a);
    expect(pool.lookup(111)).toBe(1);
    expect(pool.numFreeBlocks).toBe(2);
    const b: number[] = [];
    pool.allocate(1, b); // head is block 2 (released first, since release walks in reverse)
    expect(b).toEqual([2]);
    expect(pool.lookup(222)).toBe(-1);
    expect(pool.lookup(111)).toBe(1);
    expect(pool.numEvictions).toBe(1);
  });

  it('unlinks a cached free block on touch and puts it back at the tail on release', () => {
    const pool = new BlockPool(4);
    const a: number[] = [];
    pool.allocate(3, a);
    pool.cache(a[0], 7);
    pool.release(a); // queue: 3,2,1
    pool.touch(1);
    expect(pool.refCount(1)).toBe(1);
    expect(pool.freeQueue()).toEqual([3, 2]);
    pool.release([1]);
    expect(pool.freeQueue()).toEqual([3, 2, 1]);
  });

  it('keeps duplicate copies of a hash findable after one copy is evicted', () => {
    const pool = new BlockPool(3);
    const a: number[] = [];
    pool.allocate(2, a);
    pool.cache(a[0], 9);
    pool.cache(a[1], 9);
    expect(pool.numCachedBlocks).toBe(2);
    pool.release([a[0]]);
    const b: number[] = [];
    pool.allocate(1, b); // evicts block 1, the primary copy
    expect(pool.lookup(9)).toBe(2);
  });

  it('throws on double release: broken internal state is a bug', () => {
    const pool = new BlockPool(3);
    const a: number[] = [];
    pool.allocate(1, a);
    pool.release(a);
    expect(() => pool.release(a)).toThrow(/released more often/);
  });

  it('clear() empties the cache as a restarted engine finds it: ids in order, nothing hit-able, one cleared event', () => {
    const pool = new BlockPool(5);
    const events: string[] = [];
    pool.onKvEvent = (stored, h) => void events.push(`${stored ? '+' : '-'}${h}`);
    pool.onKvCleared = () => void events.push('cleared');
    const ids: number[] = [];
    pool.allocate(3, ids);
    pool.cache(ids[0], 11);
    pool.cache(ids[1], 22);
    expect(() => pool.clear()).toThrow(/still referenced/);
    pool.release(ids);
    pool.clear();
    expect(events).toEqual(['+11', '+22', 'cleared']);
    expect(pool.lookup(11)).toBe(-1);
    expect(pool.lookup(22)).toBe(-1);
    expect(pool.numCachedBlocks).toBe(0);
    expect(pool.freeQueue()).toEqual([1, 2, 3, 4]);
    // a later cache of the same hash is found again, and no BlockRemoved is sent for the cleared ones
    const again: number[] = [];
    pool.allocate(1, again);
    pool.cache(again[0], 11);
    expect(pool.lookup(11)).toBe(again[0]);
    expect(events).toEqual(['+11', '+22', 'cleared', '+11']);
  });
  it('keeps the free queue of a plain list model through any allocs, releases, hits and ring compactions (property)', () => {
    // Ops on a 4-block pool: hits leave dead entries in its 16-slot ring, which compacts often.
    const op = fc.oneof(
      fc.record({ alloc: fc.integer({ min: 1, max: 2 }) }),
      fc.record({ release: fc.nat(9) }),
      fc.record({ release: fc.nat(9) }),
      fc.record({ hit: fc.nat(9) }),
      fc.record({ hit: fc.nat(9) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const pool = new BlockPool(4);
        let queue = [1, 2, 3]; // the model: free blocks, head first
        const refs = new Map<number, number>();
        const held: number[][] = [];
        for (const o of ops) {
          if ('alloc' in o) {
            if (o.alloc > queue.length) continue;
            const got: number[] = [];
            pool.allocate(o.alloc, got);
            expect(got).toEqual(queue.slice(0, o.alloc));
            queue = queue.slice(o.alloc);
            for (const b of got) refs.set(b, 1);
            held.push(got);
          } else if ('release' in o) {
            if (held.length === 0) continue;
            const [ids] = held.splice(o.release % held.length, 1);
            pool.release(ids);
            for (let i = ids.length - 1; i >= 0; i--) {
              const rc = refs.get(ids[i])! - 1;
              refs.set(ids[i], rc);
              if (rc === 0) queue.push(ids[i]);
            }
          } else {
            // A prefix hit on any block: a free one leaves the queue from wherever it is.
            const b = 1 + (o.hit % 3);
            pool.touch(b);
            refs.set(b, (refs.get(b) ?? 0) + 1);
            queue = queue.filter((x) => x !== b);
            held.push([b]);
          }
          expect(pool.freeQueue()).toEqual(queue);
          expect(pool.numFreeBlocks).toBe(queue.length);
        }
      }),
      { numRuns: 300 },
    );
  });
  it('hits on free blocks leave dead entries that compaction drops without reordering the queue', () => {
    const pool = new BlockPool(3); // 2 usable blocks, a 16-slot ring
    pool.touch(1);
    pool.release([1]); // queue 2, 1; a dead entry for 1 at the front of the ring
    for (let i = 0; i < 20; i++) {
      pool.touch(2); // 2 leaves the queue, a dead entry stays in the ring …
      pool.release([2]); // … and it comes back at the tail: 1, 2 (1 never moves)
    }
    // 42 entries were written to a 16-slot ring: it compacted, moving 1 up past the dead ones.
    expect(pool.freeQueue()).toEqual([1, 2]);
    const out: number[] = [];
    pool.allocate(2, out);
    expect(out).toEqual([1, 2]);
  });
});
