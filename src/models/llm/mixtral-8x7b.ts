import type { ModelArchitecture } from './types.js';

/**
 * Mixtral 8x7B (the MLPerf mixtral-8x7b model): Mistral-7B's attention with a top-2-of-8 MoE in
 * every layer, no shared expert. 46.70 B parameters, 12.88 B active per token (Mistral: "46.7B
 * total, 12.9B active"). Figures from the Hugging Face config.json of mistralai/Mixtral-8x7B-v0.1,
 * read here from a verbatim copy (zkkython/llmsim hf_config/mistralai__Mixtral-8x7B-v0.1.json
 * @39d00255).
 */
export const MIXTRAL_8X7B: ModelArchitecture = {
  id: 'mixtral-8x7b',
  displayName: 'Mixtral 8x7B',
  hfRepo: 'mistralai/Mixtral-8x7B-v0.1',
  numLayers: 32,
  hiddenSize: 4096,
  numHeads: 32,
  numKvHeads: 8,
  headDim: 128, // head_dim null: hidden_size / num_attention_heads
  intermediateSize: 14336, // intermediate_size; Mixtral has no dense layer, so this is the expert's
  vocabSize: 32000,
  tieWordEmbeddings: false,
  maxPositionEmbeddings: 32768,
  moe: {
    numExperts: 8, // num_local_experts
    numExpertsPerTok: 2, // num_experts_per_tok
    moeIntermediateSize: 14336, // each expert is an intermediate_size-wide gated MLP
    numSharedExperts: 0,
    firstDenseLayers: 0,
  },
  sources: [
    'config.json of mistralai/Mixtral-8x7B-v0.1, verbatim in zkkython/llmsim ' +
      'hf_config/mistralai__Mixtral-8x7B-v0.1.json @39d00255',
    'totals 46.7 B / 12.9 B active: Mixtral model card, as in Azure/azureml-assets ' +
      'assets/models/system/mistralai-Mixtral-8x7B-Instruct-v01/description.md',
  ],
};
