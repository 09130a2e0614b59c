import type { KvEvent } from '../policies/types.js';
import type { EnginePod } from './pod.js';

/** Marks an AllBlocksCleared in the hash column (block hashes are ≥ 0). */
const CLEARED = -1;
const NO_HASHES: readonly number[] = [];

/**
 * Carries the pods' KV events (BlockStored / BlockRemoved / AllBlocksCleared) to the router's precise prefix index,
 * `delay` seconds late, as vLLM publishes them over ZMQ once per step and the indexer consumes
 * them asynchronously. Events are buffered as plain numbers and delivered when the router next
 * needs its index (at routing time), grouped into one event per run of (pod, type).
 */
export class KvEventFeed {
  private times: number[] = [];
  private pods: number[] = [];
  private stored: boolean[] = [];
  private cpu: boolean[] = [];
  private hashes: number[] = [];
  private head = 0;

  constructor(
    pods: readonly EnginePod[],
    private readonly now: () => number,
    private readonly delay: number,
  ) {
    pods.forEach((pod, i) => {
      pod.kv.pool.onKvEvent = (stored, hash) => this.push(i, stored, hash, false);
      // The OffloadingConnector publishes its CPU tier's stores and evictions with medium CPU.
      if (pod.offload) pod.offload.onCpuEvent = (stored, hash) => this.push(i, stored, hash, true);
      pod.kv.pool.onKvCleared = () => this.push(i, false, CLEARED, false);
    });
  }

  private push(pod: number, stored: boolean, hash: number, cpu: boolean): void {
    this.times.push(this.now());
    this.pods.push(pod);
    this.stored.push(stored);
    this.cpu.push(cpu);
    this.hashes.push(hash);
  }

  /** Delivers every event older than `delay` to `sink`. */
  flush(names: readonly string[], sink: (e: KvEvent) => void): void {
    const cutoff = this.now() - this.delay;
    let i = this.head;
    const n = this.times.length;
    while (i < n && this.times[i] <= cutoff) {
      const pod = this.pods[i];
      if (this.hashes[i] === CLEARED) {
        sink({ pod: names[pod], type: 'cleared', hashes: NO_HASHES });
        i++;
        continue;
      }
      const stored = this.stored[i];
      const cpu = this.cpu[i];
      const batch: number[] = [];
      while (i < n && this.times[i] <= cutoff && this.pods[i] === pod && this.stored[i] === stored && this.cpu[i] === cpu && this.hashes[i] !== CLEARED) batch.push(this.hashes[i++]);
      sink({ pod: names[pod], type: stored ? 'stored' : 'removed', hashes: batch, ...(cpu && { medium: 'CPU' as const }) });
    }
    this.head = i;
    if (this.head > 65536 && this.head * 2 > n) {
      this.times = this.times.slice(this.head);
      this.pods = this.pods.slice(this.head);
      this.stored = this.stored.slice(this.head);
      this.cpu = this.cpu.slice(this.head);
      this.hashes = this.hashes.slice(this.head);
      this.head = 0;
    }
  }
}
