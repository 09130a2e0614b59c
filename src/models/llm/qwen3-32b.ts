import type { ModelArchitecture } from './types.js';

/**
 * Qwen3-32B (dense). Figures from the Hugging Face config.json of Qwen/Qwen3-32B, read here from a
 * verbatim copy (citsjtu2020/LLM-Prof sglang/Model_Config.md @8434c8d1): 32.76 B parameters.
 */
export const QWEN3_32B: ModelArchitecture = {
  id: 'qwen3-32b',
  displayName: 'Qwen3-32B',
  hfRepo: 'Qwen/Qwen3-32B',
  numLayers: 64,
  hiddenSize: 5120,
  numHeads: 64, // 64 x 128 = 8192 query width, wider than hidden_size
  numKvHeads: 8,
  headDim: 128, // explicit head_dim in the config
  intermediateSize: 25600,
  vocabSize: 151936,
  tieWordEmbeddings: false,
  maxPositionEmbeddings: 40960,
  qkNorm: true, // Qwen3 applies RMSNorm to each q and k head
  sources: ['config.json of Qwen/Qwen3-32B, verbatim in citsjtu2020/LLM-Prof sglang/Model_Config.md @8434c8d1'],
};
