/**
 * `token-load-scorer`: S = 1 − min(1, inflightTokens/queueThresholdTokens), with the in-flight
 * tokens from `inflight-load-producer`.
 */
import { z } from 'zod';
import { IN_FLIGHT_LOAD, dataKey, inFlightLoad } from '../data.js';
import { definePlugin } from '../plugin.js';
import type { Scorer } from '../types.js';
import { INFLIGHT_LOAD_PRODUCER_TYPE } from './inflight-load-producer.js';

export const TOKEN_LOAD_SCORER_TYPE = 'token-load-scorer';

const params = z.strictObject({ queueThresholdTokens: z.number().positive().default(4194304) });
type Params = z.infer<typeof params>;
const KEY = dataKey(IN_FLIGHT_LOAD, INFLIGHT_LOAD_PRODUCER_TYPE);

export const tokenLoadScorer = definePlugin({
  type: TOKEN_LOAD_SCORER_TYPE,
  points: ['scorer'],
  params,
  consumes: () => [KEY],
  create: (name, p: Params): Scorer => ({
    type: TOKEN_LOAD_SCORER_TYPE,
    name,
    category: 'distribution',
    score: (_s, _r, endpoints, out) => {
      for (let i = 0; i < endpoints.length; i++) {
        const tokens = inFlightLoad(endpoints[i], KEY)?.tokens ?? 0;
        out[i] = 1 - Math.min(1, tokens / p.queueThresholdTokens);
      }
    },
  }),
});
