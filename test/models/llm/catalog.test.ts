import { describe, expect, it } from 'vitest';
import { MODELS, getModel } from '../../../src/models/llm/catalog.js';

describe('model catalogue', () => {
  it('holds the four models, each under its own id', () => {
    expect(Object.keys(MODELS).sort()).toEqual(['llama-2-70b', 'llama-3.1-70b', 'llama-3.1-8b', 'qwen3-32b']);
    for (const [id, m] of Object.entries(MODELS)) expect(m.id).toBe(id);
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
