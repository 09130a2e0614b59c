import type { ModelArchitecture } from './types.js';

/**
 * Llama 3.1 405B (the MLPerf llama3.1-405b model). 405.85 B parameters (Hugging Face lists "406B").
 * Figures: the model-info table of oumi-ai/oumi configs/recipes/llama3_1/README.md @2f028873,
 * which transcribes meta-llama/Llama-3.1-405B's config.json. Meta's pre-release checkpoint had 16 KV
 * heads (it shows in some TensorRT-LLM configs); the published one has 8.
 */
export const LLAMA_3_1_405B: ModelArchitecture = {
  id: 'llama-3.1-405b',
  displayName: 'Llama 3.1 405B',
  hfRepo: 'meta-llama/Llama-3.1-405B',
  numLayers: 126,
  hiddenSize: 16384,
  numHeads: 128,
  numKvHeads: 8,
  headDim: 128, // hidden_size / num_attention_heads
  intermediateSize: 53248,
  vocabSize: 128256,
  tieWordEmbeddings: false,
  maxPositionEmbeddings: 131072,
  sources: ['oumi-ai/oumi configs/recipes/llama3_1/README.md @2f028873 (config.json of meta-llama/Llama-3.1-405B)'],
};
