import { describe, expect, it } from 'vitest';
import { MODELS } from '../../src/models/llm/catalog.js';
import { resolveScenario } from '../../src/scenario/resolve.js';
import { ScenarioSchema } from '../../src/scenario/schema.js';
import { rawScenario } from './builders.js';

/** The resolved engine of a one-pool scenario on `accelerator` with `engine` arguments. */
function engineOf(accelerator: string, engine: Record<string, unknown> = {}, runtime = 'vllm') {
  const raw = rawScenario();
  raw.cluster.pools[0] = { name: 'p', accelerator, engine, runtime };
  return resolveScenario(ScenarioSchema.parse(raw)).cluster.pools[0].engine;
}

const context = () => MODELS['llama-3.1-8b'].maxPositionEmbeddings;

describe('resolveEngine', () => {
  it('gives a ≥ 70 GiB accelerator vLLM serve defaults of 8192 tokens and 1024 seqs', () => {
    expect(engineOf('h100-sxm')).toEqual({
      maxNumSeqs: 1024, maxNumBatchedTokens: 8192, blockSize: 16, gpuMemoryUtilization: 0.92,
      enablePrefixCaching: true, maxModelLen: context(), reserveToCompletion: false,
    });
  });

  it("takes other runtimes' defaults: TensorRT-LLM 2048 seqs, 8192 tokens, 32-token blocks", () => {
    expect(engineOf('h100-sxm', {}, 'trtllm')).toMatchObject({ maxNumSeqs: 2048, maxNumBatchedTokens: 8192, blockSize: 32, gpuMemoryUtilization: 0.95 });
    expect(engineOf('h100-sxm', { blockSize: 16 }, 'sglang')).toMatchObject({ blockSize: 16, gpuMemoryUtilization: 0.88 });
  });

  it('gives a 16 GiB accelerator 2048 tokens and 256 seqs', () => {
    expect(engineOf('tpu-v5e')).toMatchObject({ maxNumSeqs: 256, maxNumBatchedTokens: 2048 });
  });

  it("schedules TensorRT-LLM with its GUARANTEED_NO_EVICT default unless MAX_UTILIZATION is asked; vLLM never reserves", () => {
    expect(engineOf('h100-sxm', {}, 'trtllm').reserveToCompletion).toBe(true);
    expect(engineOf('h100-sxm', { capacitySchedulerPolicy: 'MAX_UTILIZATION' }, 'trtllm').reserveToCompletion).toBe(false);
    expect(engineOf('h100-sxm').reserveToCompletion).toBe(false);
    expect(engineOf('h100-sxm', {}, 'sglang').reserveToCompletion).toBe(false);
  });

  it('caps the default token budget at maxNumSeqs × maxModelLen', () => {
    expect(engineOf('h100-sxm', { maxNumSeqs: 4, maxModelLen: 1024 })).toMatchObject({ maxNumSeqs: 4, maxNumBatchedTokens: 4096 });
    expect(engineOf('h100-sxm', { maxModelLen: 4 })).toMatchObject({ maxNumSeqs: 1024, maxNumBatchedTokens: 4096 });
  });

  it('caps the default seat count at the token budget', () => {
    expect(engineOf('h100-sxm', { maxNumBatchedTokens: 512 })).toMatchObject({ maxNumSeqs: 512, maxNumBatchedTokens: 512 });
  });

  it('keeps values the user set', () => {
    expect(engineOf('tpu-v5e', { maxNumSeqs: 64, maxNumBatchedTokens: 16384, blockSize: 32, gpuMemoryUtilization: 0.8, enablePrefixCaching: false, maxModelLen: 8192 })).toEqual({
      maxNumSeqs: 64, maxNumBatchedTokens: 16384, blockSize: 32, gpuMemoryUtilization: 0.8, enablePrefixCaching: false, maxModelLen: 8192,
      reserveToCompletion: false,
    });
  });

  it("gives the V0 scheduler V0's defaults: 256 seqs, max(maxModelLen, 2048) tokens, 0.90 of HBM", () => {
    expect(engineOf('h100-sxm', { scheduler: 'v0', maxModelLen: 1024 })).toEqual({
      maxNumSeqs: 256, maxNumBatchedTokens: 2048, blockSize: 16, gpuMemoryUtilization: 0.9,
      enablePrefixCaching: true, maxModelLen: 1024, scheduler: 'v0', reserveToCompletion: false,
    });
    expect(engineOf('h100-sxm', { scheduler: 'v0', maxModelLen: 4096, maxNumSeqs: 1024, prefillKvFreePercent: 31 })).toMatchObject({
      maxNumSeqs: 1024, maxNumBatchedTokens: 4096, scheduler: 'v0', prefillKvFreePercent: 31,
    });
  });

  it('leaves the rest of the scenario as validated', () => {
    const s = ScenarioSchema.parse(rawScenario());
    const r = resolveScenario(s);
    expect({ ...r, cluster: undefined, modelArch: undefined }).toEqual({ ...s, cluster: undefined });
    expect(r.cluster.pools[0].accelerator).toBe('h100-sxm');
    expect(r.modelArch).toBe(MODELS[s.model as string]);
  });
});
