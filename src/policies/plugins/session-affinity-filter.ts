/**
 * `session-affinity-filter` (llm-d-router `scheduling/filter/sessionaffinity`), the hard-pin
 * counterpart of the scorer: when the request's session pod is among the candidates it is the only
 * one kept; with no session, or its pod gone, every candidate passes (never an empty set) and the
 * binding then follows wherever the request went. Same strategies and parameters as the scorer
 * (session-affinity.ts).
 */
import { definePlugin } from '../plugin.js';
import type { Filter, PreRequest } from '../types.js';
import { createSessionAffinity, sessionAffinityParams, type SessionAffinityParams } from './session-affinity.js';

export const SESSION_AFFINITY_FILTER_TYPE = 'session-affinity-filter';

export const sessionAffinityFilter = definePlugin({
  type: SESSION_AFFINITY_FILTER_TYPE,
  points: ['filter', 'pre-request'],
  params: sessionAffinityParams,
  create: (name, p: SessionAffinityParams, handle): Filter & PreRequest => {
    const affinity = createSessionAffinity(p, handle);
    return {
      type: SESSION_AFFINITY_FILTER_TYPE,
      name,
      filter: (_s, request, endpoints) => {
        const pod = affinity.wanted(request);
        if (pod === undefined) return endpoints;
        const kept = endpoints.filter((e) => e.name === pod);
        return kept.length > 0 ? kept : endpoints;
      },
      preRequest: affinity.preRequest,
    };
  },
});
