import { describe, expect, it } from 'vitest';
import {
  checkpointParamCount,
  finetuneSetting,
  NVML_TOTAL_GIB,
  trtllmBenchLimits,
  type BenchLimitsInput,
} from '../../src/experiments/validation/trtllm-bench-limits.js';
import { getModel } from '../../src/models/llm/catalog.js';

/** A v1.0 PyTorch-path input at the page's KV fraction 0.95, one pipeline stage. */
function input(over: Partial<BenchLimitsInput>): BenchLimitsInput {
  return {
    model: getModel('llama-3.3-70b'),
    checkpoint: 'modelopt-fp8',
    quant: 'fp8',
    kvFp8: true,
    tensorParallel: 1,
    pipelineParallel: 1,
    avgIsl: 128,
    avgOsl: 128,
    maxIsl: 128,
    deviceMemoryGiB: NVML_TOTAL_GIB['h100-sxm'],
    kvFraction: 0.95,
    codePath: 'v1.0-pytorch',
    ...over,
  };
}

describe('checkpointParamCount', () => {
  it('counts an FP8 checkpoint one element per parameter and an NVFP4 one at 9/16 of its linear weights', () => {
    // Llama 3.x 70B: 80 layers × 855,638,016 linear weights = 68,451,041,280; embedding, LM head
    // and norms 2,102,665,216; total 70,553,706,496.
    const m = getModel('llama-3.3-70b');
    expect(checkpointParamCount(m, 'modelopt-fp8')).toBe(70_553_706_496);
    expect(checkpointParamCount(m, 'bf16')).toBe(70_553_706_496);
    // U8 pairs (1/2) + FP8 block scales (1/16): 68,451,041,280 × 9/16 = 38,503,710,720, + 2,102,665,216.
    expect(checkpointParamCount(m, 'modelopt-nvfp4')).toBe(40_606_375_936);
  });
});

describe('finetuneSetting', () => {
  it('rounds the batch up by 32 (at least 64) below 256, by 128 below 1024, by 256 above', () => {
    expect(finetuneSetting(10, 128, 128, 1)[0]).toBe(64);
    expect(finetuneSetting(181.3, 5000, 500, 1)[0]).toBe(192);
    expect(finetuneSetting(256, 128, 2048, 1)[0]).toBe(256);
    expect(finetuneSetting(267.8, 128, 2048, 1)[0]).toBe(384);
    expect(finetuneSetting(1024, 128, 2048, 1)[0]).toBe(1024);
    expect(finetuneSetting(2276.03, 128, 128, 1)[0]).toBe(2304);
  });

  it('caps requests at 4096 and tokens at 32768, rounding tokens by 256 (at least 2048), 512 and 1024', () => {
    expect(finetuneSetting(11_507, 128, 128, 1)).toEqual([4096, 8192]);
    expect(finetuneSetting(1944.8, 2048, 128, 1)).toEqual([2048, 32768]);
    expect(finetuneSetting(100, 1000, 1000, 1)[1]).toBe(2048);
    expect(finetuneSetting(2276.03, 128, 128, 1)[1]).toBe(4608); // 4552.06 → 512 × 9
    expect(finetuneSetting(1106.5, 2048, 128, 1)[1]).toBe(19456); // 18,810.5 → 1024 × 19
  });
});

describe('trtllmBenchLimits', () => {
  it('H100 FP8: Llama-3.3-70B TP2 at 128/128 (V20) gets 2304 sequences and 4608 tokens', () => {
    // engine 70,553,706,496 B ÷ 2^30 = 65.708 GiB; GPUs 2 × 81559/1024 = 159.295 GiB;
    // KV (159.295 − 65.708) × 0.95 = 88.907 GiB; a token 2 × 80 layers × max(2, 8) heads × 128 × 1 B
    // = 163,840 B = 1.526e-4 GiB, a request of 256 tokens 0.0390625 GiB → 2276.0 requests;
    // batch 256 × ceil(2276.0/256) = 2304; tokens 2276.0 × (1 + 1) = 4552.1 → 512 × 9 = 4608;
    // max(4608, 128 + 2304) = 4608.
    const r = trtllmBenchLimits(input({ tensorParallel: 2 }));
    expect(r.engineGiB).toBeCloseTo(65.708, 3);
    expect(r.kvCacheGiB).toBeCloseTo(88.907, 3);
    expect(r.kvCacheMaxRequests).toBeCloseTo(2276.03, 2);
    expect([r.maxBatchSize, r.maxNumTokens]).toEqual([2304, 4608]);
  });

  it('B200 NVFP4: Llama-3.3-70B TP1 at 5000/500 (V55) gets 192 sequences and ISL + batch = 5192 tokens', () => {
    // engine 40,606,375,936 elements × 0.5 B ÷ 2^30 = 18.909 GiB; GPU 183359/1024 = 179.062 GiB;
    // KV (179.062 − 18.909) × 0.95 = 152.145 GiB; a request 5500 × 1.526e-4 = 0.8392 GiB → 181.29;
    // batch max(64, 32 × ceil(5.67)) = 192; tokens 181.29 × 11 = 1994 → 2048; no chunked prefill,
    // so max(2048, 5000 + 192) = 5192.
    const r = trtllmBenchLimits(
      input({ checkpoint: 'modelopt-nvfp4', quant: 'nvfp4', deviceMemoryGiB: NVML_TOTAL_GIB['b200-sxm'], avgIsl: 5000, avgOsl: 500, maxIsl: 5000 }),
    );
    expect(r.engineGiB).toBeCloseTo(18.909, 3);
    expect(r.kvCacheGiB).toBeCloseTo(152.145, 3);
    expect(r.kvCacheMaxRequests).toBeCloseTo(181.29, 2);
    expect([r.maxBatchSize, r.maxNumTokens]).toEqual([192, 5192]);
  });

  it('v0.17 build: Mixtral 8x7B FP8 on one H100 at 1000/1000 takes the engine in decimal GB and keeps the tuned tokens', () => {
    // 46,702,792,704 ÷ 1000³ × 1 B = 46.703 "GB"; KV (79.647 − 46.703) × 0.95 = 31.297 GiB; a token
    // 2 × 32 × 8 × 128 B = 6.104e-5 GiB, a request of 2000 tokens 0.12207 GiB → 256.39 requests;
    // batch 128 × ceil(2.003) = 384; tokens 512.8 → 2048, no ISL adjustment on this path.
    const r = trtllmBenchLimits(
      input({ model: getModel('mixtral-8x7b'), checkpoint: 'bf16', codePath: 'v0.17-build', avgIsl: 1000, avgOsl: 1000, maxIsl: 1000 }),
    );
    expect(r.engineGiB).toBeCloseTo(46.703, 3);
    expect(r.kvCacheMaxRequests).toBeCloseTo(256.39, 2);
    expect([r.maxBatchSize, r.maxNumTokens]).toEqual([384, 2048]);
  });

  it('a model that leaves no KV memory is an error, not a limit', () => {
    expect(() => trtllmBenchLimits(input({ model: getModel('llama-3.1-405b') }))).toThrow(/no request fits/);
  });
});
