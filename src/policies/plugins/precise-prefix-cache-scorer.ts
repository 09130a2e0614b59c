/**
 * `precise-prefix-cache-scorer` (deprecated upstream): `precise-prefix-cache-producer` and
 * `prefix-cache-scorer` (default weights: the match ratio) in one plugin. It takes the producer's
 * parameters. Migrate to the two-plugin form (reference §2.3).
 */
import { definePlugin } from '../plugin.js';
import { PREFIX_CACHE_MATCH_INFO, dataKey, matchRatio, prefixMatchInfo } from '../data.js';
import type { Scorer } from '../types.js';
import { createPrecisePrefixCache, preciseParams, type PreciseParams, type PrecisePrefixCache } from './precise-prefix-cache-producer/index.js';

export const PRECISE_PREFIX_CACHE_SCORER_TYPE = 'precise-prefix-cache-scorer';

export const precisePrefixCacheScorer = definePlugin({
  type: PRECISE_PREFIX_CACHE_SCORER_TYPE,
  points: ['scorer', 'data-producer', 'pre-request', 'kv-event-sink'],
  params: preciseParams,
  produces: (_p: PreciseParams, name) => [dataKey(PREFIX_CACHE_MATCH_INFO, name)],
  create: (name, p: PreciseParams, handle): PrecisePrefixCache & Scorer => {
    const cache = createPrecisePrefixCache(PRECISE_PREFIX_CACHE_SCORER_TYPE, name, p, handle);
    const key = dataKey(PREFIX_CACHE_MATCH_INFO, name);
    return {
      ...cache,
      category: 'affinity',
      score: (_s, _r, endpoints, out) => {
        for (let i = 0; i < endpoints.length; i++) out[i] = matchRatio(prefixMatchInfo(endpoints[i], key));
      },
    };
  },
});
