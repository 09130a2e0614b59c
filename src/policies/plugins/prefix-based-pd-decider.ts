/**
 * `prefix-based-pd-decider`: disaggregate iff the prompt's uncached part on the decode pick is at
 * least `nonCachedTokens`. inputTokens = prompt length; false if `promptTokens` > 0 and the prompt
 * is shorter; false if input < nonCachedTokens; hit = matchBlocks·blockSize from the decode pick's
 * `PrefixCacheMatchInfo` (missing → false); nonCached = input − hit. nonCachedTokens 0 (the
 * default) means the decider always says no, i.e. P/D stays off until it is set.
 */
import { z } from 'zod';
import { PREFIX_CACHE_MATCH_INFO, dataKey, prefixMatchInfo } from '../data.js';
import { definePlugin } from '../plugin.js';
import type { PdDecider } from '../types.js';
import { APPROX_PREFIX_CACHE_PRODUCER_TYPE } from './approx-prefix-cache-producer/index.js';

export const PREFIX_BASED_PD_DECIDER_TYPE = 'prefix-based-pd-decider';

const params = z.strictObject({
  nonCachedTokens: z.number().int().min(0).default(0),
  promptTokens: z.number().int().min(0).default(0),
});
type Params = z.infer<typeof params>;
const KEY = dataKey(PREFIX_CACHE_MATCH_INFO, APPROX_PREFIX_CACHE_PRODUCER_TYPE);

export const prefixBasedPdDecider = definePlugin({
  type: PREFIX_BASED_PD_DECIDER_TYPE,
  points: ['pd-decider'],
  params,
  // The decider reads prefix info from the decode pick, so P/D needs a prefix producer.
  consumes: () => [KEY],
  create: (name, p: Params): PdDecider => ({
    type: PREFIX_BASED_PD_DECIDER_TYPE,
    name,
    disaggregate: (request, decode) => {
      if (p.nonCachedTokens <= 0) return false;
      const input = request.promptTokens.length;
      if (p.promptTokens > 0 && input < p.promptTokens) return false;
      if (input < p.nonCachedTokens) return false;
      let info = prefixMatchInfo(decode, KEY);
      if (info === undefined) {
        for (const [k] of decode.attributes) {
          if (k.startsWith(PREFIX_CACHE_MATCH_INFO + '/')) info = prefixMatchInfo(decode, k);
          if (info) break;
        }
      }
      if (info === undefined) return false;
      return input - info.matchBlocks * info.blockSizeTokens >= p.nonCachedTokens;
    },
  }),
});
