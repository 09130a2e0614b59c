import fc from 'fast-check';
import { llama8bH100 } from './step-model.js';
import { describe, expect, it } from 'vitest';
import { buildSimConfig } from '../../src/experiments/fleet.js';
import { runSimulation } from '../../src/experiments/run.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import type { FaultConfig } from '../../src/sim/faults.js';
import type { EngineRequest } from '../../src/sim/request.js';
import { Simulation, type SimConfig } from '../../src/sim/simulation.js';
import { join } from 'node:path';

const stepModel = llama8bH100;

/** A small aggregated fleet under KV pressure, shared prefixes, `faults` injected. */
function fleet(p: { seed: number; replicas: number; rate: number; requests: number; drain: boolean; blocks: number; latency: number }, faults: FaultConfig[], retry: { retryOnFailure: boolean; maxRetries: number }): SimConfig {
  return {
    seed: p.seed,
    pools: [
      {
        name: 'p',
        replicas: p.replicas,
        stepModel,
        startupSeconds: 0.5,
        pod: { maxNumSeqs: 8, maxNumBatchedTokens: 256, maxModelLen: 401, longPrefillTokenThreshold: 0, blockSize: 4, enablePrefixCaching: true, numGpuBlocks: 101 + p.blocks },
      },
    ],
    ...(p.latency > 0 && { router: { scrapeInterval: 0, schedulingLatency: p.latency, create: () => new (class {
      private next = 0;
      readonly scrapeInterval = 0;
      route() { const i = this.next; this.next = (this.next + 1) % p.replicas; return i; }
      onComplete() {}
    })() } }),
    workload: {
      arrival: { process: 'poisson', rate: p.rate },
      prefix: { groups: 3, promptsPerGroup: 2, systemTokens: 100, questionTokens: 100, outputTokens: 200 },
    },
    stop: { requests: p.requests, duration: p.drain ? undefined : p.requests / p.rate / 2, warmup: 0, drain: p.drain },
    slo: {},
    vocabSize: 1000,
    faults,
    retry,
  };
}

/** Seconds in [0, max], spread evenly (fc.double favours the ends of its range: faults at 0 or past the end break little). */
const seconds = (max: number) => fc.integer({ min: 0, max: 1000 }).map((k) => (k / 1000) * max);

const faultList = (numPods: number, horizon: number) =>
  fc.array(
    fc.record({
      at: seconds(horizon),
      pod: fc.integer({ min: 0, max: numPods - 1 }),
      kind: fc.constant('node-failure' as const),
      recoverAfter: fc.option(seconds(horizon / 2), { nil: undefined }),
      detectAfter: fc.oneof(fc.constant(0), seconds(horizon / 4)),
    }),
    { maxLength: 5 },
  );

/** Watches every way a request ends: each must end exactly once. */
function watchEnds(sim: Simulation): { ended: Map<number, string> } {
  const ended = new Map<number, string>();
  const end = (id: number, how: string) => {
    expect(ended.get(id), `request ${id} ended twice (${ended.get(id)}, then ${how})`).toBeUndefined();
    ended.set(id, how);
  };
  const rec = sim.recorder;
  const onFinish = rec.onFinish.bind(rec);
  rec.onFinish = (req: EngineRequest, pod, t) => {
    end(req.id, 'completed');
    expect(req.numOutputTokens).toBe(req.maxTokens);
    expect(pod.state).toBe('ready');
    onFinish(req, pod, t);
  };
  const onFail = rec.onFail.bind(rec);
  rec.onFail = (req: { arrivalTime: number; id?: number }, t) => {
    end((req as { id: number }).id, 'failed');
    onFail(req, t);
  };
  return { ended };
}

/** The invariants every run must keep, faults or not. */
function checkInvariants(sim: Simulation, drain: boolean): void {
  const rec = sim.recorder;
  // Nothing silently disappears: every arrival completed, was rejected, failed, or is in flight.
  expect(rec.numCompleted + rec.numRejected + rec.numFailed + sim.numInFlight).toBe(rec.numArrived);
  if (drain) expect(sim.numInFlight).toBe(0);
  for (const pod of sim.pods) {
    const live = new Set<number>();
    for (const r of pod.scheduler.running) for (const b of r.blocks) live.add(b);
    for (const r of pod.scheduler.held) for (const b of r.blocks) live.add(b);
    for (const r of pod.scheduler.waiting) for (const b of r.blocks) live.add(b);
    expect(live.size + pod.kv.pool.numFreeBlocks).toBe(pod.kv.pool.numUsableBlocks);
    if (pod.state !== 'ready') {
      // A group that is down holds nothing: no request, no block, no cached prefix.
      expect(pod.scheduler.hasRequests).toBe(false);
      expect(pod.kv.pool.numCachedBlocks).toBe(0);
    }
  }
}

