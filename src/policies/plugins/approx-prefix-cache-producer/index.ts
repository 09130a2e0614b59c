/**
 * `approx-prefix-cache-producer` (llm-d-router `requestcontrol/dataproducer/approximateprefix`).
 * Produce: hash the prompt into chained blocks, walk the router's own index greedily and write
 * `PrefixCacheMatchInfo(matchBlocks, totalBlocks, blockSize)` on every candidate.
 * PreRequest: speculatively record every hash on the primary pick and on the `prefill` profile's
 * pick — the index reflects routing decisions, not engine cache state, so it can be wrong (no
 * eviction awareness beyond its own per-pod LRU), as in production.
 *
 * Block size: `blockSizeTokens`, or with autoTune the first candidate's `cacheBlockSize` when
 * known; then clamped to ≥ 64 (llm-d #1158). Differs from llm-d: PreRequest updates synchronously.
 */
import { z } from 'zod';
import { PREFIX_CACHE_MATCH_INFO, dataKey, type PrefixCacheMatchInfo } from '../../data.js';
import { definePlugin } from '../../plugin.js';
import type { DataProducer, Endpoint, LLMRequest, PreRequest } from '../../types.js';
import { blockHashes, seedHash } from './hash.js';
import { PrefixIndexer } from './indexer.js';

export const APPROX_PREFIX_CACHE_PRODUCER_TYPE = 'approx-prefix-cache-producer';

const DEFAULT_BLOCK_SIZE_TOKENS = 16;
const MIN_BLOCK_SIZE_TOKENS = 64;
const DEFAULT_LRU_CAPACITY = 31250;
/** Pods gone from the pool are purged this often (simulated seconds). */
const PURGE_INTERVAL_S = 120;

const params = z
  .strictObject({
    autoTune: z.boolean().default(true),
    blockSizeTokens: z.number().int().default(DEFAULT_BLOCK_SIZE_TOKENS),
    /** Deprecated, character-based; maps to blockSizeTokens when that is left at its default. */
    blockSize: z.number().int().positive().optional(),
    maxPrefixBlocksToMatch: z.number().int().min(0).default(2048),
    maxPrefixTokensToMatch: z.number().int().min(0).default(131072),
    lruCapacityPerServer: z.number().int().min(0).default(DEFAULT_LRU_CAPACITY),
  })
  .superRefine((p, ctx) => {
    if (!p.autoTune && p.blockSizeTokens <= 0) {
      ctx.addIssue({ code: 'custom', path: ['blockSizeTokens'], message: 'must be > 0 when autoTune is false' });
    }
  });
type Params = z.infer<typeof params>;

/** Per-request scratch stored on the request: the hashes PreRequest will record. */
interface RequestHashes {
  readonly hashes: Int32Array;
  readonly blockSize: number;
}

export interface ApproxPrefixCacheProducer extends DataProducer, PreRequest {
  /** For tests and reports: how many blocks the index believes `pod` holds. */
  numIndexedBlocks(pod: string): number;
}

export const approxPrefixCacheProducer = definePlugin({
  type: APPROX_PREFIX_CACHE_PRODUCER_TYPE,
  points: ['data-producer', 'pre-request'],
  params,
  produces: (_p: Params, name) => [dataKey(PREFIX_CACHE_MATCH_INFO, name)],
  create: (name, p: Params, handle): ApproxPrefixCacheProducer => {
    const key = dataKey(PREFIX_CACHE_MATCH_INFO, name);
    const scratchKey = `${APPROX_PREFIX_CACHE_PRODUCER_TYPE}/${name}/hashes`;
    const configuredBlockSize =
      p.blockSize !== undefined && p.blockSizeTokens === DEFAULT_BLOCK_SIZE_TOKENS ? p.blockSize : p.blockSizeTokens;
    const indexer = new PrefixIndexer();
    let counts = new Int32Array(16);
    const capacities = new Map<string, number>();
    let lastPurge = handle.now();

    const blockSizeFor = (endpoints: readonly Endpoint[]): number => {
      let bs = configuredBlockSize;
      const reported = endpoints[0]?.metrics.cacheBlockSize ?? 0;
      if (p.autoTune && reported > 0) bs = reported;
      return Math.max(bs, MIN_BLOCK_SIZE_TOKENS);
    };
    const maxBlocksFor = (bs: number): number =>
      p.maxPrefixTokensToMatch > 0
        ? Math.floor(p.maxPrefixTokensToMatch / bs)
        : p.maxPrefixBlocksToMatch > 0
          ? p.maxPrefixBlocksToMatch
          : Infinity;
    const capacityFor = (e: Endpoint): number => {
      const n = e.metrics.cacheNumBlocks ?? 0;
      return p.autoTune && n > 0 ? n : p.lruCapacityPerServer > 0 ? p.lruCapacityPerServer : DEFAULT_LRU_CAPACITY;
    };
    // Prompts are immutable and workloads reuse prompt arrays (a shared-prefix corpus), so a
    // prompt's hashes are computed once per (array, seed, block size), not once per request.
    const hashCache = new WeakMap<Int32Array, { seed: number; bs: number; hashes: Int32Array }>();
    const hashesOf = (request: LLMRequest, bs: number): Int32Array => {
      const seed = seedHash(request.model, request.cacheSalt);
      const hit = hashCache.get(request.promptTokens);
      if (hit && hit.seed === seed && hit.bs === bs) return hit.hashes;
      const hashes = blockHashes(seed, request.promptTokens, bs, maxBlocksFor(bs));
      hashCache.set(request.promptTokens, { seed, bs, hashes });
      return hashes;
    };
    const record = (request: LLMRequest, e: Endpoint | undefined, h: RequestHashes) => {
      if (e === undefined) return;
      indexer.add(e.name, h.hashes, capacities.get(e.name) ?? capacityFor(e));
    };

    const matchOf = (pod: string): number => {
      const id = indexer.idOf(pod);
      return id < 0 ? 0 : counts[id];
    };

    return {
      type: APPROX_PREFIX_CACHE_PRODUCER_TYPE,
      name,
      produces: [key],
      consumes: [],
      produce: (_s, request, endpoints) => {
        const now = handle.now();
        if (now - lastPurge >= PURGE_INTERVAL_S) {
          const present = new Set(endpoints.map((e) => e.name));
          indexer.purge((pod) => present.has(pod));
          lastPurge = now;
        }
        const bs = blockSizeFor(endpoints);
        const hashes = hashesOf(request, bs);
        request.attributes.set(scratchKey, { hashes, blockSize: bs } satisfies RequestHashes);
        if (counts.length < indexer.numIds) counts = new Int32Array(2 * indexer.numIds);
        else counts.fill(0, 0, indexer.numIds);
        indexer.match(hashes, counts);
        for (const e of endpoints) {
          capacities.set(e.name, capacityFor(e));
          const info: PrefixCacheMatchInfo = {
            matchBlocks: matchOf(e.name),
            totalBlocks: hashes.length,
            blockSizeTokens: bs,
          };
          e.attributes.set(key, info);
        }
      },
      preRequest: (request, result) => {
        const h = request.attributes.get(scratchKey) as RequestHashes | undefined;
        if (h === undefined) return;
        request.attributes.delete(scratchKey);
        const primary = result.profileResults.get(result.primaryProfileName)?.targetEndpoints[0];
        record(request, primary, h);
        if (result.primaryProfileName !== 'prefill') {
          record(request, result.profileResults.get('prefill')?.targetEndpoints[0], h);
        }
      },
      numIndexedBlocks: (pod) => indexer.numBlocks(pod),
    };
  },
});
