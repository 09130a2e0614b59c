/**
 * `prefix-cache-scorer` (llm-d-router `scheduling/scorer/prefix/plugin.go`), stateless: it reads
 * `PrefixCacheMatchInfo` written by a producer (the approx producer unless
 * `prefixMatchInfoProducerName` says otherwise).
 * ratio = matchBlocks/totalBlocks; lenScore = min(1, matchBlocks·blockSize/matchLengthScaleTokens)²;
 * S = w·lenScore + (1 − w)·ratio. Missing info or totalBlocks = 0 → 0.
 */
import { z } from 'zod';
import { PREFIX_CACHE_MATCH_INFO, dataKey, prefixMatchInfo } from '../data.js';
import { definePlugin } from '../plugin.js';
import type { Scorer } from '../types.js';
import { APPROX_PREFIX_CACHE_PRODUCER_TYPE } from './approx-prefix-cache-producer/index.js';

export const PREFIX_CACHE_SCORER_TYPE = 'prefix-cache-scorer';

const params = z.strictObject({
  prefixMatchInfoProducerName: z.string().min(1).default(APPROX_PREFIX_CACHE_PRODUCER_TYPE),
  matchLengthWeight: z.number().min(0).max(1).default(0),
  matchLengthScaleTokens: z.number().int().positive().default(8192),
});
type Params = z.infer<typeof params>;

export const prefixCacheScorer = definePlugin({
  type: PREFIX_CACHE_SCORER_TYPE,
  points: ['scorer'],
  params,
  consumes: (p: Params) => [dataKey(PREFIX_CACHE_MATCH_INFO, p.prefixMatchInfoProducerName)],
  create: (name, p: Params): Scorer => {
    const key = dataKey(PREFIX_CACHE_MATCH_INFO, p.prefixMatchInfoProducerName);
    const w = p.matchLengthWeight;
    return {
      type: PREFIX_CACHE_SCORER_TYPE,
      name,
      category: 'affinity',
      score: (_s, _r, endpoints, out) => {
        for (let i = 0; i < endpoints.length; i++) {
          const info = prefixMatchInfo(endpoints[i], key);
          if (info === undefined || info.totalBlocks <= 0) {
            out[i] = 0;
            continue;
          }
          const ratio = info.matchBlocks / info.totalBlocks;
          let lenScore = 0;
          if (w > 0) {
            const l = Math.min(1, (info.matchBlocks * info.blockSizeTokens) / p.matchLengthScaleTokens);
            lenScore = l * l;
          }
          out[i] = w * lenScore + (1 - w) * ratio;
        }
      },
    };
  },
});
