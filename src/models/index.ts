/**
 * Public API of src/models: accelerator, link and model catalogues, the Hugging Face config.json
 * reader, the memory plan and the step-time model. Nothing here imports from sim, scenario, cli or
 * experiments.
 */
export type { Accelerator, Efficiencies, Precision, ScaleUpLink, ScaleUpTopology } from './hardware/types.js';
export { ACCELERATORS, getAccelerator } from './hardware/catalog.js';
export { LINKS, getLink, transferSeconds, type Link, type LinkId, type LinkKind } from './hardware/links.js';
export type { MlaConfig, ModelArchitecture, MoeConfig } from './llm/types.js';
export { MODELS, getModel } from './llm/catalog.js';
export { parseHfConfig, type HfConfigProblem, type HfConfigResult } from './llm/hf-config.js';
export {
  activeParamCount,
  countParams,
  paramCount,
  weightBytes,
  routedExpertBytes,
  weightBytesPerRank,
  type ParamCounts,
} from './llm/params.js';
export {
  ACTIVATION_BYTES,
  BYTES_PER_WEIGHT,
  bytesPerWeight,
  computeEfficiencyFor,
  computePrecision,
  effectiveFlopsPerSecond,
  effectiveHbmBytesPerSecond,
  kvDtypeBytes,
  peakTflopsFor,
  type KvCacheDtype,
} from './perf/precision.js';
export {
  VLLM_MEMORY_PRIORS,
  activationPeakBytes,
  kvBytesPerTokenPerRank,
  kvHeadsPerRank,
  layoutLabel,
  planMemory,
  tensorParallelProblem,
  type Deployment,
  type EfficiencyScale,
  type EngineMemoryConfig,
  type MemoryPlan,
  type MemoryPriors,
} from './perf/memory.js';
export {
  allGatherCost,
  allReduceCost,
  allToAllCost,
  collectiveSeconds,
  tpLinkGBps,
  type CollectiveCost,
} from './perf/collectives.js';
export {
  VLLM_MAX_CAPTURE_TOKENS,
  captureSizes,
  graphMode,
  maxCaptureTokens,
  paddedTokens,
  type GraphMode,
} from './perf/cuda-graph.js';
export { TPU_MIN_TOKEN_BUCKET, tpuPaddedTokens } from './perf/tpu-padding.js';
export { iciAxisWraps, iciSliceGBps, iciSliceShape, iciTpLinkGBps } from './perf/ici.js';
export { VLLM_RUNTIME_OVERHEADS, type RuntimeOverheads } from './perf/runtime-overheads.js';
export { createRates, gemmSeconds, memSeconds, type Rates } from './perf/roofline.js';
export {
  DEFAULT_EXPERT_IMBALANCE,
  GPUS_PER_NODE,
  expertParallelProblem,
  expertsPerRank,
  gpusPerReplica,
  type ExpertParallelism,
} from './perf/expert-parallel.js';
export { createMoeLayerCost, expectedExpertsTouched, type MoeLayerCost } from './perf/moe.js';
export { createMlaLayerCost, type MlaLayerCost } from './perf/mla.js';
export {
  createStepTimeModel,
  type BatchShape,
  type StepBreakdown,
  type StepTimeModel,
} from './perf/step-time.js';