describe('fault injection invariants (property)', () => {
  it('under random node-failure schedules every request ends once, none is lost, no KV block leaks', () => {
    const p = fc.record({
      seed: fc.nat(1000),
      replicas: fc.integer({ min: 1, max: 3 }),
      rate: fc.double({ min: 2, max: 100, noNaN: true }),
      requests: fc.integer({ min: 1, max: 50 }),
      drain: fc.boolean(),
      blocks: fc.integer({ min: 0, max: 40 }),
      latency: fc.constantFrom(0, 0, 0.01),
    });
    const retry = fc.record({ retryOnFailure: fc.boolean(), maxRetries: fc.integer({ min: 1, max: 3 }) });
    fc.assert(
      fc.property(
        p.chain((pp) => fc.tuple(fc.constant(pp), faultList(pp.replicas, pp.requests / pp.rate + 2), retry)),
        ([pp, faults, r]) => {
          const sim = new Simulation(fleet(pp, faults, r));
          const { ended } = watchEnds(sim);
          sim.run();
          checkInvariants(sim, pp.drain);
          expect(ended.size).toBe(sim.recorder.numCompleted + sim.recorder.numFailed);
          if (!r.retryOnFailure) expect(sim.recorder.numRetried).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a P/D fleet keeps the invariants when prefill or decode pods fail mid-transfer', () => {
    const loaded = loadScenarioFile(join(__dirname, '..', 'fixtures', 'e2e', 'pd-8b.yaml'), ['stop.duration=8', 'stop.warmup=0', 'cluster.kvTransfer.link=eth-25g']);
    if (!loaded.ok) throw new Error('fixture');
    const built = buildSimConfig(loaded.scenario);
    if (!built.ok) throw new Error('fixture');
    const base = { ...built.config, pools: built.config.pools.map((pool) => ({ ...pool, startupSeconds: 1 })) };
    fc.assert(
      fc.property(faultList(4, 8), fc.boolean(), (faults, retryOnFailure) => {
        const sim = new Simulation({ ...base, faults, retry: { retryOnFailure, maxRetries: 2 } });
        const { ended } = watchEnds(sim);
        sim.run();
        checkInvariants(sim, true);
        expect(ended.size).toBe(sim.recorder.numCompleted + sim.recorder.numFailed);
        expect(sim.gateway.numAwaitingPrefill).toBe(0);
        expect(sim.transfers!.numActive).toBe(0);
      }),
      { numRuns: 40 },
    );
  });
});

describe('fault injection', () => {
  const base = { seed: 3, replicas: 2, rate: 20, requests: 60, drain: true, blocks: 400, latency: 0 };

  it('a run without faults is the run it was: the fault machinery changes nothing', () => {
    const plain = fleet(base, [], { retryOnFailure: false, maxRetries: 1 });
    const { faults: _f, retry: _r, ...without } = plain;
    const a = runSimulation('x', without);
    const b = runSimulation('x', plain);
    for (const s of [a, b]) s.sim.wallSeconds = s.sim.peakRssMB = 0;
    expect(b).toEqual(a);
    expect(a.requests).not.toHaveProperty('failed');
  });

  it('the same faults and seed give the same summary', () => {
    const cfg = fleet(base, [{ at: 0.5, pod: 1, kind: 'node-failure', recoverAfter: 0.2, detectAfter: 0.1 }], { retryOnFailure: true, maxRetries: 1 });
    const a = runSimulation('x', cfg);
    const b = runSimulation('x', cfg);
    for (const s of [a, b]) s.sim.wallSeconds = s.sim.peakRssMB = 0;
    expect(b).toEqual(a);
  });

  it('a failed group goes down, leaves the endpoint list after detectAfter, restarts after recoverAfter and is ready after its start-up time', () => {
    const cfg = fleet(base, [{ at: 1, pod: 0, kind: 'node-failure', recoverAfter: 2, detectAfter: 0.25 }], { retryOnFailure: false, maxRetries: 1 });
    const sim = new Simulation(cfg);
    const states: [number, string][] = [];
    const pod = sim.pods[0];
    for (const t of [0.99, 1.01, 3.01, 3.51]) sim.engine.schedule(t, 5, { handle: (_k, now) => void states.push([now, pod.state]) }, 0);
    sim.run();
    expect(states).toEqual([
      [0.99, 'ready'],
      [1.01, 'failed'],
      [3.01, 'starting'],
      [3.51, 'ready'],
    ]);
    const f = sim.faults!.records[0];
    expect(f).toMatchObject({ at: 1, pod: 'p-0', nodes: 1, detectedAt: 1.25, readyAt: 3.5 });
    expect(f.requestsLost).toBeGreaterThan(0);
    expect(pod.numFailures).toBe(1);
  });

  it('without retries every request lost with the group fails; with them, those not yet streaming are re-routed', () => {
    const faults: FaultConfig[] = [{ at: 1, pod: 0, kind: 'node-failure', recoverAfter: 0, detectAfter: 0 }];
    const off = new Simulation(fleet(base, faults, { retryOnFailure: false, maxRetries: 1 }));
    off.run();
    const lost = off.faults!.records[0].requestsLost;
    expect(lost).toBeGreaterThan(0);
    expect(off.recorder.numFailed).toBe(lost);
    expect(off.recorder.numRetried).toBe(0);
    const on = new Simulation(fleet(base, faults, { retryOnFailure: true, maxRetries: 1 }));
    let streaming = 0;
    const fail = on.pods[0].fail.bind(on.pods[0]);
    on.pods[0].fail = (now, dropped) => {
      fail(now, dropped);
      streaming = dropped.filter((r) => r.firstTokenTime >= 0).length;
    };
    on.run();
    const lostOn = on.faults!.records[0].requestsLost;
    // the retried ones went to the healthy pod and completed; the streaming ones failed
    expect(on.recorder.numRetried).toBe(lostOn - streaming);
    expect(on.recorder.numFailed).toBe(streaming);
    expect(on.recorder.numCompleted + on.recorder.numFailed).toBe(on.recorder.numArrived);
  });

  it('a pod never recovered stays out of the endpoint list; with every pod down, arrivals are rejected', () => {
    const sim = new Simulation(fleet({ ...base, replicas: 1 }, [{ at: 0.5, pod: 0, kind: 'node-failure', detectAfter: 0 }], { retryOnFailure: true, maxRetries: 1 }));
    sim.run();
    const rec = sim.recorder;
    expect(sim.pods[0].state).toBe('failed');
    expect(sim.faults!.records[0].readyAt).toBeNull();
    expect(rec.numRejected).toBeGreaterThan(0);
    expect(rec.numCompleted + rec.numRejected + rec.numFailed).toBe(rec.numArrived);
  });
});
