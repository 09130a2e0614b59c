/**
 * `fleetsim step`: one pool's engine step priced at chosen batch sizes, and where its time goes.
 * The numbers are the step-time model's, the same function the simulator calls every step, so a
 * user can set a measured inter-token latency at batch B beside the prediction and see which op
 * the difference must come from.
 */
import type { BatchShape, StepBreakdown, StepTimeModel } from '../models/perf/step-time.js';

/**
 * What is priced: `batch` decodes at `context` tokens each, plus one prefill chunk of `prefill` new
 * tokens whose request already has `prefillCached` tokens in the cache (a prefix hit or earlier chunks).
 */
export interface StepPoint {
  batch: number;
  context: number;
  prefill: number;
  prefillCached: number;
}

export interface StepRow extends StepPoint {
  breakdown: StepBreakdown;
  /** Decode tokens per second of this step repeated: batch ÷ step time (0 with no decodes). */
  decodeTokensPerSec: number;
  /** KV blocks the batch holds ÷ the pod's KV blocks (> 1: the batch does not fit). */
  kvUse: number;
}

/**
 * The shape of a step with `batch` decodes, each with `context` tokens already in the cache (one
 * new token, attending over context + 1), and optionally one prefill chunk of `prefill` tokens
 * after `prefillCached` cached ones (causal: pairs q × (cached + (q + 1) / 2)). vLLM V1 samples
 * every scheduled sequence.
 */
export function stepShape(p: StepPoint): BatchShape {
  const { batch: b, context: c, prefill: q, prefillCached: k } = p;
  const decodeKv = b * (c + 1);
  const seqs = b + (q > 0 ? 1 : 0);
  return {
    numTokens: b + q,
    numSeqs: seqs,
    numSampled: seqs,
    attnQkPairs: decodeKv + q * (k + (q + 1) / 2),
    kvReadTokens: decodeKv + (q > 0 ? k + q : 0),
    uniformDecode: q === 0 && b > 0,
    numDecodes: b,
    decodeKvReadTokens: decodeKv,
  };
}

/** Blocks `batch` sequences of `context + 1` tokens (and the prefill's request) hold, none shared. */
export function blocksHeld(p: StepPoint, blockSize: number): number {
  return p.batch * Math.ceil((p.context + 1) / blockSize) + (p.prefill > 0 ? Math.ceil((p.prefillCached + p.prefill) / blockSize) : 0);
}

/** The largest decode batch whose KV fits the pod's blocks at this context (at most maxNumSeqs). */
export function kvMaxBatch(context: number, blockSize: number, numGpuBlocks: number, maxNumSeqs: number): number {
  // vLLM keeps one null block out of the pool.
  return Math.min(maxNumSeqs, Math.floor((numGpuBlocks - 1) / Math.ceil((context + 1) / blockSize)));
}

/**
 * Default batches: powers of 4 from 1 up to the pod's limit, then the limit itself, where the limit
 * is the largest batch that fits both maxNumSeqs and the KV cache at this context.
 */
export function defaultBatches(limit: number): number[] {
  const out: number[] = [];
  for (let b = 1; b < limit; b *= 4) out.push(b);
  if (limit >= 1) out.push(limit);
  return out;
}

export function profileSteps(
  model: StepTimeModel,
  points: readonly StepPoint[],
  kv: { blockSize: number; numGpuBlocks: number },
): StepRow[] {
  return points.map((p) => {
    const breakdown = model.breakdown(stepShape(p));
    return {
      ...p,
      breakdown,
      decodeTokensPerSec: p.batch / breakdown.stepSeconds,
      kvUse: blocksHeld(p, kv.blockSize) / (kv.numGpuBlocks - 1),
    };
  });
}
