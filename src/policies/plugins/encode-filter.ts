/**
 * `encode-filter`: keeps roles encode, encode-prefill, encode-prefill-decode; pods with no role
 * label are dropped (llm-d-router `scheduling/filter/bylabel/roles.go`). fleetsim's requests carry
 * no images and it has no encode decider (multimodal), so an encode profile never runs; the filter
 * loads so configs that list it run unchanged.
 */
import { roleFilter } from './roles.js';

export const ENCODE_FILTER_TYPE = 'encode-filter';
export const encodeFilter = roleFilter(ENCODE_FILTER_TYPE, ['encode', 'encode-prefill', 'encode-prefill-decode'], false);
