/**
 * Whether an EPP config can send a request's prefill to another pod than its decode, so the fleet
 * must move KV blocks between pods (the scenario then needs cluster.kvTransfer). Pods of role
 * `both` are prefill and decode candidates alike, so this holds on an aggregated fleet too.
 * - `disagg-profile-handler`: a prefill decider and a prefill profile (it writes the header itself);
 * - `pd-profile-handler`: a prefill profile, and a `disagg-headers-handler` / `prefill-header-handler`
 *   to tell the decode pod where the prefill ran (without one the prefill pick is never used).
 */
import type { EndpointPickerConfig } from './config/schema.js';
import { DISAGG_HEADERS_HANDLER_TYPE, PREFILL_HEADER_HANDLER_TYPE } from './plugins/disagg-headers-handler.js';
import { DISAGG_PROFILE_HANDLER_TYPE } from './plugins/disagg-profile-handler.js';
import { PD_PROFILE_HANDLER_TYPE } from './plugins/pd-profile-handler.js';

export function disaggregates(config: EndpointPickerConfig): boolean {
  const hasProfile = (name: string) => config.schedulingProfiles.some((prof) => prof.name === name);
  const headers = config.plugins.some((p) => p.type === DISAGG_HEADERS_HANDLER_TYPE || p.type === PREFILL_HEADER_HANDLER_TYPE);
  return config.plugins.some((p) => {
    if (p.type === DISAGG_PROFILE_HANDLER_TYPE) {
      const params = p.parameters as { prefill: string; prefillDecider?: string };
      return params.prefillDecider !== undefined && hasProfile(params.prefill);
    }
    if (p.type === PD_PROFILE_HANDLER_TYPE) return headers && hasProfile((p.parameters as { prefill: string }).prefill);
    return false;
  });
}
