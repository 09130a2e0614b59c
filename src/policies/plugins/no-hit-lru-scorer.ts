/**
 * `no-hit-lru-scorer` (llm-d-router `scheduling/scorer/nohitlru/no_hit_lru.go`): spreads cold
 * requests (no candidate has a prefix match) over the pods that served a cold request least
 * recently, so new prefixes land on fresh caches. Warm requests: 0.5 for everyone.
 * Cold, N candidates: N = 1 → 1; the i-th never-used candidate (candidate order) gets 1 − i/(N−1);
 * a used one max(0, 1 − (numNeverUsed + lruPos)/(N−1)), lruPos 0 = least recently used.
 * PreRequest (cold only): the primary pick and the `prefill` pick move to most recently used.
 *
 * Prefix info: the default `prefixPluginType` prefix-cache-scorer means "the producer the
 * prefix-cache-scorer reads", i.e. the approx producer; any other type names the producer
 * `prefixPluginName` directly.
 */
import { z } from 'zod';
import { PREFIX_CACHE_MATCH_INFO, dataKey, prefixMatchInfo } from '../data.js';
import { definePlugin } from '../plugin.js';
import type { PreRequest, Scorer } from '../types.js';
import { APPROX_PREFIX_CACHE_PRODUCER_TYPE } from './approx-prefix-cache-producer/index.js';

export const NO_HIT_LRU_SCORER_TYPE = 'no-hit-lru-scorer';

const params = z.strictObject({
  prefixPluginType: z.string().min(1).default('prefix-cache-scorer'),
  prefixPluginName: z.string().min(1).default('prefix-cache-scorer'),
  lruSize: z.number().int().positive().default(1024),
});
type Params = z.infer<typeof params>;
const producerOf = (p: Params) => (p.prefixPluginType === 'prefix-cache-scorer' ? APPROX_PREFIX_CACHE_PRODUCER_TYPE : p.prefixPluginName);

export const noHitLruScorer = definePlugin({
  type: NO_HIT_LRU_SCORER_TYPE,
  points: ['scorer', 'pre-request'],
  params,
  consumes: (p: Params) => [dataKey(PREFIX_CACHE_MATCH_INFO, producerOf(p))],
  create: (name, p: Params): Scorer & PreRequest => {
    const key = dataKey(PREFIX_CACHE_MATCH_INFO, producerOf(p));
    const coldKey = `${NO_HIT_LRU_SCORER_TYPE}/${name}/cold`;
    /** Pods in LRU order (first = least recently used). */
    const lru = new Map<string, true>();
    const touch = (pod: string) => {
      lru.delete(pod);
      lru.set(pod, true);
      if (lru.size > p.lruSize) lru.delete(lru.keys().next().value as string);
    };
    return {
      type: NO_HIT_LRU_SCORER_TYPE,
      name,
      category: 'distribution',
      score: (_s, request, endpoints, out) => {
        const n = endpoints.length;
        const cold = !endpoints.some((e) => (prefixMatchInfo(e, key)?.matchBlocks ?? 0) > 0);
        request.attributes.set(coldKey, cold);
        if (!cold) {
          out.fill(0.5, 0, n);
          return;
        }
        if (n === 1) {
          out[0] = 1;
          return;
        }
        const numNeverUsed = endpoints.reduce((c, e) => c + (lru.has(e.name) ? 0 : 1), 0);
        const lruPos = new Map<string, number>();
        let pos = 0;
        for (const pod of lru.keys()) lruPos.set(pod, pos++);
        // lruPos ranks only the candidates among used pods
        const usedOrder = endpoints.filter((e) => lru.has(e.name)).sort((a, b) => lruPos.get(a.name)! - lruPos.get(b.name)!);
        const rank = new Map(usedOrder.map((e, i) => [e.name, i]));
        let i = 0;
        for (let k = 0; k < n; k++) {
          const e = endpoints[k];
          const r = rank.get(e.name);
          out[k] = r === undefined ? 1 - i++ / (n - 1) : Math.max(0, 1 - (numNeverUsed + r) / (n - 1));
        }
      },
      preRequest: (request, result) => {
        if (request.attributes.get(coldKey) !== true) return;
        const primary = result.profileResults.get(result.primaryProfileName)?.targetEndpoints[0];
        if (primary) touch(primary.name);
        const prefill = result.profileResults.get('prefill')?.targetEndpoints[0];
        if (prefill && result.primaryProfileName !== 'prefill') touch(prefill.name);
      },
    };
  },
});
