import { describe, expect, it } from 'vitest';
import { HarnessBatcherPolicy } from '../../src/sim/harness-batcher.js';
import { QUEUED } from '../../src/sim/routing.js';
import { buildSimConfig } from '../../src/experiments/fleet.js';
import { loadScenarioText } from '../../src/scenario/load.js';
import { Simulation } from '../../src/sim/simulation.js';
import type { RequestSpec } from '../../src/sim/workload/types.js';

const spec = (id: number): RequestSpec => ({ id, arrivalTime: id, promptTokens: new Int32Array(4), maxTokens: 1 });

function batcher(numPods: number, maxRequests: number) {
  const sent: [number, number][] = [];
  const policy = new HarnessBatcherPolicy(numPods, { window: 0.3, maxRequests }, (req, pod) => sent.push([req.id, pod]));
  return { policy, sent };
}

describe('HarnessBatcherPolicy', () => {
  it('holds arrivals until the window passes, then sends them all to one pod, the next pod in turn', () => {
    const { policy, sent } = batcher(2, 96);
    expect(policy.scrapeInterval).toBe(0.3);
    expect([policy.route(spec(0)), policy.route(spec(1))]).toEqual([QUEUED, QUEUED]);
    expect(policy.numQueued).toBe(2);
    expect(sent).toEqual([]);
    policy.onScrape();
    expect(sent).toEqual([[0, 0], [1, 0]]);
    policy.route(spec(2));
    policy.onScrape();
    policy.onScrape(); // an empty window sends nothing and keeps the turn
    policy.route(spec(3));
    policy.onScrape();
    expect(sent.slice(2)).toEqual([[2, 1], [3, 0]]);
    expect(policy.numQueued).toBe(0);
  });

  it('sends a batch as soon as maxRequests wait; later arrivals start the next batch', () => {
    const { policy, sent } = batcher(3, 2);
    for (let i = 0; i < 5; i++) policy.route(spec(i));
    expect(sent).toEqual([[0, 0], [1, 0], [2, 1], [3, 1]]);
    expect(policy.numQueued).toBe(1);
    policy.onScrape();
    expect(sent[4]).toEqual([4, 2]);
  });

  it('delays every request of a run to a window boundary: first tokens come after the batch leaves', () => {
    const loaded = loadScenarioText(`
name: batched
model: llama-3.1-8b
stop: { requests: 40 }
cluster: { pools: [ { name: p, replicas: 2, accelerator: h100-sxm, engine: { maxModelLen: 4096 } } ] }
router: { harnessBatcher: { window: 0.5, maxRequests: 96 } }
workload: { arrival: { process: poisson, rate: 20 }, prompt: { dist: fixed, value: 100 }, output: { dist: fixed, value: 5 } }
`, 'b.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const fleet = buildSimConfig(loaded.scenario);
    if (!fleet.ok) throw new Error(JSON.stringify(fleet.problems));
    const sim = new Simulation(fleet.config);
    const firsts: number[] = [];
    const onFinish = sim.recorder.onFinish.bind(sim.recorder);
    sim.recorder.onFinish = (req, pod, t) => {
      // sent at the first window boundary (a multiple of 0.5 s) at or after its arrival
      const sentAt = Math.ceil(req.arrivalTime / 0.5 - 1e-9) * 0.5;
      expect(req.firstTokenTime).toBeGreaterThan(sentAt);
      firsts.push(req.firstTokenTime);
      onFinish(req, pod, t);
    };
    sim.run();
    expect(sim.recorder.numCompleted).toBe(40);
    expect(firsts.length).toBe(40);
  });
});
