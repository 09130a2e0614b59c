/**
 * `active-request-scorer` (llm-d-router `scheduling/scorer/activerequest/active_request.go`).
 * c = in-flight requests from `inflight-load-producer` (not metrics); maxC = max over candidates.
 * c ≤ idleThreshold → 1; else (maxC − c)/maxC · maxBusyScore.
 *
 * Differs from llm-d: `maxBusyScore` outside [0,1] is a parameter error, not ignored.
 */
import { z } from 'zod';
import { IN_FLIGHT_LOAD, dataKey, inFlightLoad } from '../data.js';
import { definePlugin } from '../plugin.js';
import type { Scorer } from '../types.js';
import { INFLIGHT_LOAD_PRODUCER_TYPE } from './inflight-load-producer.js';

export const ACTIVE_REQUEST_SCORER_TYPE = 'active-request-scorer';

const params = z.strictObject({
  idleThreshold: z.number().int().min(0).default(0),
  maxBusyScore: z.number().min(0).max(1).default(1),
  inFlightLoadProducerName: z.string().min(1).default(INFLIGHT_LOAD_PRODUCER_TYPE),
  /** Deprecated upstream and ignored. */
  requestTimeout: z.union([z.string(), z.number()]).optional(),
});
type Params = z.infer<typeof params>;

export const activeRequestScorer = definePlugin({
  type: ACTIVE_REQUEST_SCORER_TYPE,
  points: ['scorer'],
  params,
  consumes: (p: Params) => [dataKey(IN_FLIGHT_LOAD, p.inFlightLoadProducerName)],
  create: (name, p: Params): Scorer => {
    const key = dataKey(IN_FLIGHT_LOAD, p.inFlightLoadProducerName);
    return {
      type: ACTIVE_REQUEST_SCORER_TYPE,
      name,
      category: 'distribution',
      score: (_s, _r, endpoints, out) => {
        let maxC = 0;
        for (const e of endpoints) maxC = Math.max(maxC, inFlightLoad(e, key)?.requests ?? 0);
        for (let i = 0; i < endpoints.length; i++) {
          const c = inFlightLoad(endpoints[i], key)?.requests ?? 0;
          out[i] = c <= p.idleThreshold ? 1 : ((maxC - c) / maxC) * p.maxBusyScore;
        }
      },
    };
  },
});
