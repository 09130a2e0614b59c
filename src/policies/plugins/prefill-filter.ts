/**
 * `prefill-filter`: keeps roles prefill, encode-prefill, prefill-decode, both,
 * encode-prefill-decode; pods with no role label are dropped.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { Filter } from '../types.js';
import { filterByRole } from './roles.js';

export const PREFILL_FILTER_TYPE = 'prefill-filter';
const ROLES = new Set(['prefill', 'encode-prefill', 'prefill-decode', 'both', 'encode-prefill-decode']);

export const prefillFilter = definePlugin({
  type: PREFILL_FILTER_TYPE,
  points: ['filter'],
  params: z.strictObject({}),
  create: (name): Filter => ({
    type: PREFILL_FILTER_TYPE,
    name,
    filter: (_s, _r, endpoints) => filterByRole(endpoints, ROLES, false),
  }),
});
