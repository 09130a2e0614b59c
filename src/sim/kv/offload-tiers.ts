import type { EngineRequest } from '../request.js';

/** An LRU set of block hashes holding at most `capacity` blocks: one offload tier's contents. */
export class HashLru {
  /** A Map iterates in insertion order: re-inserting on touch keeps the LRU entry first. */
  private readonly order = new Map<number, true>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.order.size;
  }

  clear(): void {
    this.order.clear();
  }

  has(h: number): boolean {
    return this.order.has(h);
  }

  /** Marks `h` most recently used, if present. */
  touch(h: number): void {
    if (this.order.delete(h)) this.order.set(h, true);
  }

  /** Adds (or refreshes) `h`; returns the hash evicted to make room, or −1. */
  insert(h: number): number {
    if (this.order.delete(h)) {
      this.order.set(h, true);
      return -1;
    }
    if (this.capacity <= 0) return h;
    this.order.set(h, true);
    if (this.order.size <= this.capacity) return -1;
    const lru = this.order.keys().next().value as number;
    this.order.delete(lru);
    return lru;
  }
}

export interface OffloadTierSpec {
  name: 'cpu' | 'nvme';
  capacityBlocks: number;
  /** Seconds to read one block back into HBM (over the tier's and the host link's bandwidth). */
  secondsPerBlock: number;
  /** Fixed seconds per load job. */
  latency: number;
}

export interface OffloadConfig {
  tiers: OffloadTierSpec[];
  /**
   * 'write-through' (vLLM's native OffloadingConnector): every block cached on the GPU is also
   * stored in the first tier; 'lazy': only blocks evicted from the GPU are.
   */
  mode: 'write-through' | 'lazy';
}

/** Where a tier lookup found a request's next blocks. */
export interface TierHits {
  cpuBlocks: number;
  nvmeBlocks: number;
}

/**
 * A pod's KV offload tiers (CPU DRAM, then NVMe), each an LRU of block hashes: stores go to the
 * first tier and its evictions cascade to the next, as LMCache's local tiers do. Stores are
 * background DMA and cost no step time (vLLM overlaps them with the next step); loads are
 * asynchronous and serialised per pod (one host channel), each block at its tier's read rate.
 */
export class OffloadTiers {
  private readonly lrus: HashLru[];
  /** When the pod's host channel is next free. */
  private busyUntil = 0;
  numStoredBlocks = 0;
  numLoadedBlocks = 0;
  /** vLLM's CPU-medium KV events: a block stored in, or evicted from, the first (CPU) tier. */
  onCpuEvent: ((stored: boolean, hash: number) => void) | null = null;

  constructor(readonly config: OffloadConfig) {
    this.lrus = config.tiers.map((t) => new HashLru(t.capacityBlocks));
  }

  /** A block was cached on the GPU (write-through mode stores it). */
  onGpuCached(h: number): void {
    if (this.config.mode === 'write-through') this.store(h);
  }

  /** A cached block was evicted from the GPU (lazy mode stores it now). */
  onGpuEvicted(h: number): void {
    if (this.config.mode === 'lazy') this.store(h);
  }

  private store(h: number): void {
    this.numStoredBlocks++;
    const cpu = this.config.tiers[0]?.name === 'cpu' ? this.onCpuEvent : null;
    const isNew = cpu !== null && !this.lrus[0].has(h);
    let evicted = h;
    for (let t = 0; t < this.lrus.length && evicted >= 0; t++) {
      evicted = this.lrus[t].insert(evicted);
      if (t === 0 && cpu) {
        if (isNew && evicted !== h) cpu(true, h);
        if (evicted >= 0 && evicted !== h) cpu(false, evicted);
      }
    }
  }

  /**
   * How many of the request's blocks `from`, `from + 1`, … (below `limit`) the tiers hold, in
   * order, stopping at the first miss; found blocks become most recently used.
   */
  lookup(req: EngineRequest, from: number, limit: number, hashAt: (req: EngineRequest, i: number) => number, out: TierHits): void {
    out.cpuBlocks = 0;
    out.nvmeBlocks = 0;
    for (let i = from; i < limit; i++) {
      const h = hashAt(req, i);
      let found = -1;
      for (let t = 0; t < this.lrus.length; t++) {
        if (this.lrus[t].has(h)) {
          found = t;
          break;
        }
      }
      if (found < 0) break;
      this.lrus[found].touch(h);
      if (this.config.tiers[found].name === 'cpu') out.cpuBlocks++;
      else out.nvmeBlocks++;
    }
  }

  /** Schedules the load of `hits` on the pod's host channel; returns when the KV is in HBM. */
  loadReadyAt(hits: TierHits, now: number): number {
    let seconds = 0;
    let latency = 0;
    for (const t of this.config.tiers) {
      const n = t.name === 'cpu' ? hits.cpuBlocks : hits.nvmeBlocks;
      if (n === 0) continue;
      seconds += n * t.secondsPerBlock;
      latency = Math.max(latency, t.latency);
    }
    this.numLoadedBlocks += hits.cpuBlocks + hits.nvmeBlocks;
    const start = Math.max(now, this.busyUntil);
    this.busyUntil = start + latency + seconds;
    return this.busyUntil;
  }

  /** Empties every tier (the engine restarted) and frees the host channel. */
  clear(): void {
    for (const l of this.lrus) l.clear();
    this.busyUntil = 0;
  }

  /** Blocks each tier holds (for tests and the summary). */
  sizes(): number[] {
    return this.lrus.map((l) => l.size);
  }
}
