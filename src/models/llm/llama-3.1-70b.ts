import type { ModelArchitecture } from './types.js';

/**
 * Llama 3.1 70B. The Hugging Face config.json of meta-llama/Llama-3.1-70B was not in the stored
 * sources; these are its well-known published values, cross-checked against two copies in public
 * code (a "llama31-70b" entry naming meta-llama/Llama-3.1-70B-Instruct, and a "llama3-70b" entry).
 * 70.55 B parameters.
 */
export const LLAMA_3_1_70B: ModelArchitecture = {
  id: 'llama-3.1-70b',
  displayName: 'Llama 3.1 70B',
  hfRepo: 'meta-llama/Llama-3.1-70B',
  numLayers: 80,
  hiddenSize: 8192,
  numHeads: 64,
  numKvHeads: 8,
  headDim: 128, // hidden_size / num_attention_heads
  intermediateSize: 28672,
  vocabSize: 128256,
  tieWordEmbeddings: false,
  maxPositionEmbeddings: 131072,
  sources: ['published config.json values of meta-llama/Llama-3.1-70B, cross-checked in two public code copies'],
};
