/**
 * hash → block id for the prefix cache, without allocation: an open-addressing table (linear
 * probing) over one typed array of [key, block + 1] pairs, so a probe touches one cache line.
 * A slot's second field is 0 while empty, so a new zero-filled table is empty as allocated: its
 * pages are only touched as it fills (a large pool's table is megabytes; short runs use little).
 *
 * Deletion is lazy. An entry is live only while its block still holds its key in the block pool's
 * own records (`blockHash`), so evicting a block costs the pool nothing here: the entry goes stale
 * by itself and is skipped, reused by a later add of the same key, or dropped when the table is
 * rebuilt from the pool's records once stale entries fill it. With 8+ pods the tables are out of
 * L2 and a random probe is the simulator's unit of cost, so saving the one per eviction matters.
 *
 * vLLM does not de-duplicate blocks (identical blocks computed concurrently are both cached): a
 * key may have several live entries, and a lookup returns the first live one on its probe path.
 */
/** A lookup's answer when no live block holds the key. */
const NONE = -1;

export class HashIndex {
  private readonly slots: Float64Array;
  private readonly mask: number;
  private used = 0;
  numRebuilds = 0;

  /**
   * `blockHash(b)` is the key block b currently holds (−1 if none): the pool's records, which
   * decide whether an entry is live.
   */
  constructor(
    private readonly numBlocks: number,
    private readonly blockHash: (block: number) => number,
  ) {
    let cap = 16;
    while (cap < numBlocks * 4) cap *= 2;
    this.slots = new Float64Array(cap * 2); // zero-filled: every slot empty
    this.mask = cap - 1;
  }

  /** Our hashes are already well mixed, so their low bits make a good slot. */
  private slotOf(key: number): number {
    return (key >>> 0) & this.mask;
  }

  /** A live block holding `key`, or -1. */
  get(key: number): number {
    const slots = this.slots;
    let i = this.slotOf(key);
    for (;;) {
      const b = slots[2 * i + 1] - 1;
      if (b < 0) return NONE; // empty slot: end of the probe path
      if (slots[2 * i] === key && this.blockHash(b) === key) return b;
      i = (i + 1) & this.mask;
    }
  }

  /** Indexes `block` under `key`; the pool has already recorded that the block holds it. */
  add(key: number, block: number): void {
    const slots = this.slots;
    let i = this.slotOf(key);
    for (;;) {
      const b = slots[2 * i + 1] - 1;
      if (b < 0) break;
      if (slots[2 * i] === key) {
        if (b === block) return; // this very entry came back to life
        if (this.blockHash(b) !== key) {
          slots[2 * i + 1] = block + 1; // a stale entry of the same key: reuse its slot
          return;
        }
      }
      i = (i + 1) & this.mask;
    }
    slots[2 * i] = key;
    slots[2 * i + 1] = block + 1;
    if (++this.used * 2 > this.slots.length / 2) this.rebuild();
  }

  /** Drops stale entries: re-inserts every block that holds a key, in block order. */
  private rebuild(): void {
    this.numRebuilds++;
    this.slots.fill(0);
    this.used = 0;
    const slots = this.slots;
    for (let b = 0; b < this.numBlocks; b++) {
      const key = this.blockHash(b);
      if (key < 0) continue;
      let i = this.slotOf(key);
      while (slots[2 * i + 1] !== 0) i = (i + 1) & this.mask;
      slots[2 * i] = key;
      slots[2 * i + 1] = b + 1;
      this.used++;
    }
  }
}
