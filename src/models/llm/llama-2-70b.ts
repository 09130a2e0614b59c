import type { ModelArchitecture } from './types.js';

/**
 * Llama 2 70B (the MLPerf llama2-70b model). Figures from the Hugging Face config.json of
 * meta-llama/Llama-2-70b-hf, read here from a verbatim copy embedded in a public MFU test.
 * 68.98 B parameters (same body as Llama 3.1 70B, 32k vocabulary, 4k context).
 */
export const LLAMA_2_70B: ModelArchitecture = {
  id: 'llama-2-70b',
  displayName: 'Llama 2 70B',
  hfRepo: 'meta-llama/Llama-2-70b-hf',
  numLayers: 80,
  hiddenSize: 8192,
  numHeads: 64,
  numKvHeads: 8,
  headDim: 128, // hidden_size / num_attention_heads
  intermediateSize: 28672,
  vocabSize: 32000,
  tieWordEmbeddings: false,
  maxPositionEmbeddings: 4096,
  sources: ['config.json of meta-llama/Llama-2-70b-hf, verbatim in a public MFU test (see above)'],
};
