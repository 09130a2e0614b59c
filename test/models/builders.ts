import { getAccelerator } from '../../src/models/hardware/catalog.js';
import { getLink } from '../../src/models/hardware/links.js';
import type { Precision } from '../../src/models/hardware/types.js';
import { getModel } from '../../src/models/llm/catalog.js';
import type { Deployment, EngineMemoryConfig } from '../../src/models/perf/memory.js';
import type { KvCacheDtype } from '../../src/models/perf/precision.js';
import type { BatchShape } from '../../src/models/perf/step-time.js';

export interface DeploymentIds {
  accelerator?: string;
  model?: string;
  tensorParallel?: number;
  precision?: Precision;
  kvCacheDtype?: KvCacheDtype;
  /**
   * Price every dense GEMM on the roofline, as if the chip had no measured GEMM table (H100/H200
   * BF16, B200 NVFP4 have one): for tests that check the roofline itself by hand.
   */
  roofline?: boolean;
  /** DP attention + EP over TP × dataParallel ranks; scaleOut defaults to ib-400g, imbalance to 1. */
  wideEp?: { dataParallel: number; numNodes?: number; scaleOut?: string; imbalance?: number };
}

/** A deployment from catalogue ids; defaults: Llama-3.1-8B bf16 on one H100. */
export function deployment(o: DeploymentIds = {}): Deployment {
  const accelerator = getAccelerator(o.accelerator ?? 'h100-sxm');
  return {
    accelerator: o.roofline ? { ...accelerator, efficiency: { ...accelerator.efficiency, gemmTable: undefined } } : accelerator,
    model: getModel(o.model ?? 'llama-3.1-8b'),
    tensorParallel: o.tensorParallel ?? 1,
    precision: o.precision ?? 'bf16',
    kvCacheDtype: o.kvCacheDtype ?? 'auto',
    ...(o.wideEp
      ? {
          expertParallel: {
            dataParallel: o.wideEp.dataParallel,
            size: (o.tensorParallel ?? 1) * o.wideEp.dataParallel,
            numNodes: o.wideEp.numNodes ?? 1,
            scaleOut: getLink(o.wideEp.scaleOut ?? 'ib-400g'),
            imbalance: o.wideEp.imbalance ?? 1,
          },
        }
      : {}),
  };
}

/** vLLM serve's defaults on an 80 GB GPU (vllm-engine.md §3). */
export function engine(o: Partial<EngineMemoryConfig> = {}): EngineMemoryConfig {
  return { gpuMemoryUtilization: 0.92, maxNumBatchedTokens: 8192, maxNumSeqs: 1024, blockSize: 16, ...o };
}

/** `numSeqs` decodes, each with `context` tokens already computed (q = 1, so c + 1 pairs each). */
export function decodeBatch(numSeqs: number, context: number): BatchShape {
  return {
    numTokens: numSeqs,
    numSeqs,
    numSampled: numSeqs,
    attnQkPairs: numSeqs * (context + 1),
    kvReadTokens: numSeqs * (context + 1),
    uniformDecode: true,
  };
}

/** One prefill chunk of `tokens` new tokens after `computed` cached ones, sampling at the end. */
export function prefillBatch(tokens: number, computed = 0): BatchShape {
  return {
    numTokens: tokens,
    numSeqs: 1,
    numSampled: 1,
    attnQkPairs: tokens * (computed + (tokens + 1) / 2),
    kvReadTokens: computed + tokens,
    uniformDecode: tokens === 1,
  };
}
