/**
 * hash → block id for the prefix cache, without allocation: an open-addressing table (linear
 * probing, backward-shift deletion) over typed arrays. A JS Map keyed by 53-bit numbers boxes
 * every key and was the simulator's hottest spot.
 *
 * vLLM does not de-duplicate blocks (identical blocks computed concurrently are both cached), so
 * a key maps to the first block holding it and further blocks chain through `nextSame`.
 */
const EMPTY = -1;

export class HashIndex {
  /** [key, head block] per slot, interleaved so a probe touches one cache line. */
  private readonly slots: Float64Array;
  private readonly mask: number;
  private readonly nextSame: Int32Array;
  /** Number of blocks indexed (duplicates included). */
  size = 0;

  constructor(numBlocks: number) {
    let cap = 16;
    while (cap < numBlocks * 2) cap *= 2;
    this.slots = new Float64Array(cap * 2);
    for (let i = 0; i < cap; i++) this.slots[2 * i + 1] = EMPTY;
    this.mask = cap - 1;
    this.nextSame = new Int32Array(numBlocks).fill(EMPTY);
  }

  /** Our hashes are already well mixed, so their low bits make a good slot. */
  private slotOf(key: number): number {
    return (key >>> 0) & this.mask;
  }

  private find(key: number): number {
    let i = this.slotOf(key);
    while (this.slots[2 * i + 1] !== EMPTY) {
      if (this.slots[2 * i] === key) return i;
      i = (i + 1) & this.mask;
    }
    return -1;
  }

  /** A block holding `key`, or -1. */
  get(key: number): number {
    const i = this.find(key);
    return i < 0 ? EMPTY : this.slots[2 * i + 1];
  }

  add(key: number, block: number): void {
    let i = this.slotOf(key);
    while (this.slots[2 * i + 1] !== EMPTY) {
      if (this.slots[2 * i] === key) {
        // A duplicate: keep the first block as the one lookups return, chain this one after it.
        const head = this.slots[2 * i + 1];
        this.nextSame[block] = this.nextSame[head];
        this.nextSame[head] = block;
        this.size++;
        return;
      }
      i = (i + 1) & this.mask;
    }
    this.slots[2 * i] = key;
    this.slots[2 * i + 1] = block;
    this.nextSame[block] = EMPTY;
    this.size++;
  }

  remove(key: number, block: number): void {
    const i = this.find(key);
    if (i < 0) throw new Error(`hash index: block ${block} not indexed`);
    this.size--;
    if (this.slots[2 * i + 1] === block) {
      const next = this.nextSame[block];
      this.nextSame[block] = EMPTY;
      if (next !== EMPTY) this.slots[2 * i + 1] = next;
      else this.deleteSlot(i);
      return;
    }
    let prev = this.slots[2 * i + 1];
    while (this.nextSame[prev] !== block) {
      prev = this.nextSame[prev];
      if (prev === EMPTY) throw new Error(`hash index: block ${block} not under its hash`);
    }
    this.nextSame[prev] = this.nextSame[block];
    this.nextSame[block] = EMPTY;
  }

  /** Backward-shift deletion keeps probe chains intact without tombstones. */
  private deleteSlot(i: number): void {
    const mask = this.mask;
    let hole = i;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      if (this.slots[2 * j + 1] === EMPTY) break;
      const home = this.slotOf(this.slots[2 * j]);
      // Move j into the hole unless its home lies cyclically in (hole, j].
      const between = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!between) {
        this.slots[2 * hole] = this.slots[2 * j];
        this.slots[2 * hole + 1] = this.slots[2 * j + 1];
        hole = j;
      }
    }
    this.slots[2 * hole + 1] = EMPTY;
  }
}
