import type { ModelArchitecture } from './types.js';

/**
 * Llama 3.1 8B. Figures from the Hugging Face config.json of meta-llama/Llama-3.1-8B, read here from
 * a verbatim copy (citsjtu2020/LLM-Prof sglang/Model_Config.md @8434c8d1): 8.03 B parameters.
 */
export const LLAMA_3_1_8B: ModelArchitecture = {
  id: 'llama-3.1-8b',
  displayName: 'Llama 3.1 8B',
  hfRepo: 'meta-llama/Llama-3.1-8B',
  numLayers: 32,
  hiddenSize: 4096,
  numHeads: 32,
  numKvHeads: 8,
  headDim: 128, // hidden_size / num_attention_heads (no head_dim key in this config)
  intermediateSize: 14336,
  vocabSize: 128256,
  tieWordEmbeddings: false,
  maxPositionEmbeddings: 131072,
  sources: ['config.json of meta-llama/Llama-3.1-8B, verbatim in citsjtu2020/LLM-Prof Model_Config.md @8434c8d1'],
};
