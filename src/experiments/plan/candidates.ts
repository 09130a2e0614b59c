/**
 * The planner's search space and its roofline pruning: accelerator × precision × TP × P/D split
 * × KV tier × router configurations, each checked for memory fit (vLLM's start-up check) and
 * given an estimate of one replica's request rate from the step-time model, before anything is
 * simulated.
 */
import { ACCELERATORS } from '../../models/hardware/catalog.js';
import type { BatchShape, StepTimeModel } from '../../models/perf/step-time.js';
import type { ResolvedScenario } from '../../scenario/resolve.js';
import { loadScenarioFile } from '../../scenario/load.js';
import { buildSimConfig } from '../fleet.js';
import { setArg } from '../job.js';
import { axesId, NO_TIER, pdSets, tierGiB, type KvTier, type PdSplit } from './axes.js';

export interface CandidateConfig {
  id: string;
  accelerator: string;
  precision: 'bf16' | 'fp8' | 'fp4' | 'int8';
  tensorParallel: number;
  router: string;
  /** Prefill:decode pods per replica (a P/D unit); absent: aggregated pods. */
  pd?: PdSplit;
  /** Absent: no offload tier. */
  kvTier?: KvTier;
  /** GPUs and pods of one replica (a P/D unit has prefill + decode pods); absent: tensorParallel and 1. */
  gpusPerReplica?: number;
  podsPerReplica?: number;
  /** The --set overrides that make a one-replica fleet of this configuration. */
  sets: string[];
}

/** The overrides that make the fleet `replicas` replicas (P/D units) of `config`. */
export function replicaSets(config: CandidateConfig, replicas: number): string[] {
  if (!config.pd) return [setArg('cluster.pools.0.replicas', replicas)];
  return [setArg('cluster.pools.0.replicas', replicas * config.pd.prefill), setArg('cluster.pools.1.replicas', replicas * config.pd.decode)];
}

/** $/h of one replica: its GPUs, and its pods' KV-tier host memory when that is priced. */
export function replicaCost(config: CandidateConfig, prices: Record<string, number>): number | undefined {
  const gpu = prices[config.accelerator];
  if (gpu === undefined) return undefined;
  const tier = tierGiB(config.kvTier ?? NO_TIER, config.tensorParallel);
  const tierCost = tier.cpuGiB * (prices[TIER_PRICE_KEYS.cpu] ?? 0) + tier.nvmeGiB * (prices[TIER_PRICE_KEYS.nvme] ?? 0);
  return gpusPerReplica(config) * gpu + (config.podsPerReplica ?? 1) * tierCost;
}

export function gpusPerReplica(config: CandidateConfig): number {
  return config.gpusPerReplica ?? config.tensorParallel;
}

/** The shipped EPP config that routes between prefill and decode pods (configs/pd.yaml). */
export const DEFAULT_PD_ROUTER = 'pd';

/** Keys of the KV-tier prices ($ per GiB-hour) in a price table. */
export const TIER_PRICE_KEYS = { cpu: 'kv-cpu-gib', nvme: 'kv-nvme-gib' } as const;

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
  /** P/D splits; undefined in the list (the default) is aggregated pods. */
  pd?: (PdSplit | undefined)[];
  /** Default: no offload tier. */
  kvTiers?: KvTier[];
  /** The router config of P/D candidates (default DEFAULT_PD_ROUTER); the router axis applies to aggregated ones. */
  pdRouter?: string;
}

/**
 * Every configuration of the space. `base` (the scenario's data) is needed for P/D splits, whose
 * two pools are copies of its first pool.
 */
