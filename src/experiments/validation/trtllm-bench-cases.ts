/**
 * Which validation cases were run by `trtllm-bench` with its own engine limits, and the heuristic's
 * inputs for each, read from the case file itself (model, accelerator, TP, precision, KV dtype,
 * fixed ISL/OSL). `validation/tools/trtllm-bench-limits.ts` prints and writes the results; a test
 * checks that every such case file carries them.
 */
import { getModel } from '../../models/llm/catalog.js';
import {
  NVML_TOTAL_GIB,
  trtllmBenchLimits,
  type BenchCodePath,
  type BenchLimits,
  type BenchLimitsInput,
} from './trtllm-bench-limits.js';

/**
 * Case-name prefixes and the trtllm-bench generation of their table. V20/V22/V24/V53/V55: the
 * perf-overview page @00f37686 ("NEW for v1.0", PyTorch backend, `trtllm-bench throughput`
 * without limits). V56: the newer page (docs/source/developer-guide/perf-overview.md @03e27c7d),
 * the same command on a later release; its dense rows still go through calc_engine_setting's
 * formula (the MLA- and attention-DP-aware rewrite, bench/tuning/heuristics.py, changes nothing for
 * a dense TP run but the engine size's source). V51/V52: the v0.17 table @258c7540 (`trtllm-bench
 * build --quantization FP8 --dataset`, then `throughput --engine_dir`).
 */
const TABLES: ReadonlyArray<{ prefix: string; codePath: BenchCodePath }> = [
  { prefix: 'v20-', codePath: 'v1.0-pytorch' },
  { prefix: 'v22-', codePath: 'v1.0-pytorch' },
  { prefix: 'v24-', codePath: 'v1.0-pytorch' },
  { prefix: 'v53-', codePath: 'v1.0-pytorch' },
  { prefix: 'v55-', codePath: 'v1.0-pytorch' },
  { prefix: 'v56-', codePath: 'v1.0-pytorch' },
  { prefix: 'v51-', codePath: 'v0.17-build' },
  { prefix: 'v52-', codePath: 'v0.17-build' },
];

/**
 * kv_cache_free_gpu_mem_fraction given to the v1.0 heuristic. The page: "In many cases, we also use
 * a higher KV cache percentage by setting `--kv_cache_free_gpu_mem_fraction 0.95` ... than the
 * default setting of `0.90`. We fall back to `0.90` or lower if out-of-memory errors are
 * encountered." Which runs fell back is not published, so the common case, 0.95, is taken for all.
 */
export const V1_KV_FRACTION = 0.95;

/** `trtllm-bench build` passes no fraction to the heuristic: calc_engine_setting's default 0.95. */
export const V017_BUILD_KV_FRACTION = 0.95;

/** The fields of a case file the heuristic needs (a plain parse of the YAML). */
interface CaseShape {
  name?: unknown;
  scenario?: {
    model?: unknown;
    cluster?: { pools?: Array<Record<string, unknown>> };
    workload?: { prompt?: { dist?: unknown; value?: unknown }; output?: { dist?: unknown; value?: unknown } };
  };
}

export interface BenchCase {
  name: string;
  input: BenchLimitsInput;
  limits: BenchLimits;
}

/** The code path of a case name, or undefined when the case is not a trtllm-bench table row. */
export function benchCodePathOf(name: string): BenchCodePath | undefined {
  return TABLES.find((t) => name.startsWith(t.prefix))?.codePath;
}

function fixedLength(x: { dist?: unknown; value?: unknown } | undefined, what: string, name: string): number {
  if (x?.dist !== 'fixed' || typeof x.value !== 'number') {
    throw new Error(`${name}: workload.${what} must be { dist: fixed, value: N } for the trtllm-bench heuristic`);
  }
  return x.value;
}

/**
 * The heuristic's inputs and result for a parsed case file, or undefined if the case is not a
 * trtllm-bench table row. Throws on a row whose shape the heuristic cannot take (a bug in the case).
 */
export function benchCaseOf(doc: CaseShape): BenchCase | undefined {
  const name = typeof doc.name === 'string' ? doc.name : '';
  const codePath = benchCodePathOf(name);
  if (!codePath) return undefined;
  const pools = doc.scenario?.cluster?.pools ?? [];
  if (pools.length !== 1) throw new Error(`${name}: expected one pool`);
  const pool = pools[0];
  const accelerator = String(pool.accelerator);
  const deviceMemoryGiB = NVML_TOTAL_GIB[accelerator];
  if (deviceMemoryGiB === undefined) throw new Error(`${name}: no nvml memory figure for accelerator '${accelerator}'`);
  const precision = pool.precision;
  if (precision !== 'fp8' && precision !== 'fp4') throw new Error(`${name}: precision '${String(precision)}' is not fp8/fp4`);
  const isl = fixedLength(doc.scenario?.workload?.prompt, 'prompt', name);
  const osl = fixedLength(doc.scenario?.workload?.output, 'output', name);
  const input: BenchLimitsInput = {
    model: getModel(String(doc.scenario?.model)),
    // v1.0 ran NVIDIA's ModelOpt checkpoints (the page's model lists); v0.17 quantized the
    // Hugging Face original at build (`--quantization FP8`).
    checkpoint: codePath === 'v0.17-build' ? 'bf16' : precision === 'fp4' ? 'modelopt-nvfp4' : 'modelopt-fp8',
    quant: precision === 'fp4' ? 'nvfp4' : 'fp8',
    kvFp8: pool.kvCacheDtype === 'fp8',
    tensorParallel: Number(pool.tensorParallel ?? 1),
    pipelineParallel: 1,
    avgIsl: isl,
    avgOsl: osl,
    maxIsl: isl,
    deviceMemoryGiB,
    kvFraction: codePath === 'v0.17-build' ? V017_BUILD_KV_FRACTION : V1_KV_FRACTION,
    codePath,
  };
  return { name, input, limits: trtllmBenchLimits(input) };
}
