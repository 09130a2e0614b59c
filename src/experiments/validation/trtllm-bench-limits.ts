/**
 * The engine limits `trtllm-bench` picks for itself when a TensorRT-LLM perf-overview run passes no
 * `--max_batch_size` / `--max_num_tokens`: its tuning heuristic, restated so each validation case
 * can carry the limits its published run had instead of fleetsim's runtime defaults.
 *
 * Upstream (NVIDIA/TensorRT-LLM; read as stored, the exact release commits were not available):
 * - `tensorrt_llm/bench/build/tuning.py` `calc_engine_setting` + `finetune_setting`: KV memory =
 *   (nvml total GiB × GPUs − checkpoint elements × bytes per element ÷ GiB) × kv fraction; requests
 *   that fit = KV memory ÷ (bytes per token × (ISL + OSL)); batch and token limits rounded up from
 *   that ("slightly optimistic" upper bounds).
 * - `tensorrt_llm/bench/build/dataclasses.py` `ModelConfig.get_param_count`: the sum of the
 *   checkpoint's safetensors `parameter_count` over all dtypes (stored elements, not parameters).
 * - v1.0 PyTorch path, `tensorrt_llm/bench/benchmark/utils/general.py` `get_settings`: the
 *   heuristic at the run's `--kv_cache_free_gpu_mem_fraction` on the dataset's average ISL/OSL,
 *   then, chunked prefill being off by default, max_num_tokens ≥ max ISL + max_batch_size.
 * - v0.17 engine path, `tensorrt_llm/bench/build/build.py` `build_command` (`trtllm-bench build
 *   --quantization FP8 --dataset`): the heuristic at its own default fraction 0.95; the runtime
 *   uses the engine's limits as built. That generation's tuning.py counts bytes only for FP8
 *   (anything else 2) and takes the engine size in decimal GB (param_count ÷ 1000³ × bytes)
 *   beside nvml GiB.
 */
import type { ModelArchitecture } from '../../models/llm/types.js';
import { countParams } from '../../models/llm/params.js';

/** Which trtllm-bench generation ran the table. */
export type BenchCodePath = 'v1.0-pytorch' | 'v0.17-build';

/**
 * How the benchmarked checkpoint stores its weights, which decides its safetensors element count.
 * `bf16`: the Hugging Face original (quantized at engine build). `modelopt-fp8`: nvidia/*-FP8, FP8
 * weights one element per parameter. `modelopt-nvfp4`: nvidia/*-FP4, each linear weight packed two
 * FP4 values per U8 element plus one FP8 scale per 16 (ModelOpt's NVFP4 export); embedding, LM head
 * and norms bf16. Per-tensor scalar scales (a few per layer) are left out: < 1e-6 of the count.
 */
export type CheckpointFormat = 'bf16' | 'modelopt-fp8' | 'modelopt-nvfp4';

/** Weight quantization the heuristic sees (QuantConfig.quant_algo). */
export type BenchQuant = 'none' | 'fp8' | 'nvfp4';

/**
 * Total device memory as pynvml reports it (`nvmlDeviceGetMemoryInfo().total`, what nvidia-smi
 * prints), in GiB: `tensorrt_llm/bench/build/utils.py` `get_device_memory`. MiB figures are the
 * nvidia-smi totals quoted in the hardware catalogue's comments (h100-sxm.ts 81559 MiB,
 * h200-sxm.ts 143771 MiB, b200-sxm.ts 183359 MiB); the catalogue's `hbmGiB` is the smaller
 * CUDA-visible figure and is not what the heuristic reads.
 */
export const NVML_TOTAL_GIB: Readonly<Record<string, number>> = Object.freeze({
  'h100-sxm': 81559 / 1024,
  'h200-sxm': 143771 / 1024,
  'b200-sxm': 183359 / 1024,
});

const GIB = 1024 ** 3;

/** Elements the checkpoint's safetensors metadata counts (ModelConfig.param_count). */
export function checkpointParamCount(model: ModelArchitecture, format: CheckpointFormat): number {
  const p = countParams(model);
  if (format !== 'modelopt-nvfp4') return p.total;
  // Each linear weight: in/2 packed U8 columns + in/16 FP8 block scales per output row.
  return p.linearTotal / 2 + p.linearTotal / 16 + (p.total - p.linearTotal);
}

