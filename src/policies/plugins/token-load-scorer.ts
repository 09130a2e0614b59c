/**
 * `token-load-scorer` (llm-d-router `scheduling/scorer/tokenload/token_load.go`):
 * load = InFlightLoad.tokens + UncachedRequestTokens (what this request would add on that pod:
 * its uncached prompt, plus estimated output if the producer counts it), both from the in-flight
 * producer `inFlightLoadProducerName`; S = 1 when load ≤ 0, else 1 − min(1, load/queueThresholdTokens).
 * `queueThresholdTokens` ≤ 0 falls back to the default 4194304, as upstream.
 */
import { z } from 'zod';
import { IN_FLIGHT_LOAD, UNCACHED_REQUEST_TOKENS, dataKey, inFlightLoad, uncachedRequestTokens } from '../data.js';
import { definePlugin } from '../plugin.js';
import type { Scorer } from '../types.js';
import { INFLIGHT_LOAD_PRODUCER_TYPE } from './inflight-load-producer.js';

export const TOKEN_LOAD_SCORER_TYPE = 'token-load-scorer';
const DEFAULT_QUEUE_THRESHOLD_TOKENS = 4194304;

const params = z.strictObject({
  queueThresholdTokens: z.number().int().default(DEFAULT_QUEUE_THRESHOLD_TOKENS),
  inFlightLoadProducerName: z.string().min(1).default(INFLIGHT_LOAD_PRODUCER_TYPE),
});
type Params = z.infer<typeof params>;

export const tokenLoadScorer = definePlugin({
  type: TOKEN_LOAD_SCORER_TYPE,
  points: ['scorer'],
  params,
  consumes: (p: Params) => [dataKey(IN_FLIGHT_LOAD, p.inFlightLoadProducerName), dataKey(UNCACHED_REQUEST_TOKENS, p.inFlightLoadProducerName)],
  create: (name, p: Params): Scorer => {
    const loadKey = dataKey(IN_FLIGHT_LOAD, p.inFlightLoadProducerName);
    const requestKey = dataKey(UNCACHED_REQUEST_TOKENS, p.inFlightLoadProducerName);
    const threshold = p.queueThresholdTokens > 0 ? p.queueThresholdTokens : DEFAULT_QUEUE_THRESHOLD_TOKENS;
    return {
      type: TOKEN_LOAD_SCORER_TYPE,
      name,
      category: 'distribution',
      score: (_s, _r, endpoints, out) => {
        for (let i = 0; i < endpoints.length; i++) {
          const e = endpoints[i];
          const tokens = (inFlightLoad(e, loadKey)?.tokens ?? 0) + (uncachedRequestTokens(e, requestKey) ?? 0);
          out[i] = tokens <= 0 ? 1 : 1 - Math.min(1, tokens / threshold);
        }
      },
    };
  },
});
