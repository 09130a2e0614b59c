import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectDrainedEndState } from './end-state.js';
import { WVA_DEFAULTS } from '../../src/policies/autoscaling/saturation-analyzer.js';
import type { AutoscalerSpec } from '../../src/sim/autoscaler.js';
import { summarize } from '../../src/sim/metrics/summary.js';
import type { PodConfig } from '../../src/sim/pod.js';
import { Simulation, type RouterFactory, type SimConfig } from '../../src/sim/simulation.js';
import type { ArrivalSpec } from '../../src/sim/workload/types.js';
import { llama8bH100 } from './step-model.js';

/**
 * P/D without the EPP, honouring the endpoint list as the EPP's role filters do: each request
 * goes to a random listed decode pod via a random listed prefill pod.
 */
function pdRouter(numPrefill: number, numPods: number): RouterFactory {
  return {
    scrapeInterval: 0,
    create: (ctx) => {
      const listed = new Array<boolean>(numPods).fill(true);
      const pick = (from: number, to: number) => {
        const up: number[] = [];
        for (let i = from; i < to; i++) if (listed[i]) up.push(i);
        return up.length > 0 ? up[Math.floor(ctx.rng() * up.length)] : -1;
      };
      const policy = {
        scrapeInterval: 0,
        lastPrefillPod: -1,
        route() {
          policy.lastPrefillPod = pick(0, numPrefill);
          return policy.lastPrefillPod < 0 ? -1 : pick(numPrefill, numPods);
        },
        onComplete() {},
        setListed(i: number, on: boolean) {
          listed[i] = on;
        },
      };
      return policy;
    },
  };
}

interface PdFleet {
  seed: number;
  arrival: ArrivalSpec;
  duration: number;
  prompt: number;
  output: number;
  /** Replicas at the start and at most, per role. */
  prefill: { initial: number; max: number };
  decode: { initial: number; max: number };
  grace: number;
  interval: number;
  cooldown: number;
  /** NIC bytes per second (slow ones keep KV in flight while pods drain). */
  nicBps: number;
  /** KV blocks per pod, per role. */
  blocks: { prefill: number; decode: number };
}

const pod = (numGpuBlocks: number): PodConfig => ({ maxNumSeqs: 8, maxNumBatchedTokens: 512, maxModelLen: 1200, longPrefillTokenThreshold: 0, blockSize: 16, enablePrefixCaching: true, numGpuBlocks });

function pdFleet(f: PdFleet): SimConfig {
  const autoscaler: AutoscalerSpec = {
    saturation: WVA_DEFAULTS,
    interval: f.interval,
    sampleInterval: f.interval / 4,
    metricsWindow: f.interval,
    scaleDownStabilization: f.cooldown,
    provisioningDelay: 5,
    terminationGracePeriod: f.grace,
    headroom: 0,
    variants: [
      { name: 'prefill', initial: f.prefill.initial, minReplicas: 1, maxReplicas: f.prefill.max, gpusPerReplica: 1, usdPerHour: 4 },
      { name: 'decode', initial: f.decode.initial, minReplicas: 1, maxReplicas: f.decode.max, gpusPerReplica: 1, usdPerHour: 4 },
    ],
  };
  const nic = { bytesPerSec: f.nicBps, latency: 1e-4, kvBytesPerToken: 1e5 };
  return {
    seed: f.seed,
    pools: [
      { name: 'prefill', role: 'prefill', replicas: f.prefill.max, stepModel: llama8bH100, startupSeconds: 10, nic, pod: pod(f.blocks.prefill) },
      { name: 'decode', role: 'decode', replicas: f.decode.max, stepModel: llama8bH100, startupSeconds: 10, nic, pod: pod(f.blocks.decode) },
    ],
    router: pdRouter(f.prefill.max, f.prefill.max + f.decode.max),
    workload: { arrival: f.arrival, prompt: { dist: 'fixed', value: f.prompt }, output: { dist: 'fixed', value: f.output } },
    stop: { duration: f.duration, warmup: 0, drain: true },
    slo: {},
    vocabSize: 1000,
    autoscaler,
  };
}

const step = (low: number, high: number, busy: number): ArrivalSpec => ({
  process: 'stages',
  type: 'poisson',
  interval: 0,
  stages: [{ rate: low, duration: 60 }, { rate: high, duration: busy }, { rate: low, duration: 240 }],
});

function run(f: PdFleet) {
  const sim = new Simulation(pdFleet(f));
  const end = sim.run();
  return { sim, summary: summarize(sim, 'pd-autoscale', {}, end) };
}

const decodeHeavy: PdFleet = {
  seed: 2,
  // Short prompts, long answers: decode seats run out, prefill idles.
  arrival: step(0.5, 8, 240),
  duration: 540,
  prompt: 100,
  output: 400,
  prefill: { initial: 1, max: 4 },
  decode: { initial: 1, max: 6 },
  grace: 60,
  interval: 15,
  cooldown: 60,
  nicBps: 1e10,
  blocks: { prefill: 4000, decode: 400 },
};

