import type { ModelArchitecture } from './types.js';

/**
 * DeepSeek-R1 (the DeepSeek-V3 architecture): MLA attention and, after 3 dense layers, a MoE of
 * 256 routed experts (top 8) plus 1 shared expert. 671.03 B parameters, 37.55 B active per token
 * (DeepSeek: "671B total, 37B activated"). The multi-token-prediction layer
 * (num_nextn_predict_layers 1, ~14 B; HF's "685B" includes it) is not served by default and not
 * counted. Figures from the Hugging Face config.json of deepseek-ai/DeepSeek-R1, read here from a
 * verbatim copy (zkkython/llmsim hf_config/deepseek_671b_r1_config.json @188adb08).
 */
export const DEEPSEEK_R1: ModelArchitecture = {
  id: 'deepseek-r1',
  displayName: 'DeepSeek-R1',
  hfRepo: 'deepseek-ai/DeepSeek-R1',
  numLayers: 61,
  hiddenSize: 7168,
  numHeads: 128,
  numKvHeads: 128, // num_key_value_heads; MLA caches one shared latent instead (perf/memory.ts)
  headDim: 192, // no head_dim key: qk_nope_head_dim + qk_rope_head_dim, the query/key width
  intermediateSize: 18432, // the 3 dense layers' MLP
  vocabSize: 129280,
  tieWordEmbeddings: false,
  maxPositionEmbeddings: 163840,
  moe: {
    numExperts: 256, // n_routed_experts
    numExpertsPerTok: 8, // num_experts_per_tok (grouped routing: n_group 8, topk_group 4, ignored)
    moeIntermediateSize: 2048, // moe_intermediate_size
    numSharedExperts: 1, // n_shared_experts
    firstDenseLayers: 3, // first_k_dense_replace (moe_layer_freq 1)
  },
  mla: {
    kvLoraRank: 512, // kv_lora_rank
    qLoraRank: 1536, // q_lora_rank
    qkNopeHeadDim: 128, // qk_nope_head_dim
    qkRopeHeadDim: 64, // qk_rope_head_dim
    vHeadDim: 128, // v_head_dim
  },
  sources: [
    'config.json of deepseek-ai/DeepSeek-R1, verbatim in zkkython/llmsim ' +
      'hf_config/deepseek_671b_r1_config.json @188adb08',
    'totals 671 B / 37 B activated: DeepSeek-V3 technical report (arXiv 2412.19437)',
  ],
};
