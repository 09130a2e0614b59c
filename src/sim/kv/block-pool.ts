/**
 * The pool of KV blocks of one engine, after vLLM `v1/core/block_pool.py`.
 *
 * It owns every block's reference count, its hash while cached, the free queue in eviction order
 * and the hash → block map. Block 0 is vLLM's permanent null block and is never handed out, so
 * `numUsableBlocks = numBlocks - 1`.
 *
 * The free queue holds every block with refCnt 0, empty or cached. Allocation pops the head (the
 * least recently freed block); a popped block that still carries a hash is evicted then and only
 * then (lazy eviction). Freeing appends at the tail. Touching a cached free block (a prefix hit)
 * takes it out from wherever it is.
 *
 * Deliberate difference from vLLM's doubly linked FreeKVCacheBlockQueue, same order: the queue is a
 * ring of block ids with lazy removal. Each free block records its position in the ring; taking
 * it out clears that record and leaves a dead entry, which popping skips. A linked list makes
 * allocating n blocks a chain of n dependent cache misses (each next id is read from the block
 * just popped); the ring reads its ids in sequence, so the misses on their records overlap.
 */
import { HashIndex } from './hash-index.js';

const NONE = -1;
/** Per-block fields: position in the free ring (NONE when not free), refCnt, hash, padding. */
const POS = 0;
const REF = 2;
const HASH = 3;

export class BlockPool {
  readonly numBlocks: number;
  /**
   * Per-block fields interleaved in one array, [ring position, -, refCnt, hash] × numBlocks (hash
   * −1 when not cached): the free queue visits blocks in LRU order, i.e. at random, so touching
   * one cache line per block instead of several is most of the simulator's speed. Four fields of
   * 8 bytes keep a block's record inside one 64-byte line.
   */
  private readonly meta: Float64Array;
  /**
   * The free queue: ids at ring positions head … tail − 1 (positions only grow; slot = position &
   * ringMask). An entry is live when its block's POS field equals its position. The ring holds
   * at least twice the blocks, so when it is full at least half its entries are dead and
   * compacting pays for itself.
   */
  private readonly ring: Int32Array;
  private readonly ringMask: number;
  private head = 0;
  private tail = 0;
  private freeCount = 0;
  /** hash → block(s) holding it. */
  private readonly cached: HashIndex;
  /**
   * vLLM's KV events: BlockStored when a block is cached (at schedule time), BlockRemoved when a
   * cached block is evicted (lazily, at reuse). Null unless someone (the precise prefix index)
   * listens, so the common case pays nothing.
   */
  onKvEvent: ((stored: boolean, hash: number) => void) | null = null;
  /** The same two moments for the pod's offload tiers (write-through stores, lazy offload). */
  onTierEvent: ((stored: boolean, hash: number) => void) | null = null;
  /** vLLM's AllBlocksCleared (a restarted engine starts with an empty cache). */
  onKvCleared: (() => void) | null = null;
  /** Blocks evicted from the prefix cache since creation (vLLM emits BlockRemoved for each). */
  numEvictions = 0;
  private numCached = 0;

  constructor(numBlocks: number) {
    if (!Number.isInteger(numBlocks) || numBlocks < 2) {
      throw new Error(`a block pool needs at least 2 blocks (1 null + 1 usable), got ${numBlocks}`);
    }
    this.numBlocks = numBlocks;
    this.meta = new Float64Array(numBlocks * 4);
    let ringSize = 16;
    while (ringSize < 2 * numBlocks) ringSize *= 2;
    this.ring = new Int32Array(ringSize);
    this.ringMask = ringSize - 1;
    this.meta[POS] = NONE;
    this.meta[HASH] = NONE;
    this.meta[REF] = 1; // the null block is permanently in use
    this.cached = new HashIndex(numBlocks, (b) => this.meta[b * 4 + HASH]);
    this.resetFreeQueue();
  }

  get numUsableBlocks(): number {
    return this.numBlocks - 1;
  }

  /** Blocks with refCnt 0, cached ones included: they are evicted before anyone is preempted. */
  get numFreeBlocks(): number {
    return this.freeCount;
  }

  /** vLLM's kv_cache_usage: the share of usable blocks referenced by live requests. */
  get usage(): number {
    return 1 - this.freeCount / (this.numBlocks - 1);
  }

  get numCachedBlocks(): number {
    return this.numCached;
  }

  refCount(id: number): number {
    return this.meta[id * 4 + REF];
  }

  blockHash(id: number): number | undefined {
    const h = this.meta[id * 4 + HASH];
    return h >= 0 ? h : undefined;
  }

  /** A block holding `hash`, or -1. */
  lookup(hash: number): number {
    return this.cached.get(hash);
  }

