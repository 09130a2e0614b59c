import { describe, expect, it } from 'vitest';
import { blocksHeld, defaultBatches, kvMaxBatch, profileSteps, stepShape } from '../../src/experiments/step-profile.js';
import { getAccelerator } from '../../src/models/hardware/catalog.js';
import { getModel } from '../../src/models/llm/catalog.js';
import { RUNTIMES } from '../../src/models/perf/runtime.js';
import { createStepTimeModel } from '../../src/models/perf/step-time.js';
import { workloadShape } from '../../src/experiments/plan/candidates.js';
import { loadScenarioFile } from '../../src/scenario/load.js';

describe('step profile', () => {
  it('shapes a step of decodes plus one prefill chunk after a cached prefix', () => {
    // 4 decodes at 99 cached tokens: 4 × 100 pairs and KV tokens. Prefill of 10 after 20 cached:
    // pairs 10 × (20 + 11/2) = 255, KV 30. Five sequences, all sampled; not a uniform decode.
    expect(stepShape({ batch: 4, context: 99, prefill: 10, prefillCached: 20 })).toEqual({
      numTokens: 14,
      numSeqs: 5,
      numSampled: 5,
      attnQkPairs: 655,
      kvReadTokens: 430,
      uniformDecode: false,
      numDecodes: 4,
      decodeKvReadTokens: 400,
    });
    const decodeOnly = stepShape({ batch: 4, context: 99, prefill: 0, prefillCached: 0 });
    expect([decodeOnly.numTokens, decodeOnly.attnQkPairs, decodeOnly.kvReadTokens, decodeOnly.uniformDecode]).toEqual([4, 400, 400, true]);
  });

  it('counts KV blocks without sharing and the largest batch that fits', () => {
    // 100 tokens a decode → 7 blocks of 16; the prefill's request holds 30 tokens → 2.
    expect(blocksHeld({ batch: 4, context: 99, prefill: 10, prefillCached: 20 }, 16)).toBe(30);
    // 701 blocks, one kept as vLLM's null block: 700 ÷ 7 = 100 decodes, unless maxNumSeqs is lower.
    expect(kvMaxBatch(99, 16, 701, 1024)).toBe(100);
    expect(kvMaxBatch(99, 16, 701, 64)).toBe(64);
    expect(defaultBatches(39)).toEqual([1, 4, 16, 39]);
    expect(defaultBatches(64)).toEqual([1, 4, 16, 64]);
    expect(defaultBatches(1)).toEqual([1]);
  });

  it('prices each point with the simulator\'s own step model', () => {
    const model = createStepTimeModel(
      { accelerator: getAccelerator('h100-sxm'), model: getModel('llama-3.1-8b'), tensorParallel: 1, precision: 'bf16', kvCacheDtype: 'auto' },
      RUNTIMES.vllm.overheads,
    );
    const points = [1, 32, 128].map((batch) => ({ batch, context: 2048, prefill: 0, prefillCached: 0 }));
    const rows = profileSteps(model, points, { blockSize: 16, numGpuBlocks: 10_001 });
    rows.forEach((r, i) => {
      expect(r.breakdown.stepSeconds).toBe(model.stepSeconds(stepShape(points[i])));
      expect(r.decodeTokensPerSec).toBeCloseTo(points[i].batch / r.breakdown.stepSeconds, 9);
    });
    // 2049 tokens → 129 blocks a decode: 128 decodes hold 16,512 of 10,000 usable blocks.
    expect(rows[2].kvUse).toBeCloseTo(16_512 / 10_000, 12);
    // More decodes per step: a longer step, more tokens per second.
    expect(rows[1].breakdown.stepSeconds).toBeGreaterThan(rows[0].breakdown.stepSeconds);
    expect(rows[2].decodeTokensPerSec).toBeGreaterThan(rows[1].decodeTokensPerSec);
  });
});

describe('the workload shape a step profile and the planner start from', () => {
  it('counts a RAG prompt as system prompt + documents + question, only the system prompt cacheable', () => {
    const loaded = loadScenarioFile('scenarios/rag.yaml', []);
    if (!loaded.ok) throw new Error('scenarios/rag.yaml does not load');
    // systemTokens 1000 + 3 documents × mean 800 + question mean 60 = 3460; output mean 150.
    const shape = workloadShape(loaded.scenario);
    expect(shape.prompt).toBe(3460);
    expect(shape.cachedShare).toBeCloseTo(1000 / 3460, 12);
    expect(shape.output).toBe(150);
  });
});
