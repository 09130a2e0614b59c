/**
 * hash → block id for the prefix cache, without allocation: an open-addressing table (linear
 * probing, backward-shift deletion) over one typed array of [key, value] pairs, so a probe
 * touches one cache line. A JS Map keyed by 53-bit numbers boxes every key and was the
 * simulator's hottest spot; with 8+ pods the table is out of L2, so cache misses per block are
 * what the simulator's speed is made of.
 *
 * vLLM does not de-duplicate blocks (identical blocks computed concurrently are both cached), so
 * a key may hold several blocks. The common single-block case stores the block id (≥ 0); a key
 * with duplicates stores −(first block) − 2 and chains the others through `nextSame`, which is
 * only read when duplicates exist.
 */
const EMPTY = -1;

function headOf(v: number): number {
  return v >= 0 ? v : -v - 2;
}

export class HashIndex {
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
    const slots = this.slots;
    let i = this.slotOf(key);
    while (slots[2 * i + 1] !== EMPTY) {
      if (slots[2 * i] === key) return i;
      i = (i + 1) & this.mask;
    }
    return -1;
  }

  /** A block holding `key`, or -1. */
  get(key: number): number {
    const i = this.find(key);
    return i < 0 ? EMPTY : headOf(this.slots[2 * i + 1]);
  }

  add(key: number, block: number): void {
    const slots = this.slots;
    let i = this.slotOf(key);
    while (slots[2 * i + 1] !== EMPTY) {
      if (slots[2 * i] === key) {
        // A duplicate: the first block stays the one lookups return; chain this one after it.
        const v = slots[2 * i + 1];
        const head = headOf(v);
        this.nextSame[block] = v >= 0 ? EMPTY : this.nextSame[head];
        this.nextSame[head] = block;
        slots[2 * i + 1] = -head - 2;
        this.size++;
        return;
      }
      i = (i + 1) & this.mask;
    }
    slots[2 * i] = key;
    slots[2 * i + 1] = block;
    this.size++;
  }

  remove(key: number, block: number): void {
    const i = this.find(key);
    if (i < 0) throw new Error(`hash index: block ${block} not indexed`);
    this.size--;
    const slots = this.slots;
    const v = slots[2 * i + 1];
    if (v === block) {
      this.deleteSlot(i);
      return;
    }
    if (v >= 0) throw new Error(`hash index: block ${block} not under its hash`);
    // Duplicates: unlink `block` from the chain head → nextSame → ...
    const head = headOf(v);
    let newHead = head;
    if (head === block) {
      newHead = this.nextSame[block];
    } else {
      let prev = head;
      while (this.nextSame[prev] !== block) {
        prev = this.nextSame[prev];
        if (prev === EMPTY) throw new Error(`hash index: block ${block} not under its hash`);
      }
      this.nextSame[prev] = this.nextSame[block];
    }
    this.nextSame[block] = EMPTY;
    slots[2 * i + 1] = this.nextSame[newHead] === EMPTY ? newHead : -newHead - 2;
  }

  /** Backward-shift deletion keeps probe chains intact without tombstones. */
  private deleteSlot(i: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let hole = i;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      if (slots[2 * j + 1] === EMPTY) break;
      const home = this.slotOf(slots[2 * j]);
      // Move j into the hole unless its home lies cyclically in (hole, j].
      const between = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!between) {
        slots[2 * hole] = slots[2 * j];
        slots[2 * hole + 1] = slots[2 * j + 1];
        hole = j;
      }
    }
    slots[2 * hole + 1] = EMPTY;
  }
}