export function enumerate(space: SearchSpace, base?: unknown): CandidateConfig[] {
  const out: CandidateConfig[] = [];
  const cluster = (base as { cluster?: { pools?: Record<string, unknown>[]; kvTransfer?: unknown } } | undefined)?.cluster;
  for (const accelerator of space.accelerators) {
    for (const precision of space.precisions) {
      for (const tp of space.tensorParallel) {
        for (const pd of space.pd ?? [undefined]) {
          for (const kvTier of space.kvTiers ?? [NO_TIER]) {
            const tier = tierGiB(kvTier, tp);
            const offload = kvTier.name === 'none' ? [] : [setArg('cluster.pools.0.engine.kvOffload', tier)];
            if (pd) {
              const basePool = cluster?.pools?.[0];
              if (!basePool) throw new Error('plan: P/D candidates need the base scenario\'s first pool');
              const engine = { ...(basePool.engine as object | undefined), ...(kvTier.name !== 'none' && { kvOffload: tier }) };
              const router = space.pdRouter ?? DEFAULT_PD_ROUTER;
              const sets = pdSets(basePool, cluster.kvTransfer, { accelerator, precision, tensorParallel: tp, engine }, pd, router);
              const id = `${accelerator}-${precision}-tp${tp}${axesId(pd, kvTier)}`;
              out.push({ id, accelerator, precision, tensorParallel: tp, router, pd, kvTier, gpusPerReplica: tp * (pd.prefill + pd.decode), podsPerReplica: pd.prefill + pd.decode, sets });
              continue;
            }
            for (const router of space.routers) {
              const id = `${accelerator}-${precision}-tp${tp}${axesId(pd, kvTier)}${space.routers.length > 1 ? `-${router}` : ''}`;
              const sets = [
                setArg('cluster.pools.0.accelerator', accelerator),
                setArg('cluster.pools.0.precision', precision),
                setArg('cluster.pools.0.tensorParallel', tp),
                setArg('cluster.pools.0.replicas', 1),
                ...offload,
                setArg('router.config', router),
              ];
              out.push({ id, accelerator, precision, tensorParallel: tp, router, kvTier, gpusPerReplica: tp, podsPerReplica: 1, sets });
            }
          }
        }
      }
    }
  }
  return out;
}

/**
 * Mean prompt tokens, the share a prefix cache could serve, and mean output tokens. A RAG prompt is
 * its system prompt, its documents and the question; only the system prompt is counted as
 * cacheable (documents hit only as often as their popularity lets them).
 */
export function workloadShape(s: ResolvedScenario): { prompt: number; cachedShare: number; output: number } {
  const w = s.workload as {
    prefix?: { systemTokens: number; questionTokens: number; outputTokens?: number };
    rag?: { docTokens: LengthLike; docsPerRequest: number; systemTokens: number };
    prompt?: LengthLike;
    output?: LengthLike;
  };
  const mean = (l: LengthLike | undefined, fallback: number) => (l === undefined ? fallback : l.dist === 'fixed' ? l.value! : l.dist === 'uniform' ? (l.min! + l.max!) / 2 : (l.mean ?? fallback));
  const output = w.prefix?.outputTokens ?? mean(w.output, 256);
  if (w.prefix) {
    const prompt = w.prefix.systemTokens + w.prefix.questionTokens;
    return { prompt, cachedShare: w.prefix.systemTokens / prompt, output };
  }
  if (w.rag) {
    const prompt = w.rag.systemTokens + w.rag.docsPerRequest * mean(w.rag.docTokens, 1024) + mean(w.prompt, 64);
    return { prompt, cachedShare: w.rag.systemTokens / prompt, output };
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
  // Decode batches are capped by seats and by how many requests the KV cache holds, shared
  // prefixes counted once (their blocks serve every request of the group).
  const poolBound = (pool: (typeof fleet.config.pools)[number]) => {
    const kvTokens = (pool.pod.numGpuBlocks - 1) * pool.pod.blockSize;
    const perRequest = shape.prompt * (1 - shape.cachedShare) + shape.output;
    const batch = Math.max(1, Math.min(pool.pod.maxNumSeqs, Math.floor(kvTokens / perRequest)));
    return bound(pool.stepModel, shape, batch, pool.pod.maxNumBatchedTokens);
  };
  if (!config.pd) return { config, ok: true, bound: poolBound(fleet.config.pools[0]) };
  return { config, ok: true, bound: pdBound(poolBound(fleet.config.pools[0]), poolBound(fleet.config.pools[1]), config.pd, shape.output) };
}

/**
 * A P/D unit's estimate: its prefill pods and its decode pods work side by side, so the unit
 * holds the smaller of the prefill pods' prompt rate and the decode pods' token rate.
 */
export function pdBound(prefill: RooflineBound, decode: RooflineBound, pd: PdSplit, outputTokens: number): RooflineBound {
  const decodeSecondsPerRequest = (outputTokens * decode.decodeStepSeconds) / decode.decodeBatch;
  const maxRate = Math.min(pd.prefill / prefill.prefillSeconds, pd.decode / decodeSecondsPerRequest);
  return {
    secondsPerRequest: 1 / maxRate,
    maxRate,
    prefillSeconds: prefill.prefillSeconds,
    decodeStepSeconds: decode.decodeStepSeconds,
    decodeBatch: decode.decodeBatch,
    collectiveShare: decode.collectiveShare,
    prefillCollectiveShare: prefill.prefillCollectiveShare,
  };
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
