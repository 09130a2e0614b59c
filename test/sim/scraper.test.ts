import { describe, expect, it } from 'vitest';
import { getAccelerator } from '../../src/models/hardware/catalog.js';
import { getModel } from '../../src/models/llm/catalog.js';
import { createStepTimeModel } from '../../src/models/perf/step-time.js';
import { Simulation, type SimConfig } from '../../src/sim/simulation.js';

const stepModel = createStepTimeModel({ accelerator: getAccelerator('h100-sxm'), model: getModel('llama-3.1-8b'), tensorParallel: 1, precision: 'bf16', kvCacheDtype: 'auto' });

function config(scrapeInterval: number, seen: { now: number; updateTime: number; waiting: number[] }[]): SimConfig {
  return {
    seed: 1,
    pools: [{ name: 'p', replicas: 2, stepModel, pod: { maxNumSeqs: 8, maxNumBatchedTokens: 512, maxModelLen: 4096, longPrefillTokenThreshold: 0, blockSize: 16, enablePrefixCaching: true, numGpuBlocks: 2000 } }],
    router: {
      scrapeInterval,
      create: (ctx) => ({
        scrapeInterval,
        route: (_req, now) => {
          seen.push({ now, updateTime: ctx.scraped[0].updateTime, waiting: ctx.scraped.map((m) => m.waitingQueueSize) });
          // a load-only policy: the pod with the shortest scraped queue, lowest index on ties
          let best = 0;
          ctx.scraped.forEach((m, i) => (m.waitingQueueSize < ctx.scraped[best].waitingQueueSize ? (best = i) : 0));
          return best;
        },
        onComplete: () => {},
      }),
    },
    workload: { arrival: { process: 'poisson', rate: 40 }, prompt: { dist: 'fixed', value: 500 }, output: { dist: 'fixed', value: 100 } },
    stop: { requests: 200, warmup: 0 },
    slo: {},
    vocabSize: 1000,
  };
}

describe('MetricsScraper', () => {
  it('gives the policy metrics at most one scrape interval old, and stops when the run is done', () => {
    const seen: { now: number; updateTime: number; waiting: number[] }[] = [];
    const sim = new Simulation(config(0.5, seen));
    sim.run();
    expect(sim.recorder.numCompleted).toBe(200);
    for (const s of seen) {
      expect(s.updateTime).toBeLessThanOrEqual(s.now);
      expect(s.now - s.updateTime).toBeLessThan(0.5 + 1e-9);
    }
    expect(seen.some((s) => s.now - s.updateTime > 0.1)).toBe(true); // stale in between scrapes
  });

  it('stale metrics herd a load-only policy onto one pod; fresh ones spread the load', () => {
    const countsFor = (interval: number) => {
      const sim = new Simulation(config(interval, []));
      sim.run();
      return sim.pods.map((p) => p.numRouted);
    };
    const stale = countsFor(5);
    const fresh = countsFor(0.05);
    expect(Math.max(...stale) / 200).toBeGreaterThan(0.8);
    expect(Math.max(...fresh) / 200).toBeLessThan(0.7);
  });
});
