import fc from 'fast-check';
import { llama8bH100 } from './step-model.js';
import { describe, expect, it } from 'vitest';
import { expectDrainedEndState } from './end-state.js';
import { WVA_DEFAULTS } from '../../src/policies/autoscaling/saturation-analyzer.js';
import type { AutoscalerSpec } from '../../src/sim/autoscaler.js';
import { summarize } from '../../src/sim/metrics/summary.js';
import { Simulation, type SimConfig } from '../../src/sim/simulation.js';
import type { ArrivalSpec } from '../../src/sim/workload/types.js';

const stepModel = llama8bH100;

interface Fleet {
  seed: number;
  arrival: ArrivalSpec;
  duration: number;
  initial: number;
  max: number;
  startup: number;
  grace: number;
  interval: number;
  cooldown: number;
  /** Turns on the model-based optimizer. */
  sloRate?: number;
}

/** Small pods (8 sequences, 200-token outputs) that saturate at a few requests per second each. */
function fleet(f: Fleet): SimConfig {
  const autoscaler: AutoscalerSpec = {
    saturation: WVA_DEFAULTS,
    interval: f.interval,
    sampleInterval: f.interval / 4,
    metricsWindow: f.interval,
    scaleDownStabilization: f.cooldown,
    provisioningDelay: 0,
    terminationGracePeriod: f.grace,
    headroom: 0,
    variants: [{ name: 'p', initial: f.initial, minReplicas: 1, maxReplicas: f.max, gpusPerReplica: 2, usdPerHour: 10, ...(f.sloRate && { sloRatePerReplica: f.sloRate }) }],
  };
  return {
    seed: f.seed,
    pools: [
      {
        name: 'p',
        replicas: f.max,
        stepModel,
        startupSeconds: f.startup,
        pod: { maxNumSeqs: 8, maxNumBatchedTokens: 512, maxModelLen: 1024, longPrefillTokenThreshold: 0, blockSize: 16, enablePrefixCaching: true, numGpuBlocks: 200 },
      },
    ],
    workload: { arrival: f.arrival, prompt: { dist: 'fixed', value: 200 }, output: { dist: 'fixed', value: 200 } },
    stop: { duration: f.duration, warmup: 0, drain: true },
    slo: { ttftP95: 2 },
    vocabSize: 1000,
    autoscaler,
  };
}

const base: Fleet = {
  seed: 1,
  // Quiet, busy, quiet: 1 → 30 → 1 req/s.
  arrival: { process: 'stages', type: 'poisson', interval: 0, stages: [{ rate: 1, duration: 300 }, { rate: 30, duration: 600 }, { rate: 1, duration: 1500 }] },
  duration: 2400,
  initial: 1,
  max: 8,
  startup: 30,
  grace: 30,
  interval: 30,
  cooldown: 300,
};

function run(f: Fleet) {
  const sim = new Simulation(fleet(f));
  const end = sim.run();
  return { sim, summary: summarize(sim, 'autoscale', {}, end), end };
}

describe('variant autoscaler in the loop', () => {
  it('adds replicas when the load rises and removes them after the cooldown when it falls', () => {
    const { summary, sim } = run(base);
    const a = summary.autoscaling!;
    const ev = a.events;
    expect(ev.length).toBeGreaterThan(2);
    // The first scale-up comes after the load rises (t = 300), within two reconciles of it.
    const firstUp = ev.find((e) => e.to > e.from)!;
    expect(firstUp.t).toBeGreaterThan(300);
    expect(firstUp.t).toBeLessThanOrEqual(300 + 2 * base.interval);
    // Each scale-up adds one replica (WVA: ready + 1), and not while one is starting.
    for (const e of ev.filter((x) => x.to > x.from)) expect(e.to - e.from).toBe(1);
    const ups = ev.filter((e) => e.to > e.from);
    for (let i = 1; i < ups.length; i++) expect(ups[i].t - ups[i - 1].t).toBeGreaterThanOrEqual(base.startup);
    // Scale-downs only once the load has fallen (t = 900), and no sooner than the cooldown after the last scale-up.
    const downs = ev.filter((e) => e.to < e.from);
    expect(downs.length).toBeGreaterThan(0);
    const lastUp = ups[ups.length - 1].t;
    for (const e of downs) {
      expect(e.t).toBeGreaterThan(900);
      expect(e.t - lastUp).toBeGreaterThanOrEqual(base.cooldown);
    }
    // One replica at a time, a cooldown apart: each scale-down waits out a window of lower targets.
    for (const e of downs) expect(e.from - e.to).toBe(1);
    for (let i = 1; i < downs.length; i++) expect(downs[i].t - downs[i - 1].t).toBeGreaterThanOrEqual(base.cooldown);
    expect(a.variants[0].peakReplicas).toBeGreaterThan(2);
    // The new pods took traffic.
    expect(summary.pods.filter((p) => p.requests > 0).length).toBe(a.variants[0].peakReplicas);
    expect(sim.pods.every((p) => p.state === 'ready' || p.state === 'off')).toBe(true);
  });

  it('bills each replica from its scale-up decision to its termination', () => {
    const { summary, end } = run(base);
    const a = summary.autoscaling!;
    // Integrate the replica count the events describe: a lower bound (drained pods bill until they finish).
    let count = base.initial;
    let t = 0;
    let seconds = 0;
    for (const e of a.events) {
      seconds += count * (e.t - t);
      t = e.t;
      count = e.to;
    }
    seconds += count * (end - t);
    const downs = a.events.filter((e) => e.to < e.from).length;
    const v = a.variants[0];
    expect(v.replicaHours * 3600).toBeGreaterThanOrEqual(seconds - 1e-6);
    expect(v.replicaHours * 3600).toBeLessThanOrEqual(seconds + downs * base.grace + 1e-6);
    expect(v.gpuHours).toBeCloseTo(2 * v.replicaHours, 6);
    expect(v.usd).toBeCloseTo(10 * v.replicaHours, 6);
    expect(a.gpuHours).toBe(v.gpuHours);
  });

  it('a fleet pinned at min = max = initial never scales and bills replicas × time', () => {
    const f = { ...base, initial: 3, max: 3 };
    const sim = new Simulation({ ...fleet(f), autoscaler: { ...fleet(f).autoscaler!, variants: [{ name: 'p', initial: 3, minReplicas: 3, maxReplicas: 3, gpusPerReplica: 2, usdPerHour: 10 }] } });
    const end = sim.run();
    const a = summarize(sim, 'pinned', {}, end).autoscaling!;
    expect(a.events).toEqual([]);
    expect(a.variants[0].replicaHours).toBeCloseTo((3 * end) / 3600, 6);
  });

  it('the model-based (QoS-aware) optimizer sizes from the arrival rate: it reaches the needed count sooner', () => {
    const sat = run(base).summary;
    // One replica holds ~5 req/s here: at 30 req/s the model asks for 5–6 at once (the window straddles the jump).
    const qos = run({ ...base, sloRate: 5 }).summary;
    const up = (s: typeof sat) => s.autoscaling!.events.filter((e) => e.to > e.from);
    const firstJump = up(qos)[0];
    expect(firstJump.t).toBeLessThanOrEqual(300 + 2 * base.interval);
    expect(firstJump.to).toBeGreaterThanOrEqual(5);
    expect(qos.slo.goodput).toBeGreaterThan(sat.slo.goodput);
    // At the quiet end it sizes down to the rate (1 req/s → 1 replica).
    expect(qos.autoscaling!.events.at(-1)!.to).toBeLessThan(3);
  });

  it('is deterministic', () => {
    const one = run(base).summary;
    const two = run(base).summary;
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });
});

