import { describe, expect, it } from 'vitest';
import { createMlaLayerCost } from '../../../src/models/perf/mla.js';
import { createRates } from '../../../src/models/perf/roofline.js';
import { createStepTimeModel, type BatchShape } from '../../../src/models/perf/step-time.js';
import { decodeBatch, deployment, prefillBatch } from '../builders.js';

const F8 = 1979e12 * 0.709; // H100 fp8 GEMMs
const F = 989e12 * 0.803; // bf16: attention and the absorbed W_UK / W_UV
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
    const expected = FLOOR + Math.max(9_126_805_504 / F, 304_218_112 / B) + FLOOR + 2 * FLOOR;
    expect(mla.attention(64, 64, 262_144, 262_144, 0, 0, 0)).toBeCloseTo(expected, 15);
    expect(expected).toBeCloseTo(121.5e-6, 7);
  });

  it('prefills on the expanded path: 1024 new tokens, kv_b_proj then plain attention', () => {
    // kv_b_proj: 1024 × 2 × 512 × 16 × 256 = 4,294,967,296 FLOPs (fp8) → 3.06 µs; bytes 512 × 16 × 256
    //   + 1024 × (512 × 2 + 2 × 16 × 256) = 11,534,336 → 4.30 µs
    // attention: 524,800 pairs × 2 × 16 × 320 = 5,373,952,000 FLOPs → 6.77 µs; bytes 1024 × 2 × 16 × 320
    //   + 1024 × 2 × (16 × 192 + 16 × 128) = 20,971,520 → 7.83 µs
    // RoPE and latent write: 1024 × 6,656 = 6,815,744 bytes = 2.54 µs → 2 floors
    const expected =
      2 * FLOOR + Math.max(4_294_967_296 / F8, 11_534_336 / B) + Math.max(5_373_952_000 / F, 20_971_520 / B);
    expect(mla.attention(1024, 0, 0, 0, 1024, 524_800, 1024)).toBeCloseTo(expected, 15);
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

