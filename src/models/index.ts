/**
 * Public API of src/models: accelerator and model catalogues, the memory plan and the step-time
 * model. Nothing here imports from sim, scenario, cli or experiments.
 */
export type { Accelerator, Efficiencies, Precision, ScaleUpLink, ScaleUpTopology } from './hardware/types.js';
export { ACCELERATORS, getAccelerator } from './hardware/catalog.js';
export type { ModelArchitecture } from './llm/types.js';
export { MODELS, getModel } from './llm/catalog.js';
export { countParams, paramCount, weightBytes, type ParamCounts } from './llm/params.js';
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
  planMemory,
  tensorParallelProblem,
  type Deployment,
  type EngineMemoryConfig,
  type MemoryPlan,
  type MemoryPriors,
} from './perf/memory.js';
export {
  allGatherCost,
  allReduceCost,
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
export { VLLM_RUNTIME_OVERHEADS, type RuntimeOverheads } from './perf/runtime-overheads.js';
export {
  createStepTimeModel,
  type BatchShape,
  type StepBreakdown,
  type StepTimeModel,
} from './perf/step-time.js';
