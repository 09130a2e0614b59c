import type { ModelArchitecture } from './types.js';

/**
 * Llama 3.3 70B Instruct: the Llama 3.1 70B body (same config.json shapes), retrained.
 * 70.55 B parameters. Figures: the model-info table of oumi-ai/oumi
 * configs/recipes/llama3_3/README.md @bd18cd68, which transcribes meta-llama/Llama-3.3-70B-Instruct's
 * config.json (hidden 8192, 80 layers, 64/8 heads, intermediate 28672, vocab 128256, untied, 131072).
 */
export const LLAMA_3_3_70B: ModelArchitecture = {
  id: 'llama-3.3-70b',
  displayName: 'Llama 3.3 70B Instruct',
  hfRepo: 'meta-llama/Llama-3.3-70B-Instruct',
  numLayers: 80,
  hiddenSize: 8192,
  numHeads: 64,
  numKvHeads: 8,
  headDim: 128, // hidden_size / num_attention_heads (no head_dim key)
  intermediateSize: 28672,
  vocabSize: 128256,
  tieWordEmbeddings: false,
  maxPositionEmbeddings: 131072,
  sources: [
    'oumi-ai/oumi configs/recipes/llama3_3/README.md @bd18cd68 (config.json of meta-llama/Llama-3.3-70B-Instruct)',
  ],
};
