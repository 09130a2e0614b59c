/**
 * `precise-prefix-cache-producer` (llm-d-router `requestcontrol/dataproducer/preciseprefixcache`):
 * writes `PrefixCacheMatchInfo` from an index fed by the pods' KV events (`onKvEvent`), so it
 * knows about evictions, unlike the approx producer. Each candidate gets its longest run of
 * consecutive cached blocks from block 0.
 *
 * Block keys: the pods' own hashes, obtained through `handle.engineBlockHashes` (a real EPP
 * recomputes them from the events' token ids). Without it, the producer hashes full blocks itself
 * (model-independent, seeded by `hashSeed`) and the events must carry those hashes.
 * `speculativeIndexing` records the pick at PreRequest for `speculativeTTL` until an event lands.
 * `indexerConfig` and `kvEventsConfig` are accepted and stored (transport and backends are not
 * simulated).
 */
import { z } from 'zod';
import { PREFIX_CACHE_MATCH_INFO, dataKey, type PrefixCacheMatchInfo } from '../../data.js';
import { definePlugin } from '../../plugin.js';
import type { DataProducer, Endpoint, KvEventSink, LLMRequest, PluginHandle, PreRequest } from '../../types.js';
import { blockHashes, seedHash } from '../approx-prefix-cache-producer/hash.js';
import { parseDuration } from '../duration.js';
import { KvBlockIndex } from './kv-block-index.js';

export const PRECISE_PREFIX_CACHE_PRODUCER_TYPE = 'precise-prefix-cache-producer';

export const preciseParams = z.strictObject({
  tokenProcessorConfig: z
    .strictObject({
      blockSizeTokens: z.number().int().positive().optional(),
      /** Alias of blockSizeTokens. */
      blockSize: z.number().int().positive().optional(),
      hashSeed: z.string().default(''),
      hashAlgorithm: z.string().optional(),
    })
    .default({ hashSeed: '' }),
  indexerConfig: z.record(z.string(), z.unknown()).optional(),
  kvEventsConfig: z.record(z.string(), z.unknown()).optional(),
  speculativeIndexing: z.boolean().default(false),
  speculativeTTL: z
    .string()
    .default('2s')
    .refine((s) => parseDuration(s) !== undefined, 'expected a duration such as "2s" or "500ms"'),
});
export type PreciseParams = z.infer<typeof preciseParams>;

export interface PrecisePrefixCache extends DataProducer, PreRequest, KvEventSink {
  numIndexedBlocks(pod: string): number;
}

/** llm-d's default device-tier weights (indexer BackendConfigs): a CPU hit must be loaded first. */
export const TIER_WEIGHTS = { gpu: 1.0, cpu: 0.8 } as const;

/**
 * Consecutive blocks from block 0 that `pod` holds on the GPU or in its CPU tier, each weighted by
 * the best tier holding it (a block on both counts as GPU).
 */
export function weightedPrefix(gpu: KvBlockIndex, cpu: KvBlockIndex, pod: string, hashes: ArrayLike<number>, now: number): number {
  let score = 0;
  for (let n = 0; n < hashes.length; n++) {
    if (gpu.has(pod, hashes[n], now)) score += TIER_WEIGHTS.gpu;
    else if (cpu.has(pod, hashes[n], now)) score += TIER_WEIGHTS.cpu;
    else break;
  }
  return score;
}

/** Shared by the producer and the deprecated `precise-prefix-cache-scorer`. */
export function createPrecisePrefixCache(type: string, name: string, p: PreciseParams, handle: PluginHandle): PrecisePrefixCache {
  const key = dataKey(PREFIX_CACHE_MATCH_INFO, name);
  const scratchKey = `${type}/${name}/hashes`;
  const bs = p.tokenProcessorConfig.blockSizeTokens ?? p.tokenProcessorConfig.blockSize ?? 16;
  const ttl = parseDuration(p.speculativeTTL) ?? 2;
  const seed = seedHash(p.tokenProcessorConfig.hashSeed);
  // One index per device tier; a pod's match is its run of consecutive blocks from block 0 held
  // on any tier, each block weighted by the best tier holding it (llm-d's LongestPrefixScorer).
  const index = new KvBlockIndex();
  const cpuIndex = new KvBlockIndex();
  const hashesOf = (request: LLMRequest): ArrayLike<number> => {
    if (handle.engineBlockHashes) return handle.engineBlockHashes(request.promptTokens, bs);
    const full = Math.floor(request.promptTokens.length / bs);
    return blockHashes(seed, request.promptTokens.subarray(0, full * bs), bs, full);
  };
  return {
    type,
    name,
    produces: [key],
    consumes: [],
    produce: (_s, request, endpoints) => {
      const hashes = hashesOf(request);
      request.attributes.set(scratchKey, hashes);
      const now = handle.now();
      for (const e of endpoints) {
        const info: PrefixCacheMatchInfo = {
          matchBlocks: weightedPrefix(index, cpuIndex, e.name, hashes, now),
          totalBlocks: hashes.length,
          blockSizeTokens: bs,
        };
        e.attributes.set(key, info);
      }
    },
    preRequest: (request, result) => {
      const hashes = request.attributes.get(scratchKey) as ArrayLike<number> | undefined;
      request.attributes.delete(scratchKey);
      if (!p.speculativeIndexing || hashes === undefined) return;
      const expiry = handle.now() + ttl;
      const targets: (Endpoint | undefined)[] = [
        result.profileResults.get(result.primaryProfileName)?.targetEndpoints[0],
        result.profileResults.get('prefill')?.targetEndpoints[0],
      ];
      for (const e of targets) if (e) index.speculate(e.name, hashes, expiry);
    },
    onKvEvent: (event) => {
      const tier = event.medium === 'CPU' ? cpuIndex : index;
      if (event.type === 'stored') tier.stored(event.pod, event.hashes);
      else if (event.type === 'removed') tier.removed(event.pod, event.hashes);
      else {
        index.cleared(event.pod);
        cpuIndex.cleared(event.pod);
      }
    },
    numIndexedBlocks: (pod) => index.numBlocks(pod),
  };
}

export const precisePrefixCacheProducer = definePlugin({
  type: PRECISE_PREFIX_CACHE_PRODUCER_TYPE,
  points: ['data-producer', 'pre-request', 'kv-event-sink'],
  params: preciseParams,
  produces: (_p: PreciseParams, name) => [dataKey(PREFIX_CACHE_MATCH_INFO, name)],
  create: (name, p: PreciseParams, handle) => createPrecisePrefixCache(PRECISE_PREFIX_CACHE_PRODUCER_TYPE, name, p, handle),
});
