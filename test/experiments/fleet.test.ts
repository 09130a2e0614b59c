import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSimConfig } from '../../src/experiments/fleet.js';
import { loadScenarioFile } from '../../src/scenario/load.js';

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
