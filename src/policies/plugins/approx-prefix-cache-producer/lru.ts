/**
 * A set of block hashes in least-recently-used order, O(1) per touch and per eviction: a Map from
 * hash to slot plus a doubly linked list over typed-array slots. (A JS Map re-inserted to mark
 * use and read from `keys().next()` to evict walks over the holes its deletions leave at the
 * front: with a full LRU evicting on every request that walk dominated routing.)
 */
export class HashLru {
  private readonly slotOf = new Map<number, number>();
  private hashes = new Int32Array(64);
  private prev = new Int32Array(64);
  private next = new Int32Array(64);
  /** Oldest and newest slot (−1: empty); freed slots chain through `next` from `free`. */
  private head = -1;
  private tail = -1;
  private free = -1;
  private used = 0;

  get size(): number {
    return this.slotOf.size;
  }

  /** Marks `hash` as just used; returns whether it was already in the set. */
  touch(hash: number): boolean {
    const slot = this.slotOf.get(hash);
    if (slot !== undefined) {
      if (slot !== this.tail) {
        this.unlinkSlot(slot);
        this.append(slot);
      }
      return true;
    }
    const s = this.allocate();
    this.hashes[s] = hash;
    this.slotOf.set(hash, s);
    this.append(s);
    return false;
  }

  /** Removes and returns the least recently used hash (the set must not be empty). */
  evictOldest(): number {
    const s = this.head;
    const hash = this.hashes[s];
    this.unlinkSlot(s);
    this.slotOf.delete(hash);
    this.next[s] = this.free;
    this.free = s;
    return hash;
  }

  /** Hashes from the oldest to the newest. */
  *keys(): IterableIterator<number> {
    for (let s = this.head; s >= 0; s = this.next[s]) yield this.hashes[s];
  }

  private allocate(): number {
    if (this.free >= 0) {
      const s = this.free;
      this.free = this.next[s];
      return s;
    }
    if (this.used === this.hashes.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.hashes = grow(this.hashes);
      this.prev = grow(this.prev);
      this.next = grow(this.next);
    }
    return this.used++;
  }

  private append(s: number): void {
    this.prev[s] = this.tail;
    this.next[s] = -1;
    if (this.tail >= 0) this.next[this.tail] = s;
    else this.head = s;
    this.tail = s;
  }

  private unlinkSlot(s: number): void {
    const p = this.prev[s];
    const n = this.next[s];
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
  }
}
