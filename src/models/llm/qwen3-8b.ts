import type { ModelArchitecture } from './types.js';

/**
 * Qwen3-8B (dense). Figures from the Hugging Face config.json of Qwen/Qwen3-8B, read here from a
 * verbatim copy (citsjtu2020/LLM-Prof sglang/Model_Config.md @8434c8d1): 8.19 B parameters.
 */
export const QWEN3_8B: ModelArchitecture = {
  id: 'qwen3-8b',
  displayName: 'Qwen3-8B',
  hfRepo: 'Qwen/Qwen3-8B',
  numLayers: 36,
  hiddenSize: 4096,
  numHeads: 32,
  numKvHeads: 8,
  headDim: 128, // explicit head_dim in the config
  intermediateSize: 12288,
  vocabSize: 151936,
  tieWordEmbeddings: false,
  maxPositionEmbeddings: 40960,
  qkNorm: true, // Qwen3 applies RMSNorm to each q and k head
  sources: ['config.json of Qwen/Qwen3-8B, verbatim in citsjtu2020/LLM-Prof sglang/Model_Config.md @8434c8d1'],
};
