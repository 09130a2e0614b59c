/**
 * The precise index (llm-d-router `pkg/kvcache`): which pods hold which engine block hashes, as
 * told by KV events, plus optional speculative entries that expire unless an event confirms them.
 * Scoring is llm-d's LongestPrefixScorer: a pod is credited with its run of consecutive hits from
 * block 0. The producer keeps one index per device tier (GPU, CPU); reference-counted removal
 * across engines is not modelled.
 */

export class KvBlockIndex {
  private readonly hashToPods = new Map<number, Set<string>>();
  private readonly podHashes = new Map<string, Set<number>>();
  /** pod → hash → expiry (simulated seconds) of a speculative entry. */
  private readonly speculative = new Map<string, Map<number, number>>();

  stored(pod: string, hashes: ArrayLike<number>): void {
    let mine = this.podHashes.get(pod);
    if (mine === undefined) {
      mine = new Set();
      this.podHashes.set(pod, mine);
    }
    const spec = this.speculative.get(pod);
    for (let i = 0; i < hashes.length; i++) {
      const h = hashes[i];
      mine.add(h);
      let pods = this.hashToPods.get(h);
      if (pods === undefined) {
        pods = new Set();
        this.hashToPods.set(h, pods);
      }
      pods.add(pod);
      spec?.delete(h);
    }
  }

  removed(pod: string, hashes: ArrayLike<number>): void {
    const mine = this.podHashes.get(pod);
    for (let i = 0; i < hashes.length; i++) {
      const h = hashes[i];
      mine?.delete(h);
      const pods = this.hashToPods.get(h);
      if (pods === undefined) continue;
      pods.delete(pod);
      if (pods.size === 0) this.hashToPods.delete(h);
    }
  }

  cleared(pod: string): void {
    const mine = this.podHashes.get(pod);
    if (mine !== undefined) this.removed(pod, [...mine]);
    this.podHashes.delete(pod);
    this.speculative.delete(pod);
  }

  speculate(pod: string, hashes: ArrayLike<number>, expiry: number): void {
    let spec = this.speculative.get(pod);
    if (spec === undefined) {
      spec = new Map();
      this.speculative.set(pod, spec);
    }
    for (let i = 0; i < hashes.length; i++) spec.set(hashes[i], expiry);
  }

  has(pod: string, hash: number, now: number): boolean {
    if (this.hashToPods.get(hash)?.has(pod)) return true;
    const expiry = this.speculative.get(pod)?.get(hash);
    return expiry !== undefined && expiry > now;
  }

  /** Consecutive hits from block 0 for `pod`. */
  longestPrefix(pod: string, hashes: ArrayLike<number>, now: number): number {
    let n = 0;
    while (n < hashes.length && this.has(pod, hashes[n], now)) n++;
    return n;
  }

  numBlocks(pod: string): number {
    return this.podHashes.get(pod)?.size ?? 0;
  }
}