  isFree(id: number): boolean {
    return this.meta[id * 4 + REF] === 0;
  }

  /** Pops `n` blocks from the head of the free queue (evicting their hashes), refCnt = 1. */
  allocate(n: number, out: number[]): void {
    if (n > this.freeCount) throw new Error(`allocate(${n}) with only ${this.freeCount} free blocks`);
    const meta = this.meta;
    for (let i = 0; i < n; i++) {
      let id: number;
      do id = this.ring[this.head & this.ringMask];
      while (meta[id * 4 + POS] !== this.head++); // skip dead entries
      this.unlink(id);
      if (meta[id * 4 + HASH] >= 0) this.evict(id);
      meta[id * 4 + REF] = 1;
      out.push(id);
    }
  }

  /** A prefix hit: take a reference, unlinking the block from the free queue if it was free. */
  touch(id: number): void {
    const m = id * 4 + REF;
    if (this.meta[m] === 0) this.unlink(id);
    this.meta[m]++;
  }

  /**
   * Drops one reference from each block, walking `ids` from its end so the request's tail
   * (longest-prefix) blocks become eviction candidates first, as vLLM's free() does.
   */
  release(ids: readonly number[]): void {
    for (let i = ids.length - 1; i >= 0; i--) {
      const id = ids[i];
      const rc = --this.meta[id * 4 + REF];
      if (rc < 0) throw new Error(`block ${id} released more often than referenced`);
      if (rc === 0) this.append(id);
    }
  }

  /** Marks a full block as cached under `hash` (vLLM caches at schedule time). */
  cache(id: number, h: number): void {
    if (this.meta[id * 4 + HASH] >= 0) throw new Error(`block ${id} is already cached`);
    this.meta[id * 4 + HASH] = h;
    this.numCached++;
    this.cached.add(h, id);
    if (this.onKvEvent) this.onKvEvent(true, h);
    if (this.onTierEvent) this.onTierEvent(true, h);
  }

  /**
   * Empties the cache as a restarted engine finds it: every block free and unhashed, the free
   * queue in id order as at start-up. Every block must have been released first. Emits one
   * AllBlocksCleared; stale hash-index entries die by themselves (their blocks hold no hash).
   */
  clear(): void {
    if (this.freeCount !== this.numBlocks - 1) throw new Error(`clear() with ${this.numBlocks - 1 - this.freeCount} blocks still referenced`);
    this.resetFreeQueue();
    this.numCached = 0;
    if (this.onKvCleared) this.onKvCleared();
  }

  /** Every usable block free, unhashed, and queued in id order (1 first), as at start-up. */
  private resetFreeQueue(): void {
    const meta = this.meta;
    for (let id = 1; id < this.numBlocks; id++) {
      this.ring[id - 1] = id;
      meta[id * 4 + POS] = id - 1;
      meta[id * 4 + REF] = 0;
      meta[id * 4 + HASH] = NONE;
    }
    this.head = 0;
    this.tail = this.freeCount = this.numBlocks - 1;
  }

  private evict(id: number): void {
    // Clearing the block's hash is the whole eviction: its index entry goes stale by itself.
    if (this.onKvEvent) this.onKvEvent(false, this.meta[id * 4 + HASH]);
    if (this.onTierEvent) this.onTierEvent(false, this.meta[id * 4 + HASH]);
    this.meta[id * 4 + HASH] = NONE;
    this.numEvictions++;
    this.numCached--;
  }

  private append(id: number): void {
    if (this.tail - this.head > this.ringMask) this.compact();
    this.ring[this.tail & this.ringMask] = id;
    this.meta[id * 4 + POS] = this.tail++;
    this.freeCount++;
  }

  /** Out of the free queue: its ring entry is dead from now on. */
  private unlink(id: number): void {
    this.meta[id * 4 + POS] = NONE;
    this.freeCount--;
  }

  /** Drops the dead entries: live ones move up behind the head, in order. */
  private compact(): void {
    const meta = this.meta;
    const mask = this.ringMask;
    let w = this.head;
    for (let p = this.head; p < this.tail; p++) {
      const id = this.ring[p & mask];
      // w ≤ p: an entry is only written over once it has been read.
      if (meta[id * 4 + POS] === p) {
        this.ring[w & mask] = id;
        meta[id * 4 + POS] = w++;
      }
    }
    this.tail = w;
  }

  /** Free-queue order from head (next eviction) to tail; for tests and invariants. */
  freeQueue(): number[] {
    const out: number[] = [];
    for (let p = this.head; p < this.tail; p++) {
      const id = this.ring[p & this.ringMask];
      if (this.meta[id * 4 + POS] === p) out.push(id);
    }
    return out;
  }
}
