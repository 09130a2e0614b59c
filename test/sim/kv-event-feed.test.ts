import { describe, expect, it } from 'vitest';
import { KvEventFeed } from '../../src/sim/kv-event-feed.js';
import { BlockPool } from '../../src/sim/kv/block-pool.js';
import type { EnginePod } from '../../src/sim/pod.js';
import type { KvEvent } from '../../src/policies/types.js';

describe('KvEventFeed', () => {
  it('delivers a restarted pod AllBlocksCleared in order between its stored runs, after the delay', () => {
    const pools = [new BlockPool(8), new BlockPool(8)];
    const pods = pools.map((pool) => ({ kv: { pool } }) as unknown as EnginePod);
    let now = 0;
    const feed = new KvEventFeed(pods, () => now, 0.5);
    const ids: number[] = [];
    pools[0].allocate(2, ids);
    pools[0].cache(ids[0], 1);
    pools[0].cache(ids[1], 2);
    pools[0].release(ids);
    now = 1;
    pools[0].clear();
    const more: number[] = [];
    pools[0].allocate(1, more);
    pools[0].cache(more[0], 3);
    const got: KvEvent[] = [];
    feed.flush(['a', 'b'], (e) => void got.push({ ...e, hashes: [...Array.from(e.hashes)] }));
    expect(got).toEqual([{ pod: 'a', type: 'stored', hashes: [1, 2] }]);
    now = 2;
    feed.flush(['a', 'b'], (e) => void got.push({ ...e, hashes: [...Array.from(e.hashes)] }));
    expect(got.slice(1)).toEqual([
      { pod: 'a', type: 'cleared', hashes: [] },
      { pod: 'a', type: 'stored', hashes: [3] },
    ]);
  });
});
