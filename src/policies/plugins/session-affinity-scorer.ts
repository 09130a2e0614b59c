/**
 * `session-affinity-scorer` (llm-d-router `scheduling/scorer/sessionaffinity`).
 * encoded_endpoint_header (default): header `x-session-token` carries base64(endpoint name) of
 * the previous pick; that endpoint scores 1, others 0. At PreRequest the token for this pick is
 * left in request attribute `session-affinity-scorer/response-header` ({header, value}) for the
 * client to echo on its next request (llm-d writes it on the response).
 * session_id: the id comes from the first present source (default header `x-session-id`); a
 * server-side binding session → pod, refreshed on use, expires after `evictionTtlSeconds`
 * (swept every `evictionSweepSeconds`). Unbound, or bound to an absent pod → 0 everywhere; the
 * binding then follows wherever the request went. `profileName` picks which profile's pick binds.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { LLMRequest, PreRequest, Scorer } from '../types.js';

export const SESSION_AFFINITY_SCORER_TYPE = 'session-affinity-scorer';
export const SESSION_RESPONSE_HEADER_ATTRIBUTE = 'session-affinity-scorer/response-header';

const source = z.union([z.strictObject({ header: z.string().min(1) }), z.strictObject({ attribute: z.string().min(1) })]);
const params = z.strictObject({
  strategy: z.enum(['encoded_endpoint_header', 'session_id']).default('encoded_endpoint_header'),
  encodedEndpointHeaderConfig: z.strictObject({ header: z.string().min(1).default('x-session-token') }).default({ header: 'x-session-token' }),
  sessionIdConfig: z
    .strictObject({
      sources: z.array(source).min(1).default([{ header: 'x-session-id' }]),
      evictionTtlSeconds: z.number().positive().default(300),
      evictionSweepSeconds: z.number().positive().default(10),
    })
    .default({ sources: [{ header: 'x-session-id' }], evictionTtlSeconds: 300, evictionSweepSeconds: 10 }),
  profileName: z.string().min(1).optional(),
});
type Params = z.infer<typeof params>;

const encode = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const decode = (s: string) => Buffer.from(s, 'base64').toString('utf8');

export const sessionAffinityScorer = definePlugin({
  type: SESSION_AFFINITY_SCORER_TYPE,
  points: ['scorer', 'pre-request'],
  params,
  create: (name, p: Params, handle): Scorer & PreRequest => {
    const bindings = new Map<string, { pod: string; lastUsed: number }>();
    let lastSweep = handle.now();
    const cfg = p.sessionIdConfig;
    const sessionId = (r: LLMRequest): string | undefined => {
      for (const s of cfg.sources) {
        const v = 'header' in s ? r.headers[s.header] : r.attributes.get(s.attribute);
        if (typeof v === 'string' && v !== '') return v;
      }
      return undefined;
    };
    const sweep = (now: number) => {
      if (now - lastSweep < cfg.evictionSweepSeconds) return;
      lastSweep = now;
      for (const [id, b] of bindings) if (now - b.lastUsed > cfg.evictionTtlSeconds) bindings.delete(id);
    };
    const wanted = (r: LLMRequest): string | undefined => {
      if (p.strategy === 'encoded_endpoint_header') {
        const token = r.headers[p.encodedEndpointHeaderConfig.header];
        return token ? decode(token) : undefined;
      }
      const id = sessionId(r);
      const b = id === undefined ? undefined : bindings.get(id);
      return b !== undefined && handle.now() - b.lastUsed <= cfg.evictionTtlSeconds ? b.pod : undefined;
    };
    return {
      type: SESSION_AFFINITY_SCORER_TYPE,
      name,
      category: 'affinity',
      score: (_s, request, endpoints, out) => {
        const pod = wanted(request);
        for (let i = 0; i < endpoints.length; i++) out[i] = endpoints[i].name === pod ? 1 : 0;
      },
      preRequest: (request, result) => {
        const pick = result.profileResults.get(p.profileName ?? result.primaryProfileName)?.targetEndpoints[0];
        if (!pick) return;
        if (p.strategy === 'encoded_endpoint_header') {
          request.attributes.set(SESSION_RESPONSE_HEADER_ATTRIBUTE, {
            header: p.encodedEndpointHeaderConfig.header,
            value: encode(pick.name),
          });
          return;
        }
        const id = sessionId(request);
        if (id === undefined) return;
        const now = handle.now();
        sweep(now);
        bindings.set(id, { pod: pick.name, lastUsed: now });
      },
    };
  },
});