describe('two variants of one model (WVA picks by cost)', () => {
  it('grows the cheaper variant and shrinks the dearer one', () => {
    const one = fleet({ ...base, initial: 1, max: 6 });
    const pool = one.pools[0];
    const config: SimConfig = {
      ...one,
      pools: [
        { ...pool, name: 'cheap', replicas: 6 },
        { ...pool, name: 'dear', replicas: 6 },
      ],
      autoscaler: {
        ...one.autoscaler!,
        variants: [
          { name: 'cheap', initial: 1, minReplicas: 1, maxReplicas: 6, gpusPerReplica: 1, usdPerHour: 4 },
          // The dearer variant starts with 3 so there is something to shed when the load is light.
          { name: 'dear', initial: 3, minReplicas: 1, maxReplicas: 6, gpusPerReplica: 1, usdPerHour: 12 },
        ],
      },
    };
    const sim = new Simulation(config);
    const end = sim.run();
    const a = summarize(sim, 'two-variants', {}, end).autoscaling!;
    const ups = a.events.filter((e) => e.to > e.from);
    const downs = a.events.filter((e) => e.to < e.from);
    expect(ups.length).toBeGreaterThan(0);
    expect(ups.every((e) => e.variant === 'cheap')).toBe(true);
    expect(downs.length).toBeGreaterThan(0);
    // Scale-down takes from the dearest variant still above its minimum first.
    const firstCheapDown = downs.findIndex((e) => e.variant === 'cheap');
    const dearDowns = downs.filter((e) => e.variant === 'dear');
    expect(dearDowns.length).toBeGreaterThan(0);
    if (firstCheapDown >= 0) expect(downs.slice(0, firstCheapDown).every((e) => e.variant === 'dear')).toBe(true);
    const [cheap, dear] = a.variants;
    expect(cheap.usd).toBeCloseTo(4 * cheap.replicaHours, 6);
    expect(dear.usd).toBeCloseTo(12 * dear.replicaHours, 6);
    expect(a.usd).toBeCloseTo(cheap.usd + dear.usd, 6);
  });
});

describe('autoscaler invariants (property)', () => {
  it('every request ends once, no KV block leaks, off pods hold nothing, under random load and timings', () => {
    const p = fc.record({
      seed: fc.nat(1000),
      low: fc.double({ min: 0.5, max: 5, noNaN: true }),
      high: fc.double({ min: 5, max: 60, noNaN: true }),
      busy: fc.integer({ min: 20, max: 200 }),
      initial: fc.integer({ min: 1, max: 3 }),
      extra: fc.integer({ min: 0, max: 4 }),
      startup: fc.constantFrom(0, 5, 40),
      grace: fc.constantFrom(0, 2, 30),
      interval: fc.constantFrom(5, 15),
      cooldown: fc.constantFrom(0, 20, 60),
    });
    fc.assert(
      fc.property(p, (x) => {
        const f: Fleet = {
          seed: x.seed,
          arrival: { process: 'stages', type: 'poisson', interval: 0, stages: [{ rate: x.low, duration: 30 }, { rate: x.high, duration: x.busy }, { rate: x.low, duration: 120 }] },
          duration: 150 + x.busy,
          initial: x.initial,
          max: x.initial + x.extra,
          startup: x.startup,
          grace: x.grace,
          interval: x.interval,
          cooldown: x.cooldown,
        };
        const { sim, summary } = run(f);
        expectDrainedEndState(sim);
        const v = summary.autoscaling!.variants[0];
        expect(v.peakReplicas).toBeLessThanOrEqual(f.max);
        for (const e of summary.autoscaling!.events) expect(e.to).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 60 },
    );
  });
});
