/**
 * `prefill-filter`: keeps roles prefill, encode-prefill, prefill-decode, both,
 * encode-prefill-decode; pods with no role label are dropped.
 */
import { roleFilter } from './roles.js';

export const PREFILL_FILTER_TYPE = 'prefill-filter';
export const prefillFilter = roleFilter(PREFILL_FILTER_TYPE, ['prefill', 'encode-prefill', 'prefill-decode', 'both', 'encode-prefill-decode'], false);
