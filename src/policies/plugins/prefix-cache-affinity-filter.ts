/**
 * `prefix-cache-affinity-filter`: keeps the endpoints whose prefix match ratio
 * (matchBlocks/totalBlocks) is ≥ `affinityThreshold`; when none reaches it, keeps everyone, so
 * a cold request falls through to the load scorers (fail open).
 *
 * Assumption: the reference names only `affinityThreshold` (0.99 and 0.80 in the GAIE chart), not
 * its default or the fail-open rule; we default to 0.8 and fail open, as the optimized-baseline
 * guide pairs it with a load scorer. The in-flight-token load gate llm-d mentions is not modelled.
 */
import { z } from 'zod';
import { PREFIX_CACHE_MATCH_INFO, dataKey, matchRatio, prefixMatchInfo } from '../data.js';
import { definePlugin } from '../plugin.js';
import type { Endpoint, Filter } from '../types.js';
import { APPROX_PREFIX_CACHE_PRODUCER_TYPE } from './approx-prefix-cache-producer/index.js';

export const PREFIX_CACHE_AFFINITY_FILTER_TYPE = 'prefix-cache-affinity-filter';

const params = z.strictObject({
  affinityThreshold: z.number().gt(0).max(1).default(0.8),
  prefixMatchInfoProducerName: z.string().min(1).default(APPROX_PREFIX_CACHE_PRODUCER_TYPE),
});
type Params = z.infer<typeof params>;

export const prefixCacheAffinityFilter = definePlugin({
  type: PREFIX_CACHE_AFFINITY_FILTER_TYPE,
  points: ['filter'],
  params,
  consumes: (p: Params) => [dataKey(PREFIX_CACHE_MATCH_INFO, p.prefixMatchInfoProducerName)],
  create: (name, p: Params): Filter => {
    const key = dataKey(PREFIX_CACHE_MATCH_INFO, p.prefixMatchInfoProducerName);
    const hot = (e: Endpoint) => matchRatio(prefixMatchInfo(e, key)) >= p.affinityThreshold;
    return {
      type: PREFIX_CACHE_AFFINITY_FILTER_TYPE,
      name,
      filter: (_s, _r, endpoints) => {
        let numHot = 0;
        for (const e of endpoints) if (hot(e)) numHot++;
        if (numHot === 0 || numHot === endpoints.length) return endpoints;
        return endpoints.filter(hot);
      },
    };
  },
});
