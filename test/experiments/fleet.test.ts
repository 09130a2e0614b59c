import { join } from 'node:path';
import { loadScenarioFile, loadScenarioText } from '../../src/scenario/load.js';
import { getAccelerator } from '../../src/models/hardware/catalog.js';
import { getModel } from '../../src/models/llm/catalog.js';
import { weightBytesPerRank } from '../../src/models/llm/params.js';
import type { Deployment } from '../../src/models/perf/memory.js';
import { buildSimConfig, startupSeconds } from '../../src/experiments/fleet.js';
import { describe, expect, it } from 'vitest';

const scenario = (name: string) => join(__dirname, '..', '..', 'scenarios', name);

function fleet(name: string, ...set: string[]) {
  const loaded = loadScenarioFile(scenario(name), set);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return buildSimConfig(loaded.scenario);
}

describe('buildSimConfig with wide expert parallelism', () => {
  it("makes one pod of a DP16 replica: 16 ranks' seats, token budgets and KV blocks (one null block each)", () => {
    const f = fleet('deepseek-r1-wide-ep.yaml');
    if (!f.ok) throw new Error(JSON.stringify(f.problems));
    const pod = f.config.pools[0].pod;
    expect([pod.maxNumSeqs, pod.maxNumBatchedTokens, pod.longPrefillTokenThreshold]).toEqual([16 * 256, 16 * 4096, 4096]);
    expect((pod.numGpuBlocks - 1) % 16).toBe(0); // 16 × (per-rank blocks − 1) + 1
    expect((pod.numGpuBlocks - 1) * pod.blockSize).toBeGreaterThan(20 * 677_056); // vs one TP8 replica's KV
  });

  it('keeps a pool without the new fields exactly as before', () => {
    const f = fleet('deepseek-r1-tp8.yaml');
    if (!f.ok) throw new Error(JSON.stringify(f.problems));
    const pod = f.config.pools[0].pod;
    expect([pod.maxNumSeqs, pod.maxNumBatchedTokens, pod.longPrefillTokenThreshold, pod.numGpuBlocks]).toEqual([1024, 8192, 0, 10_580]);
  });

  it('refuses a layout whose weights do not fit as an input problem at the pool', () => {
    const f = fleet('deepseek-r1-wide-ep.yaml', 'cluster.pools.0.accelerator=h100-sxm', 'cluster.pools.0.precision=bf16');
    expect(f.ok).toBe(false);
    if (!f.ok) {
      expect(f.problems).toEqual([
        {
          code: 'invalid_value',
          path: ['cluster', 'pools', 0],
          message:
            'this layout does not fit in memory: weights take 108.01 GiB per rank (routed experts 76.13 + the rest 31.88), more than ' +
            'gpuMemoryUtilization × HBM = 0.92 × 79.19 = 72.85 GiB (deepseek-r1 bf16 on h100-sxm, TP1 × DP16, EP16 over 2 nodes). ' +
            'To fit it, use more GPUs per replica, or use a lower precision, or use a larger accelerator',
        },
      ]);
    }
  });
});

