/**
 * `encode-filter`: keeps roles encode, encode-prefill, encode-prefill-decode; pods with no role
 * label are dropped (llm-d-router `scheduling/filter/bylabel/roles.go`). fleetsim's requests carry
 * no images, so an encode profile only ever matters through its decider, which never approves.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { Filter } from '../types.js';
import { filterByRole } from './roles.js';

export const ENCODE_FILTER_TYPE = 'encode-filter';
const ROLES = new Set(['encode', 'encode-prefill', 'encode-prefill-decode']);

export const encodeFilter = definePlugin({
  type: ENCODE_FILTER_TYPE,
  points: ['filter'],
  params: z.strictObject({}),
  create: (name): Filter => ({
    type: ENCODE_FILTER_TYPE,
    name,
    filter: (_s, _r, endpoints) => filterByRole(endpoints, ROLES, false),
  }),
});
