import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectDrainedEndState } from './end-state.js';
import { WVA_DEFAULTS } from '../../src/policies/autoscaling/saturation-analyzer.js';
import { summarize } from '../../src/sim/metrics/summary.js';
import { Simulation, type SimConfig } from '../../src/sim/simulation.js';
import { llama8bH100 } from './step-model.js';

/** Busy, silent, busy: 2 req/s for 60 s, nothing for 400 s, 2 req/s for 60 s. */
function zeroFleet(opts: { requestTimeout?: number; minReplicas?: number; seed?: number; rate?: number; lull?: number; startup?: number; grace?: number } = {}): SimConfig {
  const rate = opts.rate ?? 2;
  const lull = opts.lull ?? 400;
  return {
    seed: opts.seed ?? 4,
    pools: [
      {
        name: 'p',
        replicas: 3,
        stepModel: llama8bH100,
        startupSeconds: opts.startup ?? 30,
        pod: { maxNumSeqs: 8, maxNumBatchedTokens: 512, maxModelLen: 1024, longPrefillTokenThreshold: 0, blockSize: 16, enablePrefixCaching: true, numGpuBlocks: 200 },
      },
    ],
    workload: {
      arrival: { process: 'stages', type: 'poisson', interval: 0, stages: [{ rate, duration: 60 }, { rate: 0, duration: lull }, { rate, duration: 60 }] },
      prompt: { dist: 'fixed', value: 200 },
      output: { dist: 'fixed', value: 50 },
      ...(opts.requestTimeout !== undefined && { requestTimeout: opts.requestTimeout }),
    },
    stop: { duration: 120 + lull, warmup: 0, drain: true },
    slo: {},
    vocabSize: 1000,
    autoscaler: {
      saturation: WVA_DEFAULTS,
      interval: 15,
      sampleInterval: 5,
      metricsWindow: 15,
      scaleDownStabilization: 30,
      provisioningDelay: 10,
      terminationGracePeriod: opts.grace ?? 30,
      headroom: 0,
      scaleToZeroAfter: 60,
      variants: [{ name: 'p', initial: 1, minReplicas: opts.minReplicas ?? 0, maxReplicas: 3, gpusPerReplica: 1, usdPerHour: 4 }],
    },
  };
}

function run(config: SimConfig) {
  const sim = new Simulation(config);
  const end = sim.run();
  return { sim, summary: summarize(sim, 'zero', {}, end) };
}

describe('scale to zero and back (cold-start queue)', () => {
  it('an idle variant goes to zero; the first request after the lull starts a replica and waits provisioning + start-up for it', () => {
    const { sim, summary } = run(zeroFleet());
    const a = summary.autoscaling!;
    const toZero = a.events.find((e) => e.to === 0)!;
    // Idle from the last arrival (t < 60) for 60 s, then the 30 s stabilization window.
    expect(toZero.t).toBeGreaterThanOrEqual(60 + 60 + 30);
    expect(toZero.t).toBeLessThan(460);
    const fromZero = a.events.find((e) => e.from === 0)!;
    // Woken by the first arrival of the third stage, at its arrival time.
    expect(fromZero.t).toBeGreaterThanOrEqual(460);
    expect(fromZero.t).toBeLessThan(470);
    expect(fromZero.to).toBe(1);
    // The first waiting request waits exactly the provisioning delay plus the start-up time.
    const c = a.coldStarts!;
    expect(c.maxWaitSeconds).toBeCloseTo(10 + 30, 9);
    expect(c.requests).toBeGreaterThan(40); // ~2 req/s for 40 s
    expect(c.meanWaitSeconds).toBeGreaterThan(10);
    expect(c.meanWaitSeconds).toBeLessThan(c.maxWaitSeconds);
    const rec = sim.recorder;
    expect(rec.numCompleted).toBe(rec.numArrived);
    expect(rec.numFailed + rec.numRejected).toBe(0);
    // At zero nothing is billed: less than one replica all run long.
    expect(a.variants[0].replicaHours * 3600).toBeLessThan(summary.sim.simulatedSeconds - 200);
  });

  it('with a request timeout, clients give up at their deadline while the replica starts; later arrivals are served', () => {
    const { sim, summary } = run(zeroFleet({ requestTimeout: 15 }));
    const c = summary.autoscaling!.coldStarts!;
    expect(c.maxWaitSeconds).toBeCloseTo(15, 9);
    const rec = sim.recorder;
    // Arrivals over the 40 s cold start whose 15 s ran out before it ended: those of its first 25 s.
    expect(rec.numTimedOut).toBeGreaterThan(25);
    expect(rec.numTimedOut).toBeLessThan(c.requests);
    expect(rec.numCompleted + rec.numFailed + rec.numRejected).toBe(rec.numArrived);
    expect(sim.numInFlight).toBe(0);
  });

  it('with minReplicas 1 the variant never goes to zero and no request waits', () => {
    const { summary } = run(zeroFleet({ minReplicas: 1 }));
    expect(summary.autoscaling!.events.every((e) => e.to >= 1)).toBe(true);
    expect(summary.autoscaling!.coldStarts).toBeUndefined();
  });

  it('is deterministic', () => {
    expect(JSON.stringify(run(zeroFleet()).summary)).toBe(JSON.stringify(run(zeroFleet()).summary));
  });
});

describe('scale-to-zero invariants (property)', () => {
  it('every request ends once (completed, or failed: timed out waiting, or killed on a pod removed at grace 0), nothing stays queued, no KV block leaks', () => {
    const p = fc.record({
      seed: fc.nat(1000),
      rate: fc.double({ min: 0.2, max: 20, noNaN: true }),
      lull: fc.integer({ min: 1, max: 300 }),
      startup: fc.constantFrom(0, 5, 40),
      grace: fc.constantFrom(0, 30),
      timeout: fc.option(fc.constantFrom(1, 10, 60), { nil: undefined }),
    });
    fc.assert(
      fc.property(p, (x) => {
        const { sim, summary } = run(zeroFleet({ seed: x.seed, rate: x.rate, lull: x.lull, startup: x.startup, grace: x.grace, ...(x.timeout !== undefined && { requestTimeout: x.timeout }) }));
        expectDrainedEndState(sim);
        const rec = sim.recorder;
        // A failure is a client timeout, or, with no grace period, a request that reached a pod
        // just before the autoscaler removed it (killed at once, as Kubernetes does at grace 0).
        if (x.grace > 0) expect(rec.numFailed).toBe(rec.numTimedOut);
        else expect(rec.numFailed).toBeGreaterThanOrEqual(rec.numTimedOut);
        expect(sim.coldStart!.size).toBe(0);
        const c = summary.autoscaling!.coldStarts!;
        if (x.timeout !== undefined) expect(c.maxWaitSeconds).toBeLessThanOrEqual(x.timeout + 1e-9);
        for (const e of summary.autoscaling!.events) expect(e.to).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 40 },
    );
  });
});
