/**
 * The approx index (llm-d-router `approximateprefix/indexer.go`): hash → set of pods, plus one LRU
 * of hashes per pod. When a pod's LRU evicts a hash, the pod leaves that hash's set.
 */

export class PrefixIndexer {
  private readonly hashToPods = new Map<number, Set<string>>();
  /** Per pod: hashes in LRU order (a Map iterates in insertion order; re-insert = touch). */
  private readonly lrus = new Map<string, Map<number, true>>();

  /** Records that `pod` (probably) holds `hashes`, evicting its oldest beyond `capacity`. */
  add(pod: string, hashes: Int32Array, capacity: number): void {
    let lru = this.lrus.get(pod);
    if (lru === undefined) {
      lru = new Map();
      this.lrus.set(pod, lru);
    }
    for (let i = 0; i < hashes.length; i++) {
      const h = hashes[i];
      const had = lru.delete(h);
      lru.set(h, true);
      if (had) continue; // already indexed: the pod is in the hash's set (invariant)
      let pods = this.hashToPods.get(h);
      if (pods === undefined) {
        pods = new Set();
        this.hashToPods.set(h, pods);
      }
      pods.add(pod);
    }
    while (lru.size > capacity) {
      const oldest = lru.keys().next().value as number;
      lru.delete(oldest);
      this.unlink(oldest, pod);
    }
  }

  /**
   * Greedy all-pod walk: for each hash in order, +1 to every pod holding it; stop at the first
   * hash no pod holds. Counts are added into `counts` (cleared by the caller).
   */
  match(hashes: Int32Array, counts: Map<string, number>): void {
    for (let i = 0; i < hashes.length; i++) {
      const pods = this.hashToPods.get(hashes[i]);
      if (pods === undefined || pods.size === 0) return;
      for (const p of pods) counts.set(p, (counts.get(p) ?? 0) + 1);
    }
  }

  /** Forgets pods for which `keep` is false (pods gone from the pool). */
  purge(keep: (pod: string) => boolean): void {
    for (const [pod, lru] of this.lrus) {
      if (keep(pod)) continue;
      for (const h of lru.keys()) this.unlink(h, pod);
      this.lrus.delete(pod);
    }
  }

  numBlocks(pod: string): number {
    return this.lrus.get(pod)?.size ?? 0;
  }

  private unlink(hash: number, pod: string): void {
    const pods = this.hashToPods.get(hash);
    if (pods === undefined) return;
    pods.delete(pod);
    if (pods.size === 0) this.hashToPods.delete(hash);
  }
}
