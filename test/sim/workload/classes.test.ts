import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../../src/sim/rng.js';
import { createRequestSource } from '../../../src/sim/workload/source.js';
import type { ClassSpec, RequestSpec, WorkloadSpec } from '../../../src/sim/workload/types.js';

const VOCAB = 32000;

function drain(workload: WorkloadSpec, requests: number, seed = 1): RequestSpec[] {
  const source = createRequestSource(workload, { requests, warmup: 0 }, new RngStreams(seed), VOCAB);
  const out: RequestSpec[] = [];
  for (let r = source.next(); r; r = source.next()) out.push(r);
  return out;
}

const cls = (over: Partial<ClassSpec> & { name: string; share: number }): ClassSpec => ({ priority: 0, ...over });

function mix(classes: ClassSpec[]): WorkloadSpec {
  return { arrival: { process: 'poisson', rate: 10 }, prompt: { dist: 'uniform', min: 10, max: 20 }, output: { dist: 'fixed', value: 7 }, classes };
}

describe('multi-tenant classes', () => {
  it('each class gets its share of the arrivals within 2 % over 100k requests', () => {
    const reqs = drain(mix([cls({ name: 'a', share: 6 }), cls({ name: 'b', share: 3 }), cls({ name: 'c', share: 1 })]), 100_000);
    const counts = [0, 0, 0];
    for (const r of reqs) counts[r.classIndex!]++;
    [0.6, 0.3, 0.1].forEach((share, i) => expect(Math.abs(counts[i] / reqs.length / share - 1)).toBeLessThan(0.02));
  });

  it('a class draws its own shape and carries its priority and adapter; unset parts come from the workload', () => {
    const reqs = drain(
      mix([
        cls({ name: 'long', share: 1, prompt: { dist: 'fixed', value: 500 }, priority: 3, adapter: 'lora-x' }),
        cls({ name: 'default', share: 1 }),
        cls({ name: 'rag', share: 1, prefix: { groups: 2, promptsPerGroup: 2, systemTokens: 100, questionTokens: 10, outputTokens: 9 } }),
      ]),
      3000,
    );
    for (const r of reqs) {
      if (r.classIndex === 0) expect([r.promptTokens.length, r.maxTokens, r.priority, r.adapter]).toEqual([500, 7, 3, 'lora-x']);
      if (r.classIndex === 1) expect(r.promptTokens.length >= 10 && r.promptTokens.length <= 20 && r.maxTokens === 7 && r.adapter === undefined).toBe(true);
      if (r.classIndex === 2) expect([r.promptTokens.length, r.maxTokens, r.group !== undefined]).toEqual([110, 9, true]);
    }
    // The rag class's 4-prompt corpus cycles over its own requests: 4 distinct prompt arrays, each reused.
    const ragPrompts = new Set(reqs.filter((r) => r.classIndex === 2).map((r) => r.promptTokens));
    expect(ragPrompts.size).toBe(4);
  });

  it('changing one class leaves the arrivals, the class picks and the other classes\' requests unchanged (common random numbers)', () => {
    const a = drain(mix([cls({ name: 'a', share: 1 }), cls({ name: 'b', share: 1, prompt: { dist: 'uniform', min: 100, max: 200 } })]), 2000);
    const b = drain(mix([cls({ name: 'a', share: 1 }), cls({ name: 'b', share: 1, prompt: { dist: 'lognormal', mean: 3000, stddev: 500 } })]), 2000);
    expect(b.map((r) => [r.arrivalTime, r.classIndex])).toEqual(a.map((r) => [r.arrivalTime, r.classIndex]));
    const classA = (rs: RequestSpec[]) => rs.filter((r) => r.classIndex === 0).map((r) => Array.from(r.promptTokens));
    expect(classA(b)).toEqual(classA(a));
    expect(b.filter((r) => r.classIndex === 1).every((r) => r.promptTokens.length > 200)).toBe(true);
  });
});
