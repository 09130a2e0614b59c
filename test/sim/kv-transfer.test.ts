import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/sim/engine.js';
import { KvTransferNetwork, type PodNic } from '../../src/sim/kv-transfer.js';
import type { EnginePod } from '../../src/sim/pod.js';
import { EngineRequest } from '../../src/sim/request.js';

const GB = 1e9;
const pods = (n: number) => Array.from({ length: n }, (_, index) => ({ index }) as unknown as EnginePod);
const nic = (gbps: number, latency = 0): PodNic => ({ bytesPerSec: gbps * GB, latency, kvBytesPerToken: 1e6 });

/** A decode request lacking `tokens` tokens of KV, whose prefill ran on pod `src`. */
function request(id: number, tokens: number, src: number): EngineRequest {
  const r = new EngineRequest(id, 0, new Int32Array(tokens + 1), 10, id, 0);
  r.numComputedTokens = 1; // one token (a block's worth in real runs) hit locally: not re-sent
  r.remote = { podIndex: src, request: r, loadedTokens: tokens, ready: false };
  return r;
}

function network(n: number, nics: PodNic[]) {
  const engine = new Engine();
  const all = pods(n);
  const done: { id: number; dst: number; t: number }[] = [];
  const net = new KvTransferNetwork(engine, all, nics, (req, pod, now) => done.push({ id: req.id, dst: pod.index, t: now }));
  return { engine, all, done, net };
}

describe('KV transfer network (fluid, max-min fair)', () => {
  it('one transfer: bytes ÷ bandwidth + latency; only the tokens the decode pod lacks are sent', () => {
    const { engine, all, done, net } = network(2, [nic(10, 0.001), nic(10, 0.001)]);
    net.start(request(1, 2000, 0), all[1], 0); // 2000 tokens × 1 MB = 2 GB at 10 GB/s
    engine.run();
    expect(done).toEqual([{ id: 1, dst: 1, t: expect.closeTo(0.201, 9) }]);
    expect(net.bytesTransferred).toBe(2000 * 1e6);
    expect(net.durations.sorted()[0]).toBeCloseTo(0.201, 9);
  });

  it('two pulls from one prefill pod share its egress; when one ends the other speeds up', () => {
    // pod 0 → pods 1 and 2; pod 0's NIC (10 GB/s) is the bottleneck: 5 GB/s each.
    const { engine, all, done, net } = network(3, [nic(10), nic(100), nic(100)]);
    net.start(request(1, 1000, 0), all[1], 0); // 1 GB
    net.start(request(2, 3000, 0), all[2], 0); // 3 GB
    engine.run();
    // 1 GB at 5 GB/s ends at 0.2 s; the other has 2 GB left, alone at 10 GB/s: 0.2 + 0.2 = 0.4 s
    expect(done.map((d) => d.id)).toEqual([1, 2]);
    expect(done[0].t).toBeCloseTo(0.2, 9);
    expect(done[1].t).toBeCloseTo(0.4, 9);
  });

  it('max-min fairness: a flow bottlenecked elsewhere leaves the rest of a shared NIC to the other', () => {
    // flows 0→2 and 1→2 share pod 2's ingress (12); flow 1→2 is capped by pod 1's egress (2),
    // so flow 0→2 gets 12 − 2 = 10, not an equal 6.
    const { engine, all, done, net } = network(3, [nic(100), nic(2), nic(12)]);
    net.start(request(1, 1000, 0), all[2], 0); // 1 GB at 10 GB/s: 0.1 s
    net.start(request(2, 1000, 1), all[2], 0); // 1 GB at 2 GB/s: 0.5 s
    engine.run();
    expect(done.find((d) => d.id === 1)!.t).toBeCloseTo(0.1, 9);
    expect(done.find((d) => d.id === 2)!.t).toBeCloseTo(0.5, 9);
  });

  it('a transfer started later joins the sharing from then on', () => {
    const { engine, all, done, net } = network(2, [nic(10), nic(10)]);
    net.start(request(1, 2000, 0), all[1], 0); // alone for 0.1 s: 1 GB moved, 1 GB left
    engine.schedule(0.1, 0, { handle: (_k, now) => net.start(request(2, 500, 0), all[1], now) }, 0);
    engine.run();
    // from 0.1 s both at 5 GB/s: request 2 (0.5 GB) ends at 0.2 s; request 1 then has 0.5 GB at 10: 0.25 s
    expect(done.map((d) => [d.id, Number(d.t.toFixed(9))])).toEqual([[2, 0.2], [1, 0.25]]);
  });

  it('nothing to send (every block hit locally, or the same pod) completes after the latency alone', () => {
    const { engine, all, done, net } = network(2, [nic(10, 0.003), nic(10, 0.003)]);
    const r = request(1, 0, 0);
    net.start(r, all[1], 0);
    engine.run();
    expect(done[0].t).toBeCloseTo(0.003, 12);
  });
});

describe('KV transfer network: late in a long run', () => {
  /** Steps the engine at most `limit` events; true when the queue emptied. */
  function drains(engine: Engine, limit: number): boolean {
    for (let i = 0; i < limit; i++) if (!engine.step()) return true;
    return false;
  }

  it('finishes flows whose last sliver would take less time than the clock can resolve (no event loop at one instant)', () => {
    // Far into a run, time's float resolution is ~1e-12 s; sharing changes leave each flow a residue
    // of bytes that, at 1 TB/s, would take less than that to send. Each flow must still end.
    for (const t0 of [1e3, 3.3e4, 7.7e5, 1.1e7]) {
      const { engine, all, done, net } = network(3, [nic(1000), nic(1000), nic(1000)]);
      const reqs = Array.from({ length: 30 }, (_, i) => request(i + 1, 1 + (i % 3), i % 2));
      const dst = (i: number) => all[2 - (i % 2)];
      let i = 0;
      // Staggered starts, so every start re-shares the NICs mid-flow.
      const starter = { handle: () => { net.start(reqs[i], dst(i), engine.now); i++; if (i < reqs.length) engine.schedule(engine.now + 1.7e-7 * (1 + (i % 5)), 0, starter, 0); } };
      engine.schedule(t0, 0, starter, 0);
      expect(drains(engine, 100_000)).toBe(true);
      expect(done).toHaveLength(reqs.length);
    }
  });
});
