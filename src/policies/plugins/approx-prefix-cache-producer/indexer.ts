/**
 * The approx index (llm-d-router `approximateprefix/indexer.go`): hash → set of pods, plus one LRU
 * of hashes per pod. When a pod's LRU evicts a hash, the pod leaves that hash's set.
 *
 * Pods get small integer ids on first sight, and a hash's pod set is a short array of ids (most
 * hashes live on one or two pods), so the per-request walk adds into a plain array of counts. A set
 * of one pod is stored as the bare id: most hashes live on one pod, and one array per hashed block
 * was most of the router's allocations.
 */

import { HashLru } from './lru.js';

export class PrefixIndexer {
  /** hash → the pod id holding it, or the ids (in the order they recorded it) when several do. */
  private readonly hashToPods = new Map<number, number | number[]>();
  /** Per pod id: its hashes in LRU order. */
  private readonly lrus: (HashLru | undefined)[] = [];
  private readonly ids = new Map<string, number>();

  /** The pod's id, or -1 if the index never saw it. */
  idOf(pod: string): number {
    return this.ids.get(pod) ?? -1;
  }

  /** Ids handed out so far (a bound for the counts array of `match`). */
  get numIds(): number {
    return this.lrus.length;
  }

  /** Records that `pod` (probably) holds `hashes`, evicting its oldest beyond `capacity`. */
  add(pod: string, hashes: Int32Array, capacity: number): void {
    let id = this.ids.get(pod);
    if (id === undefined) {
      id = this.lrus.length;
      this.ids.set(pod, id);
      this.lrus.push(undefined);
    }
    let lru = this.lrus[id];
    if (lru === undefined) {
      lru = new HashLru();
      this.lrus[id] = lru;
    }
    for (let i = 0; i < hashes.length; i++) {
      const h = hashes[i];
      if (lru.touch(h)) continue; // already indexed: the pod is in the hash's set (invariant)
      const pods = this.hashToPods.get(h);
      if (pods === undefined) this.hashToPods.set(h, id);
      else if (typeof pods === 'number') this.hashToPods.set(h, [pods, id]);
      else pods.push(id);
    }
    while (lru.size > capacity) this.unlink(lru.evictOldest(), id);
  }

  /**
   * Greedy all-pod walk: for each hash in order, +1 to every pod holding it; stop at the first
   * hash no pod holds. Counts are added into `counts[podId]` (length ≥ numIds, zeroed by the caller).
   */
  match(hashes: Int32Array, counts: Int32Array): void {
    for (let i = 0; i < hashes.length; i++) {
      const pods = this.hashToPods.get(hashes[i]);
      if (pods === undefined) return;
      if (typeof pods === 'number') counts[pods]++;
      else for (let j = 0; j < pods.length; j++) counts[pods[j]]++;
    }
  }

  /** Forgets pods for which `keep` is false (pods gone from the pool). */
  purge(keep: (pod: string) => boolean): void {
    for (const [pod, id] of this.ids) {
      const lru = this.lrus[id];
      if (lru === undefined || keep(pod)) continue;
      for (const h of lru.keys()) this.unlink(h, id);
      this.lrus[id] = undefined;
    }
  }

  numBlocks(pod: string): number {
    const id = this.ids.get(pod);
    return id === undefined ? 0 : (this.lrus[id]?.size ?? 0);
  }

  private unlink(hash: number, id: number): void {
    const pods = this.hashToPods.get(hash);
    if (pods === undefined) return;
    if (typeof pods === 'number') {
      if (pods === id) this.hashToPods.delete(hash);
      return;
    }
    const k = pods.indexOf(id);
    if (k < 0) return;
    pods.splice(k, 1);
    if (pods.length === 1) this.hashToPods.set(hash, pods[0]);
  }
}
