import { describe, expect, it } from 'vitest';
import { createMlaLayerCost } from '../../../src/models/perf/mla.js';
import { createRates } from '../../../src/models/perf/roofline.js';
import { createStepTimeModel, type BatchShape } from '../../../src/models/perf/step-time.js';
import { decodeBatch, deployment, prefillBatch } from '../builders.js';

const F8 = 1979e12 * 0.709; // H100 fp8 GEMMs
const F = 989e12 * 0.803; // bf16 GEMMs: the absorbed W_UK / W_UV
const F_MLA = 989e12 * 0.667; // FlashMLA's absorbed decode attention (660 of 989 TFLOP/s on H800)
const F_ATT = 989e12 * 0.609; // FlashAttention-3 causal prefill: the expanded path's attention
const B = 3.35e12 * 0.8;
const FLOOR = 2e-6;

// DeepSeek-R1 fp8 weights, bf16 KV, TP8 on H100: 16 heads per rank, kv_lora 512, rope 64, nope 128, v 128.
const d = deployment({ model: 'deepseek-r1', tensorParallel: 8, precision: 'fp8' });
const mla = createMlaLayerCost(d, createRates(d, FLOOR));

describe('one MLA layer by hand', () => {
  it('decodes on the latent: 64 sequences reading 4096 cached tokens each', () => {
    // W_UK: 64 × 2 × 16 × 128 × 512 FLOPs; bytes 16 × 128 × 512 × 2 + 64 × 2 × 16 × (128 + 512)
    //   = 3,407,872 → 1.27 µs → floor. W_UV the same size → floor.
    // latent attention: 262,144 pairs × 2 × 16 × (2 × 512 + 64) = 9,126,805,504 FLOPs → 11.5 µs;
    //   bytes 262,144 × 576 × 2 = 301,989,888 latent + 64 × 2 × 16 × 1088 = 2,228,224 → 113.5 µs
    // RoPE and latent write: 64 × (2 × 2 × (16 × 64 + 64) + 576 × 4) = 425,984 bytes → 2 floors
    const expected = FLOOR + Math.max(9_126_805_504 / F_MLA, 304_218_112 / B) + FLOOR + 2 * FLOOR;
    expect(mla.attention(64, 64, 262_144, 262_144, 0, 0, 0)).toBeCloseTo(expected, 15);
    expect(expected).toBeCloseTo(121.5e-6, 7);
  });

  it('prefills on the expanded path: 1024 new tokens, kv_b_proj then plain attention', () => {
    // kv_b_proj: 1024 × 2 × 512 × 16 × 256 = 4,294,967,296 FLOPs (fp8) → 3.06 µs; bytes 512 × 16 × 256
    //   + 1024 × (512 × 2 + 2 × 16 × 256) = 11,534,336 → 4.30 µs
    // attention at the FA3 rate: 524,800 pairs × 2 × 16 × 320 = 5,373,952,000 FLOPs → 8.92 µs; bytes
    //   1024 × 2 × 16 × 320 + 1024 × 2 × (16 × 192 + 16 × 128) = 20,971,520 → 7.83 µs
    // RoPE and latent write: 1024 × 6,656 = 6,815,744 bytes = 2.54 µs → 2 floors
    const expected =
      2 * FLOOR + Math.max(4_294_967_296 / F8, 11_534_336 / B) + Math.max(5_373_952_000 / F_ATT, 20_971_520 / B);
    expect(mla.attention(1024, 0, 0, 0, 1024, 524_800, 1024)).toBeCloseTo(expected, 15);
    expect(expected).toBeCloseTo(2 * FLOOR + 4.30e-6 + 8.92e-6, 7);
  });

  it('runs a compute-bound decode at FlashMLA\'s measured rate: 128 heads, 128 sequences of 2048 (H200, TP1)', () => {
    // V50's H200 step per DP rank: all 128 query heads on one rank, bf16 latent cache.
    // latent attention: 262,144 pairs × 2 × 128 × (2 × 512 + 64) = 73,014,444,032 FLOPs
    //   ÷ (989e12 × 0.667 = 659.663e12) = 110.68 µs; bytes 262,144 × 576 × 2 = 301,989,888 + 128 × 2 × 128
    //   × 1088 = 35,651,584 → 337,641,472 ÷ (4.8e12 × 0.8) = 87.93 µs: compute-bound.
    // W_UK and W_UV: 128 × 2 × 128 × 128 × 512 = 2,147,483,648 FLOPs → 2.70 µs at the bf16 GEMM rate;
    //   bytes 128 × 128 × 512 × 2 + 128 × 2 × 128 × (128 + 512) = 37,748,736 → 9.83 µs each. Sum 134.35 µs.
    // RoPE and latent write: 128 × (2 × 2 × (128 × 64 + 64) + 576 × 4) = 4,489,216 bytes = 1.17 µs → 2 floors
    const h200 = deployment({ accelerator: 'h200-sxm', model: 'deepseek-r1', precision: 'fp8' });
    const cost = createMlaLayerCost(h200, createRates(h200, FLOOR));
    const hbm = 4.8e12 * 0.8;
    const expected = 2 * FLOOR + 2 * (37_748_736 / hbm) + 73_014_444_032 / (989e12 * 0.667);
    expect(cost.attention(128, 128, 262_144, 262_144, 0, 0, 0)).toBeCloseTo(expected, 15);
    expect(expected).toBeCloseTo(134.35e-6, 7);
    // At the bf16 GEMM rate (0.803) the same attention took 91.94 µs: 20 % less.
    expect(73_014_444_032 / (989e12 * 0.803)).toBeCloseTo(91.94e-6, 7);
  });

  it('projects q and the latent with one fused replicated GEMM, two norms and q_b', () => {
    // fused q_a + kv_a: 7168 × (1536 + 512 + 64) × 1 = 15,138,816 weights + 64 × 2 × (7168 + 2112)
    //   = 16,326,656 bytes → 6.09 µs; norms 64 × 2 × 2 × 2048 bytes → 2 floors;
    // q_b: 1536 × 16 × 192 × 1 + 64 × 2 × (1536 + 3072) = 5,308,416 bytes = 1.98 µs → floor
    expect(mla.proj(64)).toBeCloseTo(16_326_656 / B + 2 * FLOOR + FLOOR, 15);
  });

  it('charges the absorbed path more FLOPs per pair and the expanded path more bytes per context token', () => {
    // A compute-bound case: one long prefill of 16k tokens on each path.
    const pairs = (16_384 * 16_385) / 2;
    const absorbed = mla.attention(16_384, 16_384, pairs, 16_384, 0, 0, 0);
    const expanded = mla.attention(16_384, 0, 0, 0, 16_384, pairs, 16_384);
    expect(absorbed / expanded).toBeGreaterThan(3); // 1088 vs 320 FLOPs per head and pair
    // A bandwidth-bound case: one decode over a 64k context.
    expect(mla.attention(1, 1, 65_536, 65_536, 0, 0, 0)).toBeLessThan(mla.attention(1, 0, 0, 0, 1, 65_536, 65_536));
  });

  it('refuses a GQA model', () => {
    expect(() => createMlaLayerCost(deployment(), createRates(deployment(), FLOOR))).toThrow(/has no MLA/);
  });
});

