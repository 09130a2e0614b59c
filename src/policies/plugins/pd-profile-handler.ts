/**
 * `pd-profile-handler` (llm-d-router `scheduling/profilehandler/disagg/pd_profile_handler.go`), the
 * P/D handler before `disagg-profile-handler`: deprecated since v0.7 but still registered, so P/D
 * configs written for it load unchanged.
 *
 * Pick: run decode first; once it ran, stop if every profile has run or decode found nobody; else
 * run prefill if the decider approves the decode pick, or stop. ProcessResults: decode must have a
 * pick; it is the primary; a non-null prefill result is kept. Unlike its successor it writes no
 * headers: configs pair it with `prefill-header-handler` / `disagg-headers-handler`
 * (disagg-headers-handler.ts), without which the prefill pick is never used by the decode pod.
 * `primaryPort` (data-parallel ranks behind one pod address) only rewrites ports; fleetsim has none.
 * The historic character-based `threshold` / `hashBlockSize` parameters are gone upstream.
 */
import { z } from 'zod';
import { PREFIX_CACHE_MATCH_INFO, dataKey } from '../data.js';
import { definePlugin } from '../plugin.js';
import { APPROX_PREFIX_CACHE_PRODUCER_TYPE } from './approx-prefix-cache-producer/index.js';
import type { ProfileHandler } from '../types.js';
import { decodePrimary, hasPick, pdDecider } from './disagg-profile-handler.js';

export const PD_PROFILE_HANDLER_TYPE = 'pd-profile-handler';

const params = z
  .strictObject({
    decodeProfile: z.string().min(1).default('decode'),
    prefillProfile: z.string().min(1).default('prefill'),
    // Deprecated upstream ("This field was never used"); accepted so old files load.
    prefixPluginType: z.string().optional(),
    prefixPluginName: z.string().optional(),
    /** 0 = unset; else a port in 1..65535, as upstream validates it. */
    primaryPort: z.int().min(0).max(65535).default(0),
    /** Upstream's default is the plugin named `prefix-based-pd-decider`, which must then exist. */
    deciderPluginName: z.string().min(1).default('prefix-based-pd-decider'),
    prefixMatchInfoProducerName: z.string().optional(),
  })
  .transform((p) => ({
    decode: p.decodeProfile,
    prefill: p.prefillProfile,
    decider: p.deciderPluginName,
    prefixProducer: p.prefixMatchInfoProducerName || APPROX_PREFIX_CACHE_PRODUCER_TYPE,
  }));
type Params = z.infer<typeof params>;

const NONE: readonly string[] = [];

export const pdProfileHandler = definePlugin({
  type: PD_PROFILE_HANDLER_TYPE,
  points: ['profile-handler'],
  params,
  // Upstream's handler itself requires prefix match info (for its decider), so a producer is injected.
  consumes: (p: Params) => [dataKey(PREFIX_CACHE_MATCH_INFO, p.prefixProducer)],
  refs: (p: Params) => [{ path: ['deciderPluginName'], name: p.decider, point: 'pd-decider' as const }],
  profileRefs: (p: Params) => [{ path: ['decodeProfile'], name: p.decode }],
  create: (name, p: Params, handle): ProfileHandler => {
    return {
      type: PD_PROFILE_HANDLER_TYPE,
      name,
      pickProfiles: (_state, request, profiles, results) => {
        if (!results.has(p.decode)) return [p.decode];
        const dec = results.get(p.decode);
        if (profiles.size === results.size || !hasPick(dec)) return NONE;
        // Upstream would hand the scheduler a missing profile here; fleetsim runs none.
        if (!profiles.has(p.prefill) || results.has(p.prefill)) return NONE;
        return pdDecider(handle, p.decider)?.disaggregate(request, dec.targetEndpoints[0]) ? [p.prefill] : NONE;
      },
      processResults: (_s, _r, results) => decodePrimary(results, p.decode, [p.prefill]),
    };
  },
});
