/**
 * `session-affinity-scorer` (llm-d-router `scheduling/scorer/sessionaffinity`): the endpoint the
 * request's session is bound to scores 1, every other 0; no binding, 0 everywhere. Strategies,
 * parameters and the binding are shared with the filter (session-affinity.ts).
 */
import { definePlugin } from '../plugin.js';
import type { PreRequest, Scorer } from '../types.js';
import { createSessionAffinity, sessionAffinityParams, type SessionAffinityParams } from './session-affinity.js';

export { SESSION_RESPONSE_HEADER_ATTRIBUTE } from './session-affinity.js';
export const SESSION_AFFINITY_SCORER_TYPE = 'session-affinity-scorer';

export const sessionAffinityScorer = definePlugin({
  type: SESSION_AFFINITY_SCORER_TYPE,
  points: ['scorer', 'pre-request'],
  params: sessionAffinityParams,
  create: (name, p: SessionAffinityParams, handle): Scorer & PreRequest => {
    const affinity = createSessionAffinity(p, handle);
    return {
      type: SESSION_AFFINITY_SCORER_TYPE,
      name,
      category: 'affinity',
      score: (_s, request, endpoints, out) => {
        const pod = affinity.wanted(request);
        for (let i = 0; i < endpoints.length; i++) out[i] = endpoints[i].name === pod ? 1 : 0;
      },
      preRequest: affinity.preRequest,
    };
  },
});