describe('MLA layers in the step-time model', () => {
  it('runs DeepSeek-R1 decodes on the absorbed path and a lone prefill on the expanded one', () => {
    const d = deployment({ accelerator: 'h200-sxm', model: 'deepseek-r1', tensorParallel: 8, precision: 'fp8' });
    const mla = createMlaLayerCost(d, createRates(d, 2e-6));
    const model = createStepTimeModel(d);
    expect(model.breakdown(decodeBatch(64, 4095)).attentionSeconds).toBeCloseTo(
      61 * mla.attention(64, 64, 64 * 4096, 64 * 4096, 0, 0, 0),
      15,
    );
    const pre = prefillBatch(2048, 1000);
    const expanded = mla.attention(2048, 0, 0, 0, 2048, pre.attnQkPairs, 3048);
    expect(model.breakdown(pre).attentionSeconds).toBeCloseTo(61 * expanded, 15);
    expect(model.breakdown(decodeBatch(64, 4095)).qkvProjSeconds).toBeCloseTo(61 * mla.proj(64), 15);
  });

  it('splits a mixed MLA batch when told which sequences decode', () => {
    // 63 decodes at context 2000 and one 1000-token chunk after 3000 cached tokens
    const d = deployment({ accelerator: 'h200-sxm', model: 'deepseek-r1', tensorParallel: 8, precision: 'fp8' });
    const mla = createMlaLayerCost(d, createRates(d, 2e-6));
    const chunk = prefillBatch(1000, 3000);
    const dec = decodeBatch(63, 2000);
    const mixed: BatchShape = {
      numTokens: 1063,
      numSeqs: 64,
      numSampled: 64,
      attnQkPairs: dec.attnQkPairs + chunk.attnQkPairs,
      kvReadTokens: dec.kvReadTokens + chunk.kvReadTokens,
      uniformDecode: false,
      numDecodes: 63,
      decodeKvReadTokens: dec.kvReadTokens,
    };
    const expected = mla.attention(1063, 63, dec.kvReadTokens, dec.kvReadTokens, 1000, chunk.attnQkPairs, 4000);
    const model = createStepTimeModel(d);
    expect(model.breakdown(mixed).attentionSeconds).toBeCloseTo(61 * expected, 15);
    // without the split the whole batch takes the absorbed path, dearer for the chunk's FLOPs
    const { numDecodes: _n, decodeKvReadTokens: _k, ...unsplit } = mixed;
    expect(model.breakdown(unsplit).attentionSeconds).toBeGreaterThan(model.breakdown(mixed).attentionSeconds);
  });
});

