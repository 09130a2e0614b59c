import { llama8bH100 } from './step-model.js';
import { describe, expect, it } from 'vitest';
import type { RequestSpec } from '../../src/sim/workload/types.js';
import { Simulation, type SimConfig } from '../../src/sim/simulation.js';
import { RngStreams } from '../../src/sim/rng.js';
import { createRequestSource } from '../../src/sim/workload/source.js';

const stepModel = llama8bH100;

/** One small pod, a heavy first stage (its backlog outlives the stage) and a light second one. */
function config(drain: boolean, requestTimeout?: number): SimConfig {
  return {
    seed: 5,
    pools: [
      {
        name: 'p',
        replicas: 1,
        stepModel,
        pod: { maxNumSeqs: 4, maxNumBatchedTokens: 512, maxModelLen: 2048, longPrefillTokenThreshold: 0, blockSize: 16, enablePrefixCaching: true, numGpuBlocks: 400 },
      },
    ],
    workload: {
      arrival: { process: 'stages', type: 'poisson', stages: [{ rate: 20, duration: 5 }, { rate: 2, duration: 5 }], interval: 3, drain },
      prompt: { dist: 'fixed', value: 500 },
      output: { dist: 'fixed', value: 200 },
      ...(requestTimeout !== undefined && { requestTimeout }),
    },
    stop: { warmup: 0 },
    slo: {},
    vocabSize: 1000,
  };
}

/** Runs the config; returns each request's stage, arrival and end time. */
function run(cfg: SimConfig) {
  const sim = new Simulation(cfg);
  const rows = new Map<number, { stage: number; arrival: number; end: number }>();
  const rec = sim.recorder;
  const onArrival = rec.onArrival.bind(rec);
  rec.onArrival = (spec?: RequestSpec) => {
    rows.set(spec!.id, { stage: spec!.stage ?? -1, arrival: spec!.arrivalTime, end: NaN });
    onArrival(spec);
  };
  const onFinish = rec.onFinish.bind(rec);
  rec.onFinish = (req, pod, t) => {
    rows.get(req.id)!.end = t;
    onFinish(req, pod, t);
  };
  const onFail = rec.onFail.bind(rec);
  rec.onFail = (req, t) => {
    rows.get((req as RequestSpec).id)!.end = t;
    onFail(req, t);
  };
  sim.run();
  return { sim, rows: [...rows.values()] };
}

describe('drained load stages (inference-perf run_stage)', () => {
  it('a stage starts interval + 1 s after the last request of the previous one ended, with exactly int(rate × duration) requests each', () => {
    const { sim, rows } = run(config(true));
    const s0 = rows.filter((r) => r.stage === 0);
    const s1 = rows.filter((r) => r.stage === 1);
    expect([s0.length, s1.length]).toEqual([100, 10]);
    const lastEnd0 = Math.max(...s0.map((r) => r.end));
    const firstArrival1 = Math.min(...s1.map((r) => r.arrival));
    // Stage 0's backlog outlives its 5 s of arrivals by far: a clock-driven ladder would overlap.
    expect(lastEnd0).toBeGreaterThan(1 + 5 + 3 + 5);
    expect(firstArrival1).toBeGreaterThan(lastEnd0 + 3 + 1);
    expect(firstArrival1).toBeLessThan(lastEnd0 + 3 + 1 + 2);
    // The stage figures span first arrival → last end (inference-perf's stage time).
    expect(sim.recorder.stageSpans[0]).toEqual({ first: Math.min(...s0.map((r) => r.arrival)), last: lastEnd0 });
    expect(sim.recorder.stages.map((c) => c.numArrived)).toEqual([100, 10]);
  });

  it('without drain the stages keep their clock and overlap the backlog', () => {
    const { rows } = run(config(false));
    const lastEnd0 = Math.max(...rows.filter((r) => r.arrival < 5).map((r) => r.end));
    const firstArrival1 = Math.min(...rows.filter((r) => r.arrival >= 8).map((r) => r.arrival));
    expect(firstArrival1).toBeLessThan(lastEnd0);
  });

  it('timed-out requests end their stage too: the next stage still starts', () => {
    const { sim, rows } = run(config(true, 4));
    expect(sim.recorder.numTimedOut).toBeGreaterThan(0);
    expect(rows.filter((r) => r.stage === 1).length).toBe(10);
    const lastEnd0 = Math.max(...rows.filter((r) => r.stage === 0).map((r) => r.end));
    expect(lastEnd0).toBeLessThanOrEqual(1 + 6 + 4 + 1e-9); // nothing outlives its 4 s timeout
    expect(Math.min(...rows.filter((r) => r.stage === 1).map((r) => r.arrival))).toBeGreaterThan(lastEnd0 + 4);
  });

  it('each stage takes the shared-prefix corpus from its start again, as run_stage calls get_data() afresh', () => {
    const source = createRequestSource(
      {
        arrival: { process: 'stages', type: 'constant', stages: [{ rate: 7, duration: 1 }, { rate: 3, duration: 1 }], interval: 0, drain: true },
        prefix: { groups: 2, promptsPerGroup: 5, systemTokens: 8, questionTokens: 4, outputTokens: 2 },
      },
      { warmup: 0 },
      new RngStreams(1),
      1000,
    );
    const stage0 = [0, 1, 2, 3, 4, 5, 6].map(() => source.next()!);
    expect(source.next()).toBeUndefined();
    expect(source.waitingForDrain).toBe(true);
    source.onDrained!(10);
    const stage1 = [0, 1, 2].map(() => source.next()!);
    expect(stage1.map((r) => r.stage)).toEqual([1, 1, 1]);
    expect(stage1.map((r) => r.id)).toEqual([7, 8, 9]);
    // The same prompt objects as stage 0's first three, not corpus entries 7, 8, 9.
    stage1.forEach((r, i) => expect(r.promptTokens).toBe(stage0[i].promptTokens));
    expect(new Set(stage0.map((r) => r.promptTokens)).size).toBe(7);
  });
});
