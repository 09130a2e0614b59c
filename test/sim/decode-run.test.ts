import { describe, expect, it } from 'vitest';
import { buildSimConfig } from '../../src/experiments/fleet.js';
import { runSimulation } from '../../src/experiments/run.js';
import { loadScenarioText } from '../../src/scenario/load.js';
import type { SimConfig } from '../../src/sim/simulation.js';
import type { Summary } from '../../src/sim/metrics/summary.js';

function config(yaml: string): SimConfig {
  const loaded = loadScenarioText(yaml, 'inline.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const fleet = buildSimConfig(loaded.scenario);
  if (!fleet.ok) throw new Error(JSON.stringify(fleet.problems));
  return fleet.config;
}

function withoutRuns(c: SimConfig): SimConfig {
  return { ...c, pools: c.pools.map((p) => ({ ...p, pod: { ...p.pod, decodeRuns: false } })) };
}

/** Every number in a within relative `tol` of the same number in b; everything else equal. */
function expectClose(a: unknown, b: unknown, tol: number, path = ''): void {
  if (typeof a === 'number' && typeof b === 'number') {
    const scale = Math.max(Math.abs(a), Math.abs(b), 1e-12);
    if (Math.abs(a - b) / scale > tol) throw new Error(`${path}: ${a} vs ${b}`);
  } else if (a && typeof a === 'object') {
    for (const k of Object.keys(a)) expectClose((a as never)[k], (b as never)[k], tol, `${path}.${k}`);
  } else {
    expect(a, path).toEqual(b);
  }
}

const strip = (s: Summary) => ({ ...s, sim: {}, pods: s.pods.map((p) => ({ ...p, steps: 0 })) });

const scenarios = {
  'shared prefix near saturation': `
name: runs-a
seed: 3
model: llama-3.1-8b
stop: { requests: 300 }
cluster: { pools: [ { name: p, replicas: 2, accelerator: h100-sxm, engine: { maxModelLen: 8192 } } ] }
workload:
  arrival: { process: poisson, rate: 20 }
  prefix: { groups: 10, promptsPerGroup: 5, systemTokens: 2000, questionTokens: 300, outputTokens: 300 }
`,
  'KV pressure with preemptions': `
name: runs-b
seed: 5
model: llama-3.1-8b
stop: { requests: 300 }
cluster: { pools: [ { name: p, accelerator: h100-sxm, engine: { gpuMemoryUtilization: 0.25, maxModelLen: 4096 } } ] }
workload:
  arrival: { process: poisson, rate: 8 }
  prompt: { dist: uniform, min: 100, max: 2000 }
  output: { dist: uniform, min: 50, max: 1500 }
`,
  'V0 scheduler (prefill-only steps) with KV pressure and preemptions': `
name: runs-c
seed: 7
model: llama-3.1-8b
stop: { requests: 300 }
cluster: { pools: [ { name: p, accelerator: h100-sxm, engine: { scheduler: v0, gpuMemoryUtilization: 0.25, maxModelLen: 4096, maxNumBatchedTokens: 4096 } } ] }
workload:
  arrival: { process: poisson, rate: 8 }
  prompt: { dist: uniform, min: 100, max: 2000 }
  output: { dist: uniform, min: 50, max: 1500 }
`,
  // A client deadline inside a run: the run must end at the step boundary after it, as stepping does.
  'client timeouts that fall inside decode runs': `
name: runs-d
seed: 9
model: llama-3.1-8b
stop: { requests: 300 }
cluster: { pools: [ { name: p, accelerator: h100-sxm, engine: { gpuMemoryUtilization: 0.25, maxModelLen: 4096 } } ] }
workload:
  arrival: { process: poisson, rate: 8 }
  prompt: { dist: uniform, min: 100, max: 2000 }
  output: { dist: uniform, min: 50, max: 1500 }
  requestTimeout: 12
`,
};

describe('decode runs (advancing identical decode steps together)', () => {
  for (const [what, yaml] of Object.entries(scenarios)) {
    it(`give the same results as stepping one step at a time: ${what}`, () => {
      const c = config(yaml);
      const fast = runSimulation('a', c);
      const slow = runSimulation('a', withoutRuns(c));
      // Same requests, tokens, preemptions; latencies equal up to float summation order, and the
      // time-weighted KV gauge (interpolated over a run) within 1 %.
      const { pods: fp, ...f } = strip(fast);
      const { pods: sp, ...s } = strip(slow);
      expectClose(f, s, 1e-6);
      fp.forEach((p, i) => expectClose(p.kvUtilMean, sp[i].kvUtilMean, 0.01, `${p.name}.kvUtilMean`));
      expect(fast.sim.events).toBeLessThan(slow.sim.events);
      expect(fast.pods.map((p) => p.steps)).toEqual(slow.pods.map((p) => p.steps));
      if (c.workload.requestTimeout !== undefined) expect(fast.requests.timedOut).toBeGreaterThan(10);
    });
  }
});
