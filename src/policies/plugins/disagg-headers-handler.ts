/**
 * `disagg-headers-handler` and its alias `prefill-header-handler` (llm-d-router
 * `scheduling/profilehandler/disagg/disagg_headers_handler.go`): PreRequest-only plugins, deprecated
 * since `disagg-profile-handler` writes the headers itself, kept for configs that pair them with
 * `pd-profile-handler`. They write `x-prefiller-host-port` from the prefill profile's pick and
 * `x-encoder-hosts-ports` from the encode profile's, or delete them; the decode pod's sidecar reads
 * them (fleetsim's gateway does: sim/epp-router.ts). Endpoint names stand in for ip:port.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { PreRequest } from '../types.js';
import { writeDisaggHeaders } from './disagg-profile-handler.js';

export const DISAGG_HEADERS_HANDLER_TYPE = 'disagg-headers-handler';
export const PREFILL_HEADER_HANDLER_TYPE = 'prefill-header-handler';

const params = z.strictObject({
  prefillProfile: z.string().min(1).default('prefill'),
  encodeProfile: z.string().min(1).default('encode'),
});
type Params = z.infer<typeof params>;

function headersHandler(type: string) {
  return definePlugin({
    type,
    points: ['pre-request'],
    params,
    create: (name, p: Params): PreRequest => ({
      type,
      name,
      preRequest: (request, result) => writeDisaggHeaders(request, result, p.prefillProfile, p.encodeProfile),
    }),
  });
}

export const disaggHeadersHandler = headersHandler(DISAGG_HEADERS_HANDLER_TYPE);
export const prefillHeaderHandler = headersHandler(PREFILL_HEADER_HANDLER_TYPE);
