/**
 * A transformer architecture, as in its public Hugging Face config.json: a decoder-only model
 * with gated (SwiGLU) MLPs. Mixture-of-experts and multi-head latent attention are optional fields;
 * a dense GQA model has neither.
 */
export interface ModelArchitecture {
  id: string;
  displayName: string;
  /** Hugging Face repository the figures come from. */
  hfRepo: string;
  numLayers: number;          // num_hidden_layers
  hiddenSize: number;         // hidden_size
  numHeads: number;           // num_attention_heads
  numKvHeads: number;         // num_key_value_heads
  /** head_dim (or hidden_size / num_attention_heads); with MLA, the query/key head width nope + rope. */
  headDim: number;
  /** intermediate_size: the dense MLP (gate, up, down); with MoE, the dense layers' MLP. */
  intermediateSize: number;
  vocabSize: number;          // vocab_size
  tieWordEmbeddings: boolean; // tie_word_embeddings
  maxPositionEmbeddings: number; // max_position_embeddings
  /**
   * Per-head RMSNorm on queries and keys (Qwen3's q_norm/k_norm, headDim weights each per layer).
   * Optional: absent means false. Counted in parameters; its run time is ignored (tiny kernels).
   */
  qkNorm?: boolean;
  /** Mixture of experts in place of the MLP, in every layer from `firstDenseLayers` on. */
  moe?: MoeConfig;
  /** Multi-head latent attention (DeepSeek-V2/V3) in place of GQA. */
  mla?: MlaConfig;
  /** Where the figures come from (one entry per source). */
  sources?: string[];
}

export interface MoeConfig {
  /** Routed experts per MoE layer: num_local_experts (Mixtral), num_experts (Qwen), n_routed_experts. */
  numExperts: number;
  /** Routed experts each token goes to: num_experts_per_tok. */
  numExpertsPerTok: number;
  /** Intermediate width of one expert's gated MLP: moe_intermediate_size (Mixtral: intermediate_size). */
  moeIntermediateSize: number;
  /**
   * Always-on shared experts, each moeIntermediateSize wide; 0 if none. From n_shared_experts, or
   * shared_expert_intermediate_size ÷ moe_intermediate_size (Qwen2-MoE), which may be fractional.
   */
  numSharedExperts: number;
  /** Leading layers with a dense MLP of intermediateSize: DeepSeek's first_k_dense_replace; 0 if none. */
  firstDenseLayers: number;
}

export interface MlaConfig {
  /** Width of the compressed KV latent: kv_lora_rank. */
  kvLoraRank: number;
  /** Width of the compressed query: q_lora_rank; 0 when queries are projected directly (V2-Lite). */
  qLoraRank: number;
  /** Per-head query/key width without rotary embedding: qk_nope_head_dim. */
  qkNopeHeadDim: number;
  /** Rotary part, one key shared by all heads: qk_rope_head_dim. */
  qkRopeHeadDim: number;
  /** Per-head value width: v_head_dim. */
  vHeadDim: number;
}
