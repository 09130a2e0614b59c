/**
 * vLLM's CUDA-graph dispatch (cfg/vllm.py _set_cudagraph_sizes, v1/cudagraph_dispatcher.py;
 * vllm-engine.md §9). Graphs are captured for token counts 1, 2, 4, 8…248 step 8, 256…max step 16.
 * A step of T ≤ max tokens is padded to the next captured size: a uniform decode (every sequence
 * has one new token) replays a FULL graph, any other batch a PIECEWISE one (attention runs outside
 * the graph). Above max no graph runs and nothing is padded.
 */
export type GraphMode = 'full' | 'piecewise' | 'eager';

/** vLLM's cap on captured sizes. */
export const VLLM_MAX_CAPTURE_TOKENS = 512;

/** vLLM's largest capture size: min(2 × maxNumSeqs, 512, maxNumBatchedTokens) (no spec decode). */
export function maxCaptureTokens(maxNumSeqs: number, maxNumBatchedTokens: number): number {
  return Math.min(2 * maxNumSeqs, VLLM_MAX_CAPTURE_TOKENS, maxNumBatchedTokens);
}

/** The captured sizes up to `maxCapture`, plus `maxCapture` itself when off the grid (vLLM adds mbt). */
export function captureSizes(maxCapture: number = VLLM_MAX_CAPTURE_TOKENS): number[] {
  const sizes = [1, 2, 4];
  for (let s = 8; s <= 248; s += 8) sizes.push(s);
  for (let s = 256; s <= VLLM_MAX_CAPTURE_TOKENS; s += 16) sizes.push(s);
  const kept = sizes.filter((s) => s <= maxCapture);
  if (kept[kept.length - 1] !== maxCapture) kept.push(maxCapture);
  return kept;
}

/**
 * Tokens the forward pass actually runs for a step of `numTokens`: the next captured size, or
 * numTokens itself above `maxCapture`. Arithmetic only, no allocation (called every step).
 */
export function paddedTokens(numTokens: number, maxCapture: number): number {
  if (numTokens <= 2 || numTokens > maxCapture) return numTokens;
  let padded: number;
  if (numTokens <= 4) padded = 4;
  else if (numTokens <= 256) padded = Math.ceil(numTokens / 8) * 8;
  else padded = 256 + Math.ceil((numTokens - 256) / 16) * 16;
  return padded < maxCapture ? padded : maxCapture;
}

/** How the step's forward runs: FULL graph, PIECEWISE graph, or eager above the largest capture. */
export function graphMode(numTokens: number, uniformDecode: boolean, maxCapture: number): GraphMode {
  if (numTokens > maxCapture) return 'eager';
  return uniformDecode ? 'full' : 'piecewise';
}
