/**
 * `decode-filter`: keeps roles decode, prefill-decode, both, encode-prefill-decode; pods with no
 * role label are kept.
 */
import { roleFilter } from './roles.js';

export const DECODE_FILTER_TYPE = 'decode-filter';
export const decodeFilter = roleFilter(DECODE_FILTER_TYPE, ['decode', 'prefill-decode', 'both', 'encode-prefill-decode'], true);
