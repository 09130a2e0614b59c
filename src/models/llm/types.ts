/**
 * A transformer architecture, as in its public Hugging Face config.json.
 * Dense decoder-only for now; MoE and MLA fields are optional and added by later steps.
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
  headDim: number;            // head_dim (or hidden_size / num_attention_heads)
  intermediateSize: number;   // intermediate_size (gated MLP: gate, up, down)
  vocabSize: number;          // vocab_size
  tieWordEmbeddings: boolean; // tie_word_embeddings
  maxPositionEmbeddings: number; // max_position_embeddings
  /**
   * Per-head RMSNorm on queries and keys (Qwen3's q_norm/k_norm, headDim weights each per layer).
   * Optional: absent means false. Counted in parameters; its run time is ignored (tiny kernels).
   */
  qkNorm?: boolean;
}