export interface BenchLimitsInput {
  model: ModelArchitecture;
  checkpoint: CheckpointFormat;
  quant: BenchQuant;
  /** KV cache stored in FP8 (kv_cache_quant_algo FP8); bf16 otherwise. */
  kvFp8: boolean;
  tensorParallel: number;
  pipelineParallel: number;
  /** Dataset average input and output lengths (fixed here) and the longest input. */
  avgIsl: number;
  avgOsl: number;
  maxIsl: number;
  /** pynvml total memory of one GPU, GiB. */
  deviceMemoryGiB: number;
  /** kv_cache_free_gpu_mem_fraction the heuristic is given. */
  kvFraction: number;
  codePath: BenchCodePath;
}

export interface BenchLimits {
  maxBatchSize: number;
  maxNumTokens: number;
  /** Intermediate figures, for the printed table and the tests. */
  engineGiB: number;
  kvCacheGiB: number;
  kvCacheMaxRequests: number;
}

/** Bytes per stored element in the heuristic's table (tuning.py BYTES_PER_ELEM; v0.17: FP8 or 2). */
function bytesPerElem(quant: BenchQuant, codePath: BenchCodePath): number {
  if (quant === 'fp8') return 1;
  if (quant === 'nvfp4') return codePath === 'v1.0-pytorch' ? 0.5 : 2;
  return 2;
}

/**
 * `finetune_setting`: cap requests at 4096 per pipeline, tokens at requests × (1 + ISL/OSL) up to
 * 32768, then round both up to coarse steps (batch ≥ 64, tokens ≥ 2048).
 */
export function finetuneSetting(kvCacheMaxRequests: number, isl: number, osl: number, pp: number): [number, number] {
  const rawBs = Math.min(kvCacheMaxRequests, 4096) / pp;
  const rawToken = Math.min(rawBs * (1 + isl / osl), 32768);
  let maxBs: number;
  if (rawBs < 256) maxBs = Math.max(64, 32 * Math.ceil(rawBs / 32));
  else if (rawBs < 1024) maxBs = 128 * Math.ceil(rawBs / 128);
  else maxBs = 256 * Math.ceil(rawBs / 256);
  let maxToken: number;
  if (rawToken < 4096) maxToken = Math.max(2048, 256 * Math.ceil(rawToken / 256));
  else if (rawToken < 8192) maxToken = 512 * Math.ceil(rawToken / 512);
  else maxToken = 1024 * Math.ceil(rawToken / 1024);
  return [maxBs, maxToken];
}

/** The (max_batch_size, max_num_tokens) trtllm-bench runs with for this model, mapping and dataset. */
export function trtllmBenchLimits(input: BenchLimitsInput): BenchLimits {
  const { model, tensorParallel: tp, pipelineParallel: pp, codePath } = input;
  const elements = checkpointParamCount(model, input.checkpoint);
  // Engine size: v1.0 in GiB; v0.17 in decimal GB (param_count / 1000³), mixed with GiB below.
  const engineGiB =
    codePath === 'v1.0-pytorch'
      ? (elements * bytesPerElem(input.quant, codePath)) / GIB
      : (elements / 1000 ** 3) * bytesPerElem(input.quant, codePath);
  const kvBytes = input.kvFp8 ? 1 : 2;
  // Every rank of the TP group holds at least one KV head.
  const adjustedKvHeads = Math.max(tp, model.numKvHeads);
  const gibPerToken = (2 * model.numLayers * adjustedKvHeads * model.headDim * kvBytes) / GIB;
  const totalGiB = input.deviceMemoryGiB * tp * pp;
  const kvCacheGiB = (totalGiB - engineGiB) * input.kvFraction;
  const kvCacheMaxRequests = kvCacheGiB / (gibPerToken * (input.avgIsl + input.avgOsl));
  if (!(kvCacheMaxRequests >= 1)) {
    throw new Error(`${model.id} TP${tp}: no request fits the KV memory trtllm-bench estimates (${kvCacheGiB.toFixed(2)} GiB)`);
  }
  const [maxBatchSize, tuned] = finetuneSetting(kvCacheMaxRequests, input.avgIsl, input.avgOsl, pp);
  // PyTorch path without chunked prefill: a whole prompt must fit beside a full batch of decodes.
  const maxNumTokens = codePath === 'v1.0-pytorch' ? Math.max(tuned, input.maxIsl + maxBatchSize) : tuned;
  return { maxBatchSize, maxNumTokens, engineGiB, kvCacheGiB, kvCacheMaxRequests };
}