describe('buildSimConfig with the V0 scheduler', () => {
  const text = (engine: string) => `
name: v0
model: llama-3.1-8b
stop: { requests: 10 }
cluster: { pools: [ { name: p, accelerator: h100-sxm, engine: ${engine} } ] }
workload: { arrival: { process: poisson, rate: 1 }, prompt: { dist: fixed, value: 100 }, output: { dist: fixed, value: 10 } }
`;
  const build = (engine: string) => {
    const loaded = loadScenarioText(text(engine), 'v0.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    return buildSimConfig(loaded.scenario);
  };

  /** 64 decodes at 1,000 tokens of context: the sync pool's step and the async pool's, same GPU time. */
  const expectSyncVsAsync = (sync: ReturnType<typeof build>, async: ReturnType<typeof build>) => {
    if (!sync.ok || !async.ok) throw new Error('expected both to build');
    const decode = { numTokens: 64, numSeqs: 64, numSampled: 64, attnQkPairs: 64 * 1000, kvReadTokens: 64 * 1000, uniformDecode: true, numDecodes: 64, decodeKvReadTokens: 64 * 1000 };
    const a = sync.config.pools[0].stepModel.breakdown(decode);
    const b = async.config.pools[0].stepModel.breakdown(decode);
    expect(a.gpuSeconds).toBeCloseTo(b.gpuSeconds, 12);
    expect(a.stepSeconds).toBeCloseTo(a.gpuSeconds + a.cpuSeconds + 20e-6, 12);
    expect(b.stepSeconds).toBeCloseTo(Math.max(b.gpuSeconds, b.cpuSeconds) + 20e-6, 12);
    return a.stepSeconds - b.stepSeconds;
  };

  it('hands the pod the V0 policy and prices its steps synchronously (CPU after GPU)', () => {
    const v0 = build('{ scheduler: v0, maxModelLen: 4096, prefillKvFreePercent: 31 }');
    const v1 = build('{ maxModelLen: 4096, maxNumBatchedTokens: 4096, maxNumSeqs: 256, gpuMemoryUtilization: 0.9 }');
    if (!v0.ok || !v1.ok) throw new Error('expected both to build');
    expect(v0.config.pools[0].pod).toMatchObject({ scheduler: 'v0', prefillKvFreePercent: 31, maxNumSeqs: 256, maxNumBatchedTokens: 4096 });
    expect(v1.config.pools[0].pod.scheduler).toBeUndefined();
    expectSyncVsAsync(v0, v1);
  });

  it('prices a V1 step synchronously (GPU + CPU) with asyncScheduling off, as vLLM before async scheduling did', () => {
    const sync = build('{ maxModelLen: 4096, maxNumBatchedTokens: 4096, maxNumSeqs: 256, gpuMemoryUtilization: 0.9, asyncScheduling: false }');
    const async = build('{ maxModelLen: 4096, maxNumBatchedTokens: 4096, maxNumSeqs: 256, gpuMemoryUtilization: 0.9, asyncScheduling: true }');
    if (sync.ok) expect(sync.config.pools[0].pod.scheduler).toBeUndefined(); // still V1's scheduler
    // CPU 0.3 ms + 64 × 4 µs = 0.556 ms (plus launches) adds to the GPU time instead of hiding under it.
    expect(expectSyncVsAsync(sync, async)).toBeGreaterThan(0.5e-3);
  });

  it("refuses a token budget smaller than the model's context when maxModelLen is left to it", () => {
    const f = build('{ scheduler: v0, maxNumBatchedTokens: 8192 }');
    expect(f.ok).toBe(false);
    if (!f.ok) {
      expect(f.problems).toEqual([
        {
          code: 'conflict',
          path: ['cluster', 'pools', 0, 'engine', 'maxNumBatchedTokens'],
          message: 'with scheduler v0 (no chunked prefill) maxNumBatchedTokens (8192) must be ≥ maxModelLen (131072), as vLLM V0 requires: raise it or lower engine.maxModelLen',
        },
      ]);
    }
  });
});

const deployment = (tp: number): Deployment => ({
  accelerator: getAccelerator('h100-sxm'),
  model: getModel('qwen3-32b'),
  tensorParallel: tp,
  precision: 'bf16',
  kvCacheDtype: 'auto',
});

describe('LWS group start-up', () => {
  it("prices image pull, this node's weight shards and engine init from the link catalogue", () => {
    const d = deployment(2);
    const weights = weightBytesPerRank(d.model, 'bf16', 2) * 2; // both ranks sit on one node
    // nvme 7 GB/s and eth-25g 3.125 GB/s, each at 80 %, plus their per-transfer latencies
    const expected = 10e9 / (3.125e9 * 0.8) + 50e-6 + weights / (7e9 * 0.8) + 90e-6 + 60;
    expect(startupSeconds({ imageGB: 10, imageLink: 'eth-25g', weightsLink: 'nvme', initSeconds: 60 }, d)).toBeCloseTo(expected, 9);
    // a cached image costs nothing
    expect(startupSeconds({ imageGB: 0, imageLink: 'eth-25g', weightsLink: 'nvme', initSeconds: 0 }, d)).toBeCloseTo(weights / 5.6e9 + 90e-6, 9);
  });
});
