/**
 * vLLM TPU (vllm-project/tpu-inference) compiles one XLA program per token bucket and pads every
 * step's tokens up to the next bucket, so the dense layers (QKV, O, MLP, norms, all-reduces) run on
 * the padded count; ragged paged attention reads each sequence's real query and KV lengths.
 * Buckets (tpu_inference/runner/utils.py get_token_paddings, tpu_runner.py): from
 * min_token_size = max(16, next_power_of_2(dp_size × kv_packing)) = 16 without DP, doubling while
 * below max_num_batched_tokens when VLLM_TPU_BUCKET_PADDING_GAP is 0 (vllm/envs.py default), so
 * the last bucket is the first power of two ≥ max_num_batched_tokens. No other gap is modelled.
 */

/** The smallest bucket (tpu_runner.py: max(16, ...)). */
export const TPU_MIN_TOKEN_BUCKET = 16;

/**
 * Tokens a vLLM TPU step computes for `numTokens` scheduled: the next power of two, at least 16;
 * 0 for an empty step. A step never exceeds max_num_batched_tokens, so this never passes the last
 * bucket. Arithmetic only (called every step).
 */
export function tpuPaddedTokens(numTokens: number): number {
  if (numTokens <= 0) return 0;
  let bucket = TPU_MIN_TOKEN_BUCKET;
  while (bucket < numTokens) bucket *= 2;
  return bucket;
}
