import { describe, expect, it } from 'vitest';
import { runFixture } from './helpers.js';

describe('physics sanity from `fleetsim run` on one-request scenarios', () => {
  it('Llama-3.1-8B BF16 on one H100: batch-1 decode ITL is 5–9 ms', async () => {
    const s = await runFixture('decode-8b-h100.yaml');
    expect(s.requests.completed).toBe(1);
    expect(s.itl.mean).toBeGreaterThan(0.005);
    expect(s.itl.mean).toBeLessThan(0.009);
    expect(s.tpot.mean).toBeCloseTo(s.itl.mean, 4);
  });

  it('Llama-3.1-70B TP8 prefill of 8192 tokens takes what the roofline at ~80 % compute efficiency gives', async () => {
    const s = await runFixture('prefill-70b-tp8.yaml');
    // Independent roofline: Llama-3.1-70B, 80 layers, hidden 8192, 64 heads × 128, 8 KV heads,
    // intermediate 28672, vocab 128256.
    const L = 80, h = 8192, hd = 128, nh = 64, nkv = 8, I = 28672, T = 8192;
    const linearFlops = 2 * T * L * (h * (nh + 2 * nkv) * hd + nh * hd * h + 3 * h * I);
    const attnFlops = 4 * L * nh * hd * (T * (T + 1)) / 2; // QKᵀ and PV, causal
    const lmHead = 2 * 1 * h * 128256;
    const compute = (linearFlops + attnFlops + lmHead) / (8 * 989e12 * 0.8);
    // Two all-reduces per layer (plus one after the embedding) of T × hidden bf16 activations,
    // ring over NVLink 4 (450 GB/s one way) at ~80 % bus efficiency.
    const allReduce = (2 * L + 1) * ((2 * 7) / 8) * (T * h * 2) / (450e9 * 0.8);
    const seconds = compute + allReduce;
    expect(s.ttft.mean).toBeGreaterThan(seconds * 0.8);
    expect(s.ttft.mean).toBeLessThan(seconds * 1.3);
  });

  it('a per-request scheduling latency adds exactly itself to TTFT and E2E', async () => {
    const base = await runFixture('decode-8b-h100.yaml');
    const slow = await runFixture('decode-8b-h100.yaml', '--set', 'router.schedulingLatency=0.25');
    expect(slow.ttft.mean - base.ttft.mean).toBeCloseTo(0.25, 8); // summary figures carry 9 significant digits
    expect(slow.e2e.mean - base.e2e.mean).toBeCloseTo(0.25, 8);
    expect(slow.tpot.mean).toBeCloseTo(base.tpot.mean, 9);
  });

  it('a prompt longer than maxNumBatchedTokens takes ⌈prompt ÷ budget⌉ prefill steps', async () => {
    // 8192 tokens with a 2048 budget: 4 steps; with output 1 the request ends with its first token.
    const s = await runFixture('prefill-70b-tp8.yaml', '--set', 'cluster.pools.0.engine.maxNumBatchedTokens=2048');
    expect(s.pods[0].steps).toBe(4);
    const s3000 = await runFixture('prefill-70b-tp8.yaml', '--set', 'cluster.pools.0.engine.maxNumBatchedTokens=3000');
    expect(s3000.pods[0].steps).toBe(Math.ceil(8192 / 3000));
  });
});
