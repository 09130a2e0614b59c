import { Priority, type Actor, type Engine } from './engine.js';
import { SampleBuffer } from './metrics/samples.js';
import type { EnginePod, RemoteKvLoader } from './pod.js';
import type { EngineRequest } from './request.js';

/** One pod's network interface for KV transfers (NIXL over RDMA, or TCP). */
export interface PodNic {
  /** Usable bytes per second in each direction (full duplex). */
  bytesPerSec: number;
  /** Fixed seconds per transfer: setup, first byte and the completion notification. */
  latency: number;
  /** KV bytes of one token on this pod, summed over its TP ranks (each rank pulls its slice). */
  kvBytesPerToken: number;
}

interface Flow {
  req: EngineRequest;
  src: number;
  dst: number;
  bytes: number;
  remaining: number;
  rate: number;
  start: number;
}

/** A flow is done when less than this fraction of its bytes remains (float residue of the fluid model). */
const DONE_FRACTION = 1e-9;

/**
 * The P/D KV transfer network, as a fluid model: each decode pod pulls the KV its prompt lacks
 * from the prefill pod, over the two pods' NICs. Concurrent transfers share bandwidth max-min
 * fairly (progressive filling over every NIC's egress and ingress), so under load each transfer
 * slows down; rates are recomputed whenever a transfer starts or ends. A transfer completes after
 * its bytes have flowed plus the fixed latency; then the prefill pod releases its held blocks and
 * the decode pod admits the request (vLLM NixlConnector: D pulls with NIXL READ, then notifies P).
 * Only blocks the decode pod lacks cross the link: local prefix hits are not re-sent.
 */
export class KvTransferNetwork implements Actor, RemoteKvLoader {
  private readonly flows: Flow[] = [];
  private lastUpdate = 0;
  private gen = 0;
  /** Completed flows waiting out their latency, in completion order (latency is per link, constant). */
  private readonly notifying: { req: EngineRequest; dst: number; start: number; at: number }[] = [];
  private readonly notifier: Actor;
  private readonly egressLeft: Float64Array;
  private readonly ingressLeft: Float64Array;
  private readonly egressUsers: Int32Array;
  private readonly ingressUsers: Int32Array;
  numTransfers = 0;
  bytesTransferred = 0;
  /** Seconds from a decode request's admission to its KV being ready, per transfer. */
  readonly durations = new SampleBuffer();

  constructor(
    private readonly engine: Engine,
    private readonly pods: readonly EnginePod[],
    private readonly nics: readonly PodNic[],
    private readonly onReady: (req: EngineRequest, decodePod: EnginePod, now: number) => void,
  ) {
    const n = pods.length;
    this.egressLeft = new Float64Array(n);
    this.ingressLeft = new Float64Array(n);
    this.egressUsers = new Int32Array(n);
    this.ingressUsers = new Int32Array(n);
    this.notifier = { handle: (_k, now) => this.notifyNext(now) };
  }

  get numActive(): number {
    return this.flows.length + this.notifying.length;
  }

  start(req: EngineRequest, decodePod: EnginePod, now: number): void {
    const src = req.remote!.podIndex;
    const dst = decodePod.index;
    const bytes = Math.max(0, req.numTokens - req.numComputedTokens) * this.nics[dst].kvBytesPerToken;
    this.numTransfers++;
    this.bytesTransferred += bytes;
    if (bytes === 0 || src === dst) {
      this.notify(req, dst, now, now);
      return;
    }
    this.advance(now);
    this.flows.push({ req, src, dst, bytes, remaining: bytes, rate: 0, start: now });
    this.reschedule(now);
  }

  handle(kind: number, now: number): void {
    if (kind !== this.gen) return; // superseded by a later start
    this.advance(now);
    let w = 0;
    for (let i = 0; i < this.flows.length; i++) {
      const f = this.flows[i];
      // Done, or done before the clock can tick: at a late `now` a sliver's time left falls below
      // the float's resolution, the next event lands at `now` again and nothing would ever move.
      if (f.remaining <= f.bytes * DONE_FRACTION || now + f.remaining / f.rate <= now) this.notify(f.req, f.dst, f.start, now);
      else this.flows[w++] = f;
    }
    this.flows.length = w;
    this.reschedule(now);
  }

