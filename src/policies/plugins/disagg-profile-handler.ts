/**
 * `disagg-profile-handler` (llm-d-router `scheduling/profilehandler/disagg/disagg_profile_handler.go`),
 * the P/D (and E/P/D) handler.
 *
 * decode-first (default): run decode; if it found nobody, stop. Then encode if its profile exists
 * and its decider approves the decode pick (a rejection marks encode done), then prefill the same
 * way, publishing the decode pick as request attribute `peer-endpoint` first. prefill-first: run
 * prefill whenever its profile exists, then encode (if approved), then decode; the prefill pick is
 * the peer endpoint. Without a prefill decider there is no P/D: only decode runs.
 * ProcessResults: decode must have a pick; it is the primary; non-null prefill/encode are kept.
 * PreRequest writes `x-prefiller-host-port` / `x-encoder-hosts-ports` (fleetsim has no addresses:
 * the endpoint names stand in for ip:port).
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import {
  isPdDecider,
  type CycleState,
  type LLMRequest,
  type PdDecider,
  type PluginHandle,
  type PreRequest,
  type ProfileHandler,
  type ProfileRunResult,
  type SchedulingResult,
} from '../types.js';

export const DISAGG_PROFILE_HANDLER_TYPE = 'disagg-profile-handler';
export const PEER_ENDPOINT_ATTRIBUTE = 'peer-endpoint';
export const PREFILLER_HEADER = 'x-prefiller-host-port';
export const ENCODERS_HEADER = 'x-encoder-hosts-ports';

const params = z
  .strictObject({
    profiles: z
      .strictObject({ decode: z.string().min(1).optional(), prefill: z.string().min(1).optional(), encode: z.string().min(1).optional() })
      .optional(),
    deciders: z.strictObject({ prefill: z.string().min(1).optional(), encode: z.string().min(1).optional() }).optional(),
    stageOrder: z.enum(['decode-first', 'prefill-first']).default('decode-first'),
    // Legacy flat names, still accepted upstream (with warnings).
    decodeProfile: z.string().min(1).optional(),
    prefillProfile: z.string().min(1).optional(),
    encodeProfile: z.string().min(1).optional(),
    prefillDeciderPluginName: z.string().min(1).optional(),
    encodeDeciderPluginName: z.string().min(1).optional(),
    deciderPluginName: z.string().min(1).optional(),
  })
  .transform((p) => ({
    decode: p.profiles?.decode ?? p.decodeProfile ?? 'decode',
    prefill: p.profiles?.prefill ?? p.prefillProfile ?? 'prefill',
    encode: p.profiles?.encode ?? p.encodeProfile ?? 'encode',
    prefillDecider: p.deciders?.prefill ?? p.prefillDeciderPluginName ?? p.deciderPluginName,
    encodeDecider: p.deciders?.encode ?? p.encodeDeciderPluginName,
    stageOrder: p.stageOrder,
  }));
type Params = z.infer<typeof params>;

const NONE: readonly string[] = [];

/** A profile result with a pick (a failed profile's result is null). */
export const hasPick = (r: ProfileRunResult | null | undefined): r is ProfileRunResult => !!r && r.targetEndpoints.length > 0;

/** The P/D decider plugin of that name, looked up at use (it may be listed after its handler). */
export function pdDecider(handle: PluginHandle, pluginName: string | undefined): PdDecider | undefined {
  const d = pluginName === undefined ? undefined : handle.plugin?.(pluginName);
  return d !== undefined && isPdDecider(d) ? d : undefined;
}

/**
 * ProcessResults of the P/D handlers: decode must have a pick and is the primary; the other stages'
 * non-null results are kept.
 */
export function decodePrimary(
  results: ReadonlyMap<string, ProfileRunResult | null>,
  decode: string,
  others: readonly string[],
): SchedulingResult | { error: string } {
  const dec = results.get(decode);
  if (!hasPick(dec)) return { error: 'failed to find available decode workers' };
  const out = new Map<string, ProfileRunResult | null>([[decode, dec]]);
  for (const stage of others) {
    const r = results.get(stage);
    if (hasPick(r)) out.set(stage, r);
  }
  return { profileResults: out, primaryProfileName: decode };
}