describe('variant autoscaler with P/D pools', () => {
  it('decode-bound load grows the decode pool alone, and every request completes through the scale-downs', () => {
    const { sim, summary } = run(decodeHeavy);
    const a = summary.autoscaling!;
    const [prefill, decode] = a.variants;
    expect(decode.scaleUps).toBeGreaterThan(1);
    expect(decode.scaleDowns).toBeGreaterThan(0);
    expect(prefill.scaleUps).toBe(0);
    expect(a.events.every((e) => e.variant === 'decode' || e.to < e.from)).toBe(true);
    // The new decode pods joined the endpoint list with their role: they served decodes.
    const served = summary.pods.filter((p) => p.name.startsWith('decode-') && p.requests > 0).length;
    expect(served).toBe(decode.peakReplicas);
    // A grace period longer than any request: draining decode pods lose nothing.
    const rec = sim.recorder;
    expect(rec.numFailed).toBe(0);
    expect(rec.numCompleted).toBe(rec.numArrived);
  });

  it('prefill-bound load grows the prefill pool alone', () => {
    const { summary } = run({
      ...decodeHeavy,
      // Long prompts, one-token answers: prompts queue for prefill; decode pods barely work.
      arrival: step(0.5, 30, 240),
      prompt: 1000,
      output: 1,
      blocks: { prefill: 400, decode: 4000 },
    });
    const [prefill, decode] = summary.autoscaling!.variants;
    expect(prefill.scaleUps).toBeGreaterThan(0);
    expect(decode.scaleUps).toBe(0);
  });

  it('a draining decode pod waits for the prompts its sidecar sent to be prefilled, and decodes them', () => {
    // One prefill pod with a long queue of 1000-token prompts (80/s, twice what it prefills); the two decode pods, barely busy,
    // are safe to shrink at the first reconcile, while prompts bound for decode-1 still queue.
    const f: PdFleet = {
      ...decodeHeavy,
      arrival: { process: 'stages', type: 'poisson', interval: 0, stages: [{ rate: 80, duration: 10 }, { rate: 0.5, duration: 60 }] },
      duration: 70,
      prompt: 1000,
      output: 10,
      prefill: { initial: 1, max: 1 },
      decode: { initial: 2, max: 2 },
      interval: 5,
      cooldown: 0,
      blocks: { prefill: 4000, decode: 4000 },
    };
    const { sim, summary } = run(f);
    const down = summary.autoscaling!.events.find((e) => e.variant === 'decode' && e.to < e.from)!;
    expect(down.t).toBe(5);
    const decode1 = sim.pods.find((p) => p.name === 'decode-1')!;
    expect(decode1.state).toBe('off');
    // It went on decoding after it left the endpoint list: it had taken ~115 requests by t = 5,
    // and ~95 more were queued for prefill on their way to it (without the wait they fail).
    const served = summary.pods.find((p) => p.name === 'decode-1')!.requests;
    expect(served).toBeGreaterThan(150);
    const rec = sim.recorder;
    expect(rec.numFailed).toBe(0);
    expect(rec.numCompleted).toBe(rec.numArrived);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(run(decodeHeavy).summary)).toBe(JSON.stringify(run(decodeHeavy).summary));
  });
});

describe('P/D autoscaler invariants (property)', () => {
  it('every request ends once, no KV block leaks or stays held, no transfer is left, under random load, links and grace periods', () => {
    const p = fc.record({
      seed: fc.nat(1000),
      low: fc.double({ min: 0.2, max: 2, noNaN: true }),
      high: fc.double({ min: 2, max: 30, noNaN: true }),
      busy: fc.integer({ min: 20, max: 120 }),
      prompt: fc.constantFrom(100, 600),
      output: fc.constantFrom(1, 50, 300),
      prefillMax: fc.integer({ min: 1, max: 3 }),
      decodeMax: fc.integer({ min: 1, max: 4 }),
      grace: fc.constantFrom(0, 2, 30),
      interval: fc.constantFrom(5, 15),
      cooldown: fc.constantFrom(0, 20),
      // From 10 MB/s (a 600-token prompt's KV takes 6 s to cross) to 10 GB/s.
      nicBps: fc.constantFrom(1e7, 1e8, 1e10),
    });
    fc.assert(
      fc.property(p, (x) => {
        const f: PdFleet = {
          seed: x.seed,
          arrival: step(x.low, x.high, x.busy),
          duration: 300 + x.busy,
          prompt: x.prompt,
          output: x.output,
          prefill: { initial: 1, max: x.prefillMax },
          decode: { initial: 1, max: x.decodeMax },
          grace: x.grace,
          interval: x.interval,
          cooldown: x.cooldown,
          nicBps: x.nicBps,
          blocks: { prefill: 400, decode: 400 },
        };
        const { sim, summary } = run(f);
        expectDrainedEndState(sim);
        expect(sim.gateway.numAwaitingPrefill).toBe(0);
        expect(sim.transfers!.numActive).toBe(0);
        for (const pod of sim.pods) expect(pod.state === 'ready' || pod.state === 'off').toBe(true);
        const [prefill, decode] = summary.autoscaling!.variants;
        expect(prefill.peakReplicas).toBeLessThanOrEqual(x.prefillMax);
        expect(decode.peakReplicas).toBeLessThanOrEqual(x.decodeMax);
      }),
      { numRuns: 40 },
    );
  });
});
