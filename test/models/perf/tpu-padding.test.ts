import { describe, expect, it } from 'vitest';
import { TPU_MIN_TOKEN_BUCKET, tpuPaddedTokens } from '../../../src/models/perf/tpu-padding.js';
import { createStepTimeModel } from '../../../src/models/perf/step-time.js';
import { deployment, prefillBatch } from '../builders.js';

describe('vLLM TPU token buckets', () => {
  it('pads to the next power of two, at least 16 (get_token_paddings with gap 0)', () => {
    expect(TPU_MIN_TOKEN_BUCKET).toBe(16);
    expect([0, 1, 16, 17, 100, 1024, 1025, 3000, 8192].map(tpuPaddedTokens)).toEqual([
      0, 16, 16, 32, 128, 1024, 2048, 4096, 8192,
    ]);
  });

  it('prices a TPU step’s dense layers on the bucket, a GPU step’s on the CUDA-graph size', () => {
    // 3000 tokens: TPU runs 4096 through the GEMMs; H100 (above 512 captured) runs 3000.
    const tpu = createStepTimeModel(deployment({ accelerator: 'tpu-v6e', model: 'qwen3-8b', tensorParallel: 4 }));
    expect(tpu.breakdown(prefillBatch(3000)).numTokensPadded).toBe(4096);
    expect(tpu.breakdown(prefillBatch(4096)).numTokensPadded).toBe(4096);
    // Same GEMM cost for 3000 and 4096 tokens (both compute 4096 rows); attention still differs.
    const a = tpu.breakdown(prefillBatch(3000));
    const b = tpu.breakdown(prefillBatch(4096));
    expect(a.mlpGateUpSeconds).toBe(b.mlpGateUpSeconds);
    expect(a.attentionSeconds).toBeLessThan(b.attentionSeconds);
    const gpu = createStepTimeModel(deployment({ model: 'qwen3-8b' }));
    expect(gpu.breakdown(prefillBatch(3000)).numTokensPadded).toBe(3000);
  });
});