  /**
   * Fault: the NIXL READs from or to pod `podIndex` fail. Their flows and pending notifications
   * are dropped, the other flows' shares recomputed; the caller settles their requests.
   */
  abortFor(podIndex: number, now: number): void {
    this.advance(now);
    let w = 0;
    for (let i = 0; i < this.flows.length; i++) {
      const f = this.flows[i];
      if (f.src !== podIndex && f.dst !== podIndex) this.flows[w++] = f;
    }
    this.flows.length = w;
    w = 0;
    for (let i = 0; i < this.notifying.length; i++) {
      const n = this.notifying[i];
      if (n.req.remote!.podIndex !== podIndex && n.dst !== podIndex) this.notifying[w++] = n;
    }
    this.notifying.length = w;
    this.reschedule(now);
  }

  /** Moves every flow on by its rate since the last update. */
  private advance(now: number): void {
    const dt = now - this.lastUpdate;
    if (dt > 0) for (const f of this.flows) f.remaining -= f.rate * dt;
    this.lastUpdate = now;
  }

  /** Max-min fair rates, then an event at the next completion. */
  private reschedule(now: number): void {
    this.gen++;
    if (this.flows.length === 0) return;
    this.fairRates();
    let next = Infinity;
    for (const f of this.flows) next = Math.min(next, Math.max(0, f.remaining) / f.rate);
    this.engine.schedule(now + next, Priority.stepEnd, this, this.gen);
  }

  /**
   * Progressive filling: repeatedly find the NIC direction with the smallest fair share (capacity
   * left ÷ unfixed flows through it), fix its flows at that share, and take it from the other
   * NIC each of them crosses.
   */
  private fairRates(): void {
    const eLeft = this.egressLeft;
    const iLeft = this.ingressLeft;
    const eUsers = this.egressUsers;
    const iUsers = this.ingressUsers;
    for (let p = 0; p < this.pods.length; p++) {
      eLeft[p] = iLeft[p] = this.nics[p].bytesPerSec;
      eUsers[p] = iUsers[p] = 0;
    }
    for (const f of this.flows) {
      f.rate = -1;
      eUsers[f.src]++;
      iUsers[f.dst]++;
    }
    let unfixed = this.flows.length;
    while (unfixed > 0) {
      let share = Infinity;
      let at = -1;
      let egress = true;
      for (let p = 0; p < this.pods.length; p++) {
        if (eUsers[p] > 0 && eLeft[p] / eUsers[p] < share) [share, at, egress] = [eLeft[p] / eUsers[p], p, true];
        if (iUsers[p] > 0 && iLeft[p] / iUsers[p] < share) [share, at, egress] = [iLeft[p] / iUsers[p], p, false];
      }
      for (const f of this.flows) {
        if (f.rate >= 0 || (egress ? f.src : f.dst) !== at) continue;
        f.rate = share;
        unfixed--;
        eLeft[f.src] -= share;
        iLeft[f.dst] -= share;
        eUsers[f.src]--;
        iUsers[f.dst]--;
      }
    }
  }

  private notify(req: EngineRequest, dst: number, start: number, now: number): void {
    const at = now + this.nics[dst].latency;
    this.notifying.push({ req, dst, start, at });
    this.engine.schedule(at, Priority.stepEnd, this.notifier, 0);
  }

  /** The earliest pending notification is due (equal latencies keep them in order). */
  private notifyNext(now: number): void {
    if (this.notifying.length === 0) return; // its transfer was aborted (abortFor)
    let k = 0;
    for (let i = 1; i < this.notifying.length; i++) if (this.notifying[i].at < this.notifying[k].at) k = i;
    if (this.notifying[k].at > now) return; // likewise: the due one was aborted
    const [n] = this.notifying.splice(k, 1);
    this.durations.push(now - n.start);
    this.onReady(n.req, this.pods[n.dst], now);
  }
}
