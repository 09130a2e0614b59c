/**
 * `decode-filter`: keeps roles decode, prefill-decode, both, encode-prefill-decode; pods with no
 * role label are kept.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { Filter } from '../types.js';
import { filterByRole } from './roles.js';

export const DECODE_FILTER_TYPE = 'decode-filter';
const ROLES = new Set(['decode', 'prefill-decode', 'both', 'encode-prefill-decode']);

export const decodeFilter = definePlugin({
  type: DECODE_FILTER_TYPE,
  points: ['filter'],
  params: z.strictObject({}),
  create: (name): Filter => ({
    type: DECODE_FILTER_TYPE,
    name,
    filter: (_s, _r, endpoints) => filterByRole(endpoints, ROLES, true),
  }),
});
