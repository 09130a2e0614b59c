/**
 * What `session-affinity-scorer` and `session-affinity-filter` share (llm-d-router
 * `scheduling/util/sessionaffinity`): their parameters, how a request names its session's pod, and
 * how the pick is remembered.
 * - encoded_endpoint_header (default): header `x-session-token` carries base64(endpoint name) of the
 *   previous pick; at PreRequest the token for this pick is left in request attribute
 *   SESSION_RESPONSE_HEADER_ATTRIBUTE ({header, value}) for the client to echo on its next request
 *   (llm-d writes it on the response).
 * - session_id: the id comes from the first present source (default header `x-session-id`); a
 *   server-side binding session → pod, refreshed on use, expires after `evictionTtlSeconds` (swept
 *   every `evictionSweepSeconds`). Unbound, or bound to an absent pod: no preference; the binding
 *   then follows wherever the request went.
 * `profileName` picks which profile's pick binds (default the primary).
 */
import { z } from 'zod';
import type { LLMRequest, PluginHandle, SchedulingResult } from '../types.js';

export const SESSION_RESPONSE_HEADER_ATTRIBUTE = 'session-affinity-scorer/response-header';
export const SESSION_ID_HEADER = 'x-session-id';
export const SESSION_TOKEN_HEADER = 'x-session-token';

const source = z.union([z.strictObject({ header: z.string().min(1) }), z.strictObject({ attribute: z.string().min(1) })]);
export const sessionAffinityParams = z.strictObject({
  strategy: z.enum(['encoded_endpoint_header', 'session_id']).default('encoded_endpoint_header'),
  encodedEndpointHeaderConfig: z.strictObject({ header: z.string().min(1).default(SESSION_TOKEN_HEADER) }).default({ header: SESSION_TOKEN_HEADER }),
  sessionIdConfig: z
    .strictObject({
      sources: z.array(source).min(1).default([{ header: SESSION_ID_HEADER }]),
      evictionTtlSeconds: z.number().positive().default(300),
      evictionSweepSeconds: z.number().positive().default(10),
    })
    .default({ sources: [{ header: SESSION_ID_HEADER }], evictionTtlSeconds: 300, evictionSweepSeconds: 10 }),
  profileName: z.string().min(1).optional(),
});
export type SessionAffinityParams = z.infer<typeof sessionAffinityParams>;

const encode = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const decode = (s: string) => Buffer.from(s, 'base64').toString('utf8');

export interface SessionAffinity {
  /** The endpoint name this request's session is bound to, or undefined (no preference). */
  wanted(request: LLMRequest): string | undefined;
  /** Remembers this request's pick (a server-side binding, or the token for the client to echo). */
  preRequest(request: LLMRequest, result: SchedulingResult): void;
}

export function createSessionAffinity(p: SessionAffinityParams, handle: PluginHandle): SessionAffinity {
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
  return {
    wanted(r) {
      if (p.strategy === 'encoded_endpoint_header') {
        const token = r.headers[p.encodedEndpointHeaderConfig.header];
        return token ? decode(token) : undefined;
      }
      const id = sessionId(r);
      const b = id === undefined ? undefined : bindings.get(id);
      return b !== undefined && handle.now() - b.lastUsed <= cfg.evictionTtlSeconds ? b.pod : undefined;
    },
    preRequest(request, result) {
      const pick = result.profileResults.get(p.profileName ?? result.primaryProfileName)?.targetEndpoints[0];
      if (!pick) return;
      if (p.strategy === 'encoded_endpoint_header') {
        request.attributes.set(SESSION_RESPONSE_HEADER_ATTRIBUTE, { header: p.encodedEndpointHeaderConfig.header, value: encode(pick.name) });
        return;
      }
      const id = sessionId(request);
      if (id === undefined) return;
      const now = handle.now();
      sweep(now);
      bindings.set(id, { pod: pick.name, lastUsed: now });
    },
  };
}
