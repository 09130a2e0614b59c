/**
 * `kv-cache-utilization-scorer`. Reads `metrics.kvCacheUsagePercent` (a fraction): S = 1 − usage.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { Scorer } from '../types.js';

export const KV_CACHE_UTILIZATION_SCORER_TYPE = 'kv-cache-utilization-scorer';

export const kvCacheUtilizationScorer = definePlugin({
  type: KV_CACHE_UTILIZATION_SCORER_TYPE,
  points: ['scorer'],
  params: z.strictObject({}),
  create: (name): Scorer => ({
    type: KV_CACHE_UTILIZATION_SCORER_TYPE,
    name,
    category: 'distribution',
    score: (_s, _r, endpoints, out) => {
      for (let i = 0; i < endpoints.length; i++) out[i] = 1 - endpoints[i].metrics.kvCacheUsagePercent;
    },
  }),
});
