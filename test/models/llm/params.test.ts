import { describe, expect, it } from 'vitest';
import { getModel } from '../../../src/models/llm/catalog.js';
import { countParams, paramCount, weightBytes } from '../../../src/models/llm/params.js';

describe('parameter count and weight bytes', () => {
  it('counts Llama-3.1-8B by hand: 8,030,261,248 parameters', () => {
    // embedding = LM head = 128256 × 4096 = 525,336,576
    // per layer: q 4096×4096 = 16,777,216; k + v 2 × 4096×1024 = 8,388,608; o 16,777,216;
    //   MLP 3 × 4096×14336 = 176,160,768; norms 2 × 4096 = 8,192  → 218,112,000
    // 32 layers = 6,979,584,000; + 2 × 525,336,576 + final norm 4,096 = 8,030,261,248
    const p = countParams(getModel('llama-3.1-8b'));
    expect(p.qkvPerLayer + p.oPerLayer + p.mlpPerLayer + p.normsPerLayer).toBe(218_112_000);
    expect(p.total).toBe(8_030_261_248);
    // bf16: × 2 = 16,060,522,496 bytes = 14.958 GiB (vLLM logs 14.99 GiB)
    expect(weightBytes(getModel('llama-3.1-8b'), 'bf16')).toBe(16_060_522_496);
  });

  it('counts Qwen3-32B by hand: 32,762,123,264 parameters, with q/k norms', () => {
    // embedding = LM head = 151936 × 5120 = 777,912,320
    // per layer: q 5120 × 8192 = 41,943,040; k + v 2 × 5120×1024 = 10,485,760; o 8192×5120 = 41,943,040;
    //   MLP 3 × 5120×25600 = 393,216,000; norms 2×5120 + q/k norms 2×128 = 10,496  → 487,598,336
    // 64 layers = 31,206,293,504; + 2 × 777,912,320 + final norm 5,120 = 32,762,123,264
    const m = getModel('qwen3-32b');
    expect(paramCount(m)).toBe(32_762_123_264);
    // bf16: 65,524,246,528 bytes = 61.02 GiB (vLLM logs 61.03 GiB)
    expect(weightBytes(m, 'bf16')).toBe(65_524_246_528);
  });

  it('gives the published totals of the 70B models', () => {
    expect(paramCount(getModel('llama-3.1-70b'))).toBe(70_553_706_496);
    expect(paramCount(getModel('llama-2-70b'))).toBe(68_976_648_192);
  });

  it('quantizes only the linear layers: embedding, LM head and norms stay bf16', () => {
    const m = getModel('llama-3.1-8b');
    const p = countParams(m);
    // fp8: 6,979,321,856 linear × 1 + (8,030,261,248 − 6,979,321,856) × 2 = 9,081,200,640
    expect(p.linearTotal).toBe(32 * (16_777_216 + 8_388_608 + 16_777_216 + 176_160_768));
    expect(weightBytes(m, 'fp8')).toBe(p.linearTotal + 2 * (p.total - p.linearTotal));
    expect(weightBytes(m, 'fp4')).toBe(p.linearTotal * 0.5 + 2 * (p.total - p.linearTotal));
  });

  it('drops the LM head when the embedding is tied', () => {
    const tied = { ...getModel('llama-3.1-8b'), tieWordEmbeddings: true };
    expect(paramCount(tied)).toBe(8_030_261_248 - 525_336_576);
  });
});
