import { describe, expect, it } from 'vitest';
import { HashLru, OffloadTiers, type TierHits } from '../../../src/sim/kv/offload-tiers.js';
import { EngineRequest } from '../../../src/sim/request.js';

describe('HashLru', () => {
  it('evicts the least recently used hash; touching and re-inserting refresh', () => {
    const l = new HashLru(2);
    expect(l.insert(1)).toBe(-1);
    expect(l.insert(2)).toBe(-1);
    l.touch(1);
    expect(l.insert(3)).toBe(2); // 2 was least recent
    expect(l.insert(1)).toBe(-1); // already there: refreshed, nothing evicted
    expect(l.insert(4)).toBe(3);
    expect([l.has(1), l.has(3), l.has(4)]).toEqual([true, false, true]);
    expect(new HashLru(0).insert(7)).toBe(7); // a zero-capacity tier passes everything on
  });
});

/** A request whose block i hashes to 100 + i. */
const req = new EngineRequest(1, 0, new Int32Array(64), 1, 1, 0);
const hashAt = (_r: EngineRequest, i: number) => 100 + i;

function tiers(mode: 'write-through' | 'lazy') {
  return new OffloadTiers({
    mode,
    tiers: [
      { name: 'cpu', capacityBlocks: 2, secondsPerBlock: 0.01, latency: 0.001 },
      { name: 'nvme', capacityBlocks: 3, secondsPerBlock: 0.05, latency: 0.002 },
    ],
  });
}

describe('OffloadTiers', () => {
  it('write-through stores every GPU-cached block; CPU evictions cascade to NVMe, NVMe evictions are dropped', () => {
    const t = tiers('write-through');
    for (const h of [100, 101, 102, 103, 104, 105]) t.onGpuCached(h);
    t.onGpuEvicted(999); // ignored in write-through mode
    expect(t.sizes()).toEqual([2, 3]); // CPU: 104, 105; NVMe: 101, 102, 103; 100 fell off the end
    const hits: TierHits = { cpuBlocks: 0, nvmeBlocks: 0 };
    t.lookup(req, 1, 10, hashAt, hits); // blocks 1..5 are 101..105, consecutive, then 106 misses
    expect(hits).toEqual({ cpuBlocks: 2, nvmeBlocks: 3 });
    t.lookup(req, 0, 10, hashAt, hits); // block 0 (100) is nowhere: nothing counts past a miss
    expect(hits).toEqual({ cpuBlocks: 0, nvmeBlocks: 0 });
    t.lookup(req, 1, 3, hashAt, hits); // the limit (vLLM's hit cap) stops the run
    expect(hits).toEqual({ cpuBlocks: 0, nvmeBlocks: 2 });
  });

  it('lazy mode stores only blocks evicted from the GPU', () => {
    const t = tiers('lazy');
    t.onGpuCached(100);
    expect(t.sizes()).toEqual([0, 0]);
    t.onGpuEvicted(100);
    expect(t.sizes()).toEqual([1, 0]);
  });

  it('loads queue on the host channel: each after the previous, at the tiers read rates', () => {
    const t = tiers('write-through');
    // 2 CPU blocks (0.02 s) + 1 NVMe block (0.05 s) + the larger latency (0.002)
    expect(t.loadReadyAt({ cpuBlocks: 2, nvmeBlocks: 1 }, 1)).toBeCloseTo(1.072, 12);
    // a second load started at 1.01 waits for the channel: 1.072 + 0.001 + 0.01
    expect(t.loadReadyAt({ cpuBlocks: 1, nvmeBlocks: 0 }, 1.01)).toBeCloseTo(1.083, 12);
    expect(t.numLoadedBlocks).toBe(4);
  });
});

describe('CPU-tier KV events', () => {
  it('a block newly stored in the CPU tier is BlockStored (medium CPU); its LRU eviction BlockRemoved', () => {
    const t = tiers('write-through');
    const events: string[] = [];
    t.onCpuEvent = (stored, h) => events.push(`${stored ? '+' : '-'}${h}`);
    t.onGpuCached(1);
    t.onGpuCached(2);
    t.onGpuCached(1); // already there: refreshed, no event
    t.onGpuCached(3); // evicts 2 (least recent) to NVMe
    expect(events).toEqual(['+1', '+2', '+3', '-2']);
  });
});
