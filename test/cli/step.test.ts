import { describe, expect, it } from 'vitest';
import { cli } from '../e2e/helpers.js';

const SCENARIO = 'scenarios/llm-d-optimized-baseline.yaml';

interface StepJson {
  context: number;
  pools: { pool: string; kvMaxBatch: number; rows: { batch: number; decodeTokensPerSec: number; kvUse: number; breakdown: { stepSeconds: number; attentionSeconds: number; graphMode: string } }[] }[];
}

describe('fleetsim step', () => {
  it('prices decode steps per batch with the time per op (Qwen3-32B, TP2 H100)', async () => {
    const r = await cli('step', SCENARIO, '--batch', '1,16,39', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as StepJson;
    // Default context: the 7,200-token prompt + half the 1,000 output tokens.
    expect(j.context).toBe(7700);
    const [pool] = j.pools;
    expect(pool.pool).toBe('vllm');
    expect(pool.rows.map((x) => x.batch)).toEqual([1, 16, 39]);
    const [b1, b16, b39] = pool.rows;
    // Decode attention reads every sequence's 7,700 tokens of KV: it grows with the batch, the weights
    // do not. A lone sequence's 15 MiB read is latency-bound on Hopper's measured curve, 16 of them
    // (241 MiB) stream at ~0.65 of peak, so 16× the bytes take ~5× the time.
    expect(b16.breakdown.attentionSeconds / b1.breakdown.attentionSeconds).toBeGreaterThan(4);
    expect(b16.breakdown.attentionSeconds / b1.breakdown.attentionSeconds).toBeLessThan(8);
    expect(b39.breakdown.stepSeconds).toBeGreaterThan(b16.breakdown.stepSeconds);
    expect(b39.decodeTokensPerSec).toBeGreaterThan(b16.decodeTokensPerSec);
    expect(b1.breakdown.graphMode).toBe('full');
    // 39 unshared decodes of 7,701 tokens is what the pod's KV cache seats.
    expect(pool.kvMaxBatch).toBe(39);
    expect(b39.kvUse).toBeGreaterThan(0.95);
    expect(b39.kvUse).toBeLessThanOrEqual(1);
  });

  it('prints a table per pool, and a prefill chunk after a cached prefix lengthens the step', async () => {
    const plain = await cli('step', SCENARIO, '--batch', '8');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('pool vllm: h100-sxm bf16 TP2, vllm');
    expect(plain.stdout).toMatch(/batch\s+step ms\s+decode tok\/s/);
    const mixed = JSON.parse((await cli('step', SCENARIO, '--batch', '8', '--prefill', '1200', '--prefill-cached', '6000', '--json')).stdout) as StepJson;
    const decode = JSON.parse((await cli('step', SCENARIO, '--batch', '8', '--json')).stdout) as StepJson;
    expect(mixed.pools[0].rows[0].breakdown.graphMode).not.toBe('full');
    expect(mixed.pools[0].rows[0].breakdown.stepSeconds).toBeGreaterThan(2 * decode.pools[0].rows[0].breakdown.stepSeconds);
  });

  it('prices every pool of a P/D fleet, or only the one --pool names', async () => {
    const both = JSON.parse((await cli('step', 'scenarios/pd-70b.yaml', '--batch', '1', '--json')).stdout) as StepJson;
    expect(both.pools.map((p) => p.pool)).toEqual(['prefill', 'decode']);
    // A TP2 prefill rank holds twice the weights a TP4 decode rank does: its batch-1 step is longer.
    expect(both.pools[0].rows[0].breakdown.stepSeconds).toBeGreaterThan(both.pools[1].rows[0].breakdown.stepSeconds);
    const one = JSON.parse((await cli('step', 'scenarios/pd-70b.yaml', '--pool', 'decode', '--batch', '1', '--json')).stdout) as StepJson;
    expect(one.pools.map((p) => p.pool)).toEqual(['decode']);
    expect(one.pools[0].rows[0].breakdown.stepSeconds).toBe(both.pools[1].rows[0].breakdown.stepSeconds);
  });

  it('rejects bad flags with exit 2 and a message naming them', async () => {
    const zero = await cli('step', SCENARIO, '--batch', '0');
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--batch must be a positive integer, got 0');
    const pool = await cli('step', SCENARIO, '--pool', 'nope');
    expect(pool.code).toBe(2);
    expect(pool.stderr).toContain('no pool named `nope`');
    expect(pool.stderr).toContain('pools: vllm');
    expect((await cli('step', SCENARIO, '--prefill-cached', '10')).code).toBe(2);
    const big = await cli('step', SCENARIO, '--prefill', '100000');
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('maxNumBatchedTokens');
    expect((await cli('step', SCENARIO, '--set', 'cluster.pools.0.tensorParalel=2')).code).toBe(2);
  });
});
