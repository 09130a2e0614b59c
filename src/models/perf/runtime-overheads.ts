/**
 * Per-step costs outside the transformer roofline, for one serving runtime. Seconds unless named
 * otherwise. Defaults for vLLM V1: VLLM_RUNTIME_OVERHEADS.
 */
export interface RuntimeOverheads {
  /** CPU per step (schedule, input prep, output processing): `a` in a + b × numSeqs. */
  cpuBaseSeconds: number;
  /** CPU per scheduled sequence: `b`. */
  cpuPerSeqSeconds: number;
  /** CPU per kernel or graph launch. */
  launchSeconds: number;
  /** Launches per layer with a PIECEWISE graph: graph segments plus the eager attention op. */
  piecewiseLaunchesPerLayer: number;
  /** Kernels per layer without graphs (TP adds two all-reduce launches per layer on top). */
  eagerLaunchesPerLayer: number;
  /** Minimum GPU time of any kernel, however small its work. */
  kernelFloorSeconds: number;
  /** Gap between consecutive steps (stream sync and the next launch): the ε in max(gpu, cpu) + ε. */
  stepGapSeconds: number;
  /** vLLM's async scheduling (on by default): step = max(gpu, cpu) + ε; off: gpu + cpu + ε. */
  asyncScheduling: boolean;
  /** Largest CUDA-graph capture size, tokens (cuda-graph.ts maxCaptureTokens). */
  maxCaptureTokens: number;
}

/**
 * vLLM V1 priors (vllm-engine.md §9), none fitted to a validation row:
 * - cpu a = 0.3 ms, b = 4 µs: the suggested a ≈ 0.2–0.5 ms, b ≈ 2–10 µs; BLIS fits 126 µs/step and
 *   4 µs/request, one schedule() call is ~0.1 ms (PR #19057), and input prep and detokenization add
 *   to that.
 * - 5 µs per launch: between a raw cudaLaunchKernel (~2–3 µs) and a PyTorch op dispatch (~10 µs).
 * - 3 launches per layer piecewise (segment before attention, attention with its KV write, segment
 *   after); 10 kernels per layer eager (2 fused add-norms, QKV, RoPE, KV write, attention, O,
 *   gate_up, SiLU·mul, down).
 * - 2 µs kernel floor: the shortest H100 kernels (norms, RoPE at batch 1) take ~2–3 µs.
 * - ε = 20 µs: one stream sync plus the next launch.
 */
export const VLLM_RUNTIME_OVERHEADS: Readonly<RuntimeOverheads> = Object.freeze({
  cpuBaseSeconds: 0.3e-3,
  cpuPerSeqSeconds: 4e-6,
  launchSeconds: 5e-6,
  piecewiseLaunchesPerLayer: 3,
  eagerLaunchesPerLayer: 10,
  kernelFloorSeconds: 2e-6,
  stepGapSeconds: 20e-6,
  asyncScheduling: true,
  maxCaptureTokens: 512,
});

/**
 * The same runtime under vLLM's V0 engine (vLLM 0.4.3, vllm/engine/llm_engine.py and
 * vllm/worker/model_runner.py):
 * - synchronous: `LLMEngine.step` schedules, runs the model and processes its outputs in turn, so
 *   CPU time adds to GPU time (no async scheduling);
 * - CUDA graphs only for decode-only batches of ≤ 256 sequences (`_BATCH_SIZES_TO_CAPTURE` =
 *   1, 2, 4, 8 … 256); prefill steps run eagerly (V0 has no piecewise graphs).
 * Deliberate difference: V0 also runs a decode eagerly when any sequence's context exceeds
 * max_seq_len_to_capture (8192 by default); the batch shape does not carry the longest context.
 */
export function v0Overheads(o: RuntimeOverheads): RuntimeOverheads {
  return { ...o, asyncScheduling: false, maxCaptureTokens: 256, piecewiseLaunchesPerLayer: o.eagerLaunchesPerLayer };
}
