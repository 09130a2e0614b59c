import { describe, expect, it } from 'vitest';
import { getModel } from '../../../src/models/llm/catalog.js';
import {
  activeParamCount,
  countParams,
  paramCount,
  weightBytes,
  routedExpertBytes,
  weightBytesPerRank,
} from '../../../src/models/llm/params.js';

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

describe('parameter count of MoE and MLA models', () => {
  it('counts Mixtral 8x7B by hand: 46,702,792,704 total (as its safetensors), 12,879,925,248 active', () => {
    // embedding = LM head = 32000 × 4096 = 131,072,000
    // per layer: attention q 16,777,216 + k,v 8,388,608 + o 16,777,216 = 41,943,040
    //   experts 8 × 3 × 4096 × 14336 = 8 × 176,160,768 = 1,409,286,144; router 4096 × 8 = 32,768; norms 8,192
    //   → 1,451,270,144; × 32 = 46,440,644,608; + 2 × 131,072,000 + final norm 4,096 = 46,702,792,704
    // active: 6 idle experts per layer: 46,702,792,704 − 32 × 6 × 176,160,768 = 12,879,925,248 (≈ 12.9 B)
    const p = countParams(getModel('mixtral-8x7b'));
    expect(p.expertParams).toBe(176_160_768);
    expect([p.numDenseLayers, p.numMoeLayers, p.routerPerLayer]).toEqual([0, 32, 32_768]);
    expect(p.total).toBe(46_702_792_704);
    expect(p.active).toBe(12_879_925_248);
    expect(activeParamCount(getModel('mixtral-8x7b'))).toBe(p.active);
  });

  it('counts DeepSeek-R1 by hand: 671,026,404,352 total, 37,552,282,624 active', () => {
    // MLA per layer: q_a 7168 × 1536 = 11,010,048; q_b 1536 × 128 × 192 = 37,748,736;
    //   kv_a 7168 × 576 = 4,128,768; kv_b 512 × 128 × 256 = 16,777,216 → 69,664,768
    //   o 128 × 128 × 7168 = 117,440,512; norms 2 × 7168 + 1536 + 512 = 16,384
    // dense layer: + MLP 3 × 7168 × 18432 = 396,361,728 → 583,483,392
    // MoE layer: + 256 experts × 44,040,192 (3 × 7168 × 2048) = 11,274,289,152, shared 44,040,192,
    //   router 7168 × 256 = 1,835,008 → 11,507,286,016
    // total = 3 × 583,483,392 + 58 × 11,507,286,016 + 2 × 129280 × 7168 + 7168 = 671,026,404,352
    // active = total − 58 × 248 idle experts × 44,040,192 = 37,552,282,624 (DeepSeek: 671 B / 37 B)
    const p = countParams(getModel('deepseek-r1'));
    expect(p.qkvPerLayer + p.oPerLayer).toBe(69_664_768 + 117_440_512);
    expect(p.normsPerLayer).toBe(16_384);
    expect([p.numDenseLayers, p.numMoeLayers]).toEqual([3, 58]);
    expect(p.total).toBe(671_026_404_352);
    expect(p.active).toBe(37_552_282_624);
  });

  it('counts the new dense models: Llama 3.1 405B 405.85 B, Llama 3.3 70B 70.55 B, Qwen3-8B 8.19 B', () => {
    // 405B per layer: q 268,435,456 + k,v 33,554,432 + o 268,435,456 + MLP 2,617,245,696 + norms 32,768
    //   = 3,187,703,808; × 126 + 2 × 128256 × 16384 + 16384 = 405,853,388,800
    expect(paramCount(getModel('llama-3.1-405b'))).toBe(405_853_388_800);
    expect(paramCount(getModel('llama-3.3-70b'))).toBe(70_553_706_496);
    // Qwen3-8B per layer 192,946,432 (q/k norms 256 included); × 36 + 2 × 622,329,856 + 4096
    expect(paramCount(getModel('qwen3-8b'))).toBe(8_190_735_360);
    expect(activeParamCount(getModel('qwen3-8b'))).toBe(8_190_735_360);
  });

  it('keeps MoE routers bf16 and charges every rank the replicated MLA down-projections and routers', () => {
    const m = getModel('deepseek-r1');
    const p = countParams(m);
    // replicated: 61 × (11,010,048 + 4,128,768) = 923,467,776 linear; 58 × 1,835,008 = 106,430,464 router
    expect([p.replicatedLinear, p.replicatedRouter]).toEqual([923_467_776, 106_430_464]);
    const total = weightBytes(m, 'fp8');
    expect(total).toBe(p.linearTotal + 2 * (p.total - p.linearTotal));
    const replicated = 923_467_776 + 2 * 106_430_464;
    expect(weightBytesPerRank(m, 'fp8', 8)).toBeCloseTo((total - replicated) / 8 + replicated, 3);
    // a dense model has nothing replicated: exactly weightBytes ÷ TP
    expect(weightBytesPerRank(getModel('llama-3.1-70b'), 'fp8', 2)).toBe(weightBytes(getModel('llama-3.1-70b'), 'fp8') / 2);
  });

  it('gives an expert-parallel rank its whole experts and the TP shard of everything else', () => {
    const m = getModel('deepseek-r1');
    // routed experts: 58 MoE layers × 256 × 3 × 7168 × 2048 = 653,908,770,816 parameters, 1 byte at fp8
    expect(routedExpertBytes(m, 'fp8')).toBe(653_908_770_816);
    const rest = weightBytes(m, 'fp8') - 653_908_770_816;
    // EP16 at TP1: everything but the routed experts whole, plus 16 experts per layer (1/16 of them)
    expect(weightBytesPerRank(m, 'fp8', 1, 16)).toBeCloseTo(rest + 653_908_770_816 / 16, 3);
    // TP2 × DP8: the rest sharded 2 ways (but the replicated layers), 16 whole experts per layer
    const replicated = 923_467_776 + 2 * 106_430_464;
    expect(weightBytesPerRank(m, 'fp8', 2, 16)).toBeCloseTo((rest - replicated) / 2 + replicated + 653_908_770_816 / 16, 3);
    // a dense model ignores the expert count
    expect(weightBytesPerRank(getModel('llama-3.1-70b'), 'fp8', 2, 4)).toBe(weightBytes(getModel('llama-3.1-70b'), 'fp8') / 2);
  });
});