/**
 * PreRequest of the disagg handlers (this one, and disagg-headers-handler.ts for pd-profile-handler):
 * `x-prefiller-host-port` from the prefill profile's pick, `x-encoder-hosts-ports` from the encode
 * profile's picks, or each header deleted.
 */
export function writeDisaggHeaders(request: LLMRequest, result: SchedulingResult, prefillProfile: string, encodeProfile: string): void {
  const prefill = result.profileResults.get(prefillProfile)?.targetEndpoints[0];
  if (prefill) request.headers[PREFILLER_HEADER] = prefill.name;
  else delete request.headers[PREFILLER_HEADER];
  const encoders = result.profileResults.get(encodeProfile)?.targetEndpoints;
  if (encoders && encoders.length > 0) request.headers[ENCODERS_HEADER] = encoders.map((e) => e.name).join(',');
  else delete request.headers[ENCODERS_HEADER];
}
/** CycleState key: stages whose decider said no (llm-d stores a nil result). */
const DECLINED = 'disagg-profile-handler/declined';

export const disaggProfileHandler = definePlugin({
  type: DISAGG_PROFILE_HANDLER_TYPE,
  points: ['profile-handler', 'pre-request'],
  params,
  refs: (p: Params) => [
    ...(p.prefillDecider ? [{ path: ['deciders', 'prefill'], name: p.prefillDecider, point: 'pd-decider' as const }] : []),
    ...(p.encodeDecider ? [{ path: ['deciders', 'encode'], name: p.encodeDecider, point: 'pd-decider' as const }] : []),
  ],
  // Every request runs the decode profile (prefill and encode run only if they exist).
  profileRefs: (p: Params) => [{ path: ['profiles', 'decode'], name: p.decode }],
  create: (name, p: Params, handle): ProfileHandler & PreRequest => {
    const declined = (state: CycleState): Set<string> => {
      let s = state.get(DECLINED) as Set<string> | undefined;
      if (s === undefined) {
        s = new Set();
        state.set(DECLINED, s);
      }
      return s;
    };
    /** Runs `stage` if it exists, has not run, and its decider (if `gated`) approves. */
    const tryStage = (
      state: CycleState,
      request: LLMRequest,
      profiles: ReadonlyMap<string, unknown>,
      results: ReadonlyMap<string, ProfileRunResult | null>,
      stage: string,
      deciderName: string | undefined,
      peer: ProfileRunResult,
    ): boolean => {
      if (!profiles.has(stage) || results.has(stage) || declined(state).has(stage)) return false;
      const d = pdDecider(handle, deciderName);
      if (d === undefined || !d.disaggregate(request, peer.targetEndpoints[0])) {
        declined(state).add(stage);
        return false;
      }
      return true;
    };
    return {
      type: DISAGG_PROFILE_HANDLER_TYPE,
      name,
      pickProfiles: (state, request, profiles, results) => {
        if (p.stageOrder === 'prefill-first') {
          if (profiles.has(p.prefill) && p.prefillDecider !== undefined && !results.has(p.prefill)) return [p.prefill];
          const pre = results.get(p.prefill);
          const peer = hasPick(pre) ? pre : undefined;
          if (peer) request.attributes.set(PEER_ENDPOINT_ATTRIBUTE, peer.targetEndpoints[0]);
          if (peer && tryStage(state, request, profiles, results, p.encode, p.encodeDecider, peer)) return [p.encode];
          return results.has(p.decode) ? NONE : [p.decode];
        }
        if (!results.has(p.decode)) return [p.decode];
        const dec = results.get(p.decode);
        if (!hasPick(dec)) return NONE;
        if (tryStage(state, request, profiles, results, p.encode, p.encodeDecider, dec)) return [p.encode];
        if (tryStage(state, request, profiles, results, p.prefill, p.prefillDecider, dec)) {
          request.attributes.set(PEER_ENDPOINT_ATTRIBUTE, dec.targetEndpoints[0]);
          return [p.prefill];
        }
        return NONE;
      },
      processResults: (_s, _r, results) => decodePrimary(results, p.decode, [p.prefill, p.encode]),
      preRequest: (request, result) => writeDisaggHeaders(request, result, p.prefill, p.encode),
    };
  },
});

