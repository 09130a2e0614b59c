/**
 * The planner's search space and its roofline pruning: accelerator × precision × TP × router
 * configurations, each checked for memory fit (vLLM's start-up check) and given an upper bound on
 * one replica's request rate from the step-time model, before anything is simulated.
 */
import { ACCELERATORS } from '../../models/hardware/catalog.js';
import type { BatchShape, StepTimeModel } from '../../models/perf/step-time.js';
import type { ResolvedScenario } from '../../scenario/resolve.js';
import { loadScenarioFile } from '../../scenario/load.js';
import { buildSimConfig } from '../fleet.js';
import { setArg } from '../job.js';

export interface CandidateConfig {
  id: string;
  accelerator: string;
  precision: 'bf16' | 'fp8' | 'fp4' | 'int8';
  tensorParallel: number;
  router: string;
  /** The --set overrides that make a one-replica fleet of this configuration. */
  sets: string[];
}

export interface RooflineBound {
  /** Seconds of one replica's GPU time per request at best (prefix hits, full decode batches). */
  secondsPerRequest: number;
  /** 1 / secondsPerRequest: no replica can sustain more. */
  maxRate: number;
  prefillSeconds: number;
  decodeStepSeconds: number;
  decodeBatch: number;
  /** Share of the decode step spent in TP collectives. */
  collectiveShare: number;
  /** Share of the prefill spent in TP collectives. */
  prefillCollectiveShare: number;
}

export type Screened = { config: CandidateConfig; ok: true; bound: RooflineBound } | { config: CandidateConfig; ok: false; reason: string };

export interface SearchSpace {
  accelerators: string[];
  precisions: CandidateConfig['precision'][];
  tensorParallel: number[];
  routers: string[];
}

export function enumerate(space: SearchSpace): CandidateConfig[] {
  const out: CandidateConfig[] = [];
  for (const accelerator of space.accelerators) {
    for (const precision of space.precisions) {
      for (const tp of space.tensorParallel) {
        for (const router of space.routers) {
          const id = `${accelerator}-${precision}-tp${tp}${space.routers.length > 1 ? `-${router}` : ''}`;
          const sets = [
            setArg('cluster.pools.0.accelerator', accelerator),
            setArg('cluster.pools.0.precision', precision),
            setArg('cluster.pools.0.tensorParallel', tp),
            setArg('cluster.pools.0.replicas', 1),
            setArg('router.config', router),
          ];
          out.push({ id, accelerator, precision, tensorParallel: tp, router, sets });
        }
      }
    }
  }
  return out;
}

/** Mean prompt tokens, the share a prefix cache could serve, and mean output tokens. */
export function workloadShape(s: ResolvedScenario): { prompt: number; cachedShare: number; output: number } {
  const w = s.workload as { prefix?: { systemTokens: number; questionTokens: number; outputTokens?: number }; prompt?: LengthLike; output?: LengthLike };
  const mean = (l: LengthLike | undefined, fallback: number) => (l === undefined ? fallback : l.dist === 'fixed' ? l.value! : l.dist === 'uniform' ? (l.min! + l.max!) / 2 : (l.mean ?? fallback));
  const output = w.prefix?.outputTokens ?? mean(w.output, 256);
  if (w.prefix) {
    const prompt = w.prefix.systemTokens + w.prefix.questionTokens;
    return { prompt, cachedShare: w.prefix.systemTokens / prompt, output };
  }
  return { prompt: mean(w.prompt, 1024), cachedShare: 0, output };
}

interface LengthLike {
  dist: string;
  value?: number;
  min?: number;
  max?: number;
  mean?: number;
}

/**
 * Loads a candidate (the scenario file with the run's and the candidate's overrides, exactly as
 * its simulations will) and, if it fits, bounds one replica's rate: a request needs at least its
 * uncached prefill as one step of its own plus its output tokens' share of full decode batches
 * (maxNumSeqs sequences at the mean context).
 */
export function screen(scenarioFile: string, sets: readonly string[], config: CandidateConfig): Screened {
  const loaded = loadScenarioFile(scenarioFile, [...sets, ...config.sets]);
  if (!loaded.ok) return { config, ok: false, reason: loaded.problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ') };
  const fleet = buildSimConfig(loaded.scenario);
  if (!fleet.ok) return { config, ok: false, reason: fleet.problems.map((p) => p.message).join('; ') };
  const shape = workloadShape(loaded.scenario);
  const pool = fleet.config.pools[0];
  // Decode batches are capped by seats and by how many requests the KV cache holds, shared
  // prefixes counted once (their blocks serve every request of the group).
  const kvTokens = (pool.pod.numGpuBlocks - 1) * pool.pod.blockSize;
  const perRequest = shape.prompt * (1 - shape.cachedShare) + shape.output;
  const batch = Math.max(1, Math.min(pool.pod.maxNumSeqs, Math.floor(kvTokens / perRequest)));
  return { config, ok: true, bound: bound(pool.stepModel, shape, batch, pool.pod.maxNumBatchedTokens) };
}

function bound(model: StepTimeModel, w: { prompt: number; cachedShare: number; output: number }, maxNumSeqs: number, maxNumBatchedTokens: number): RooflineBound {
  const uncached = Math.max(1, Math.round(w.prompt * (1 - w.cachedShare)));
  const cached = w.prompt - uncached;
  const q = Math.min(uncached, maxNumBatchedTokens);
  const prefillShape: BatchShape = {
    numTokens: q,
    numSeqs: 1,
    numSampled: 1,
    attnQkPairs: q * (cached + (q + 1) / 2),
    kvReadTokens: cached + q,
    uniformDecode: false,
    numDecodes: 0,
    decodeKvReadTokens: 0,
  };
  const prefill = model.breakdown(prefillShape);
  const prefillSeconds = prefill.stepSeconds * Math.ceil(uncached / q);
  const B = maxNumSeqs;
  const ctx = w.prompt + w.output / 2;
  const decodeShape: BatchShape = { numTokens: B, numSeqs: B, numSampled: B, attnQkPairs: B * (ctx + 1), kvReadTokens: B * (ctx + 1), uniformDecode: true, numDecodes: B, decodeKvReadTokens: B * (ctx + 1) };
  const decode = model.breakdown(decodeShape);
  const secondsPerRequest = prefillSeconds + (w.output * decode.stepSeconds) / B;
  return {
    secondsPerRequest,
    maxRate: 1 / secondsPerRequest,
    prefillSeconds,
    decodeStepSeconds: decode.stepSeconds,
    decodeBatch: B,
    collectiveShare: decode.collectiveSeconds / decode.stepSeconds,
    prefillCollectiveShare: prefill.collectiveSeconds / prefill.stepSeconds,
  };
}

/** The accelerators fleetsim knows, for the default search. */
export function knownAccelerators(): string[] {
  return Object.keys(ACCELERATORS);
}
