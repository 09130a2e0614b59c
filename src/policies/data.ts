/**
 * Data keys that producers write on endpoints and plugins consume. As in llm-d, a key is
 * qualified by the producer's name (`PrefixCacheMatchInfo/approx-prefix-cache-producer`) so two
 * producers of the same kind can coexist; the base key picks the default producer to inject.
 */
import type { Endpoint } from './types.js';

export const PREFIX_CACHE_MATCH_INFO = 'PrefixCacheMatchInfo';
export const IN_FLIGHT_LOAD = 'InFlightLoad';
/** llm-d's `UncachedRequestTokens`: what the request being scheduled would add to a pod's load. */
export const UNCACHED_REQUEST_TOKENS = 'UncachedRequestTokens';

/** `base/producerName`. */
export function dataKey(base: string, producerName: string): string {
  return `${base}/${producerName}`;
}

export function baseKey(key: string): string {
  const i = key.indexOf('/');
  return i < 0 ? key : key.slice(0, i);
}

/** llm-d's `PrefixCacheMatchInfo`: how many of the request's blocks this endpoint likely holds. */
export interface PrefixCacheMatchInfo {
  readonly matchBlocks: number;
  readonly totalBlocks: number;
  readonly blockSizeTokens: number;
}

/** llm-d's `InFlightLoad`: requests and (uncached prompt + estimated output) tokens in flight. */
export interface InFlightLoad {
  requests: number;
  tokens: number;
}

/** The request's own token charge on `endpoint` (a plain number), or undefined. */
export function uncachedRequestTokens(endpoint: Endpoint, key: string): number | undefined {
  const v = endpoint.attributes.get(key);
  return typeof v === 'number' ? v : undefined;
}

export function prefixMatchInfo(endpoint: Endpoint, key: string): PrefixCacheMatchInfo | undefined {
  const v = endpoint.attributes.get(key) as PrefixCacheMatchInfo | undefined;
  return v !== undefined && typeof v === 'object' && typeof v.matchBlocks === 'number' ? v : undefined;
}

export function inFlightLoad(endpoint: Endpoint, key: string): InFlightLoad | undefined {
  const v = endpoint.attributes.get(key) as InFlightLoad | undefined;
  return v !== undefined && typeof v === 'object' && typeof v.requests === 'number' ? v : undefined;
}

/** Match ratio in [0,1]; 0 when the info is missing or the request has no blocks. */
export function matchRatio(info: PrefixCacheMatchInfo | undefined): number {
  return info === undefined || info.totalBlocks <= 0 ? 0 : info.matchBlocks / info.totalBlocks;
}
