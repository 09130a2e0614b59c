import { describe, expect, it } from 'vitest';
import { MODELS, getModel } from '../../../src/models/llm/catalog.js';

describe('model catalogue', () => {
  it('holds the nine models, each under its own id, each with its sources', () => {
    const ids = ['deepseek-r1', 'llama-2-70b', 'llama-3.1-405b', 'llama-3.1-70b', 'llama-3.1-8b', 'llama-3.3-70b'];
    ids.push('mixtral-8x7b', 'qwen3-32b', 'qwen3-8b');
    expect(Object.keys(MODELS).sort()).toEqual(ids);
    for (const [id, m] of Object.entries(MODELS)) {
      expect(m.id).toBe(id);
      expect(m.sources?.length).toBeGreaterThan(0);
      for (const n of [m.numLayers, m.hiddenSize, m.numHeads, m.headDim, m.intermediateSize, m.vocabSize]) {
        expect(Number.isInteger(n) && n > 0).toBe(true);
      }
    }
  });

  it('keeps dense models free of MoE and MLA fields', () => {
    for (const id of ['llama-2-70b', 'llama-3.1-405b', 'llama-3.1-70b', 'llama-3.1-8b', 'llama-3.3-70b', 'qwen3-8b']) {
      expect(getModel(id).moe).toBeUndefined();
      expect(getModel(id).mla).toBeUndefined();
    }
  });

  it('copies Mixtral 8x7B from its config.json: 8 experts, top 2, 14336 wide, no shared expert', () => {
    expect(getModel('mixtral-8x7b')).toMatchObject({
      numLayers: 32,
      hiddenSize: 4096,
      numHeads: 32,
      numKvHeads: 8,
      vocabSize: 32000,
      maxPositionEmbeddings: 32768,
      moe: { numExperts: 8, numExpertsPerTok: 2, moeIntermediateSize: 14336, numSharedExperts: 0, firstDenseLayers: 0 },
    });
    expect(getModel('mixtral-8x7b').mla).toBeUndefined();
  });

  it('copies DeepSeek-R1 from its config.json: MLA, 256 experts top 8, 1 shared, 3 dense layers', () => {
    expect(getModel('deepseek-r1')).toMatchObject({
      numLayers: 61,
      hiddenSize: 7168,
      numHeads: 128,
      intermediateSize: 18432,
      vocabSize: 129280,
      tieWordEmbeddings: false,
      moe: { numExperts: 256, numExpertsPerTok: 8, moeIntermediateSize: 2048, numSharedExperts: 1, firstDenseLayers: 3 },
      mla: { kvLoraRank: 512, qLoraRank: 1536, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 },
    });
  });

  it('gives Llama 3.3 70B the Llama 3.1 70B shapes, and Llama 3.1 405B 126 layers of 16384', () => {
    const shape = (id: string) => {
      const { numLayers, hiddenSize, numHeads, numKvHeads, headDim, intermediateSize, vocabSize } = getModel(id);
      return [numLayers, hiddenSize, numHeads, numKvHeads, headDim, intermediateSize, vocabSize];
    };
    expect(shape('llama-3.3-70b')).toEqual(shape('llama-3.1-70b'));
    expect(getModel('llama-3.1-405b')).toMatchObject({ numLayers: 126, hiddenSize: 16384, numHeads: 128, numKvHeads: 8 });
    expect(getModel('llama-3.1-405b').intermediateSize).toBe(53248);
    expect(getModel('qwen3-8b')).toMatchObject({ numLayers: 36, intermediateSize: 12288, headDim: 128, qkNorm: true });
  });

  it('copies Qwen3-32B from its config.json', () => {
    expect(getModel('qwen3-32b')).toMatchObject({
      numLayers: 64,
      hiddenSize: 5120,
      numHeads: 64,
      numKvHeads: 8,
      headDim: 128,
      intermediateSize: 25600,
      vocabSize: 151936,
      tieWordEmbeddings: false,
      maxPositionEmbeddings: 40960,
      qkNorm: true,
    });
  });

  it('gives every model whole query and KV head groups', () => {
    for (const m of Object.values(MODELS)) expect(m.numHeads % m.numKvHeads).toBe(0);
  });

  it('throws on an unknown id', () => {
    expect(() => getModel('gpt-5')).toThrow(/unknown model id 'gpt-5'/);
  });
});
