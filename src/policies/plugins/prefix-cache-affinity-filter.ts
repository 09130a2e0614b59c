/**
 * `prefix-cache-affinity-filter` (llm-d-router
 * `pkg/epp/framework/plugins/scheduling/filter/prefixcacheaffinity/plugin.go`, HEAD ebab687).
 *
 * 1. One endpoint or fewer, or `affinityThreshold` ≤ 0: keep all.
 * 2. With probability `explorationProbability` (default 0): keep all.
 * 3. Sticky = endpoints whose prefix match ratio matchBlocks/totalBlocks is ≥ `affinityThreshold`
 *    (missing info or totalBlocks 0 → 0). No sticky endpoint: keep all (fail open).
 * 4. TTFT load gate, when `maxTTFTPenaltyMs` > 0 and some endpoint is not sticky:
 *    best = the lowest per-endpoint TTFT of a set; if best(sticky) − best(non-sticky) >
 *    `maxTTFTPenaltyMs`, keep all (stickiness broken). Per-endpoint TTFT (ms):
 *    - `ttftSource: prefillThroughput` (default): inFlightTokens / `peakPrefillThroughput` · 1000,
 *      with the tokens of `InFlightLoad` from the in-flight-load producer (absent → 0 tokens);
 *    - `ttftSource: latencyPredictor`: `LatencyPredictionInfo.ttft` (absent → +∞, never the best).
 * 5. Otherwise keep only the sticky endpoints.
 *
 * Defaults as upstream: threshold 0.80, exploration 0, penalty 18000 ms, peak prefill throughput
 * 15928 tok/s (calibrated there for Qwen3-32B on 2 × H100 TP2, vLLM 0.19) — so by default the
 * gate opens when the best sticky pod has ≈ 286.7k more uncached in-flight prompt tokens than the
 * best other pod. (The May-2026 form of the gate, `maxTokensInFlightPenalty` in tokens, was
 * replaced by this one upstream in llm-d-router #1547 and is rejected, as upstream's strict
 * parameter parsing rejects it.)
 *
 * Not modelled: upstream draws the exploration coin on every call; here it is drawn only when
 * `explorationProbability` > 0 (same decisions, and other plugins' seeded draws are undisturbed).
 */
import { z } from 'zod';
import { IN_FLIGHT_LOAD, PREFIX_CACHE_MATCH_INFO, dataKey, inFlightLoad, matchRatio, prefixMatchInfo } from '../data.js';
import { definePlugin } from '../plugin.js';
import type { Endpoint, Filter } from '../types.js';
import { APPROX_PREFIX_CACHE_PRODUCER_TYPE } from './approx-prefix-cache-producer/index.js';
import { INFLIGHT_LOAD_PRODUCER_TYPE } from './inflight-load-producer.js';

export const PREFIX_CACHE_AFFINITY_FILTER_TYPE = 'prefix-cache-affinity-filter';
/** llm-d's `LatencyPredictionInfo` (from `predicted-latency-producer`, not built here). */
export const LATENCY_PREDICTION_INFO = 'LatencyPredictionInfo';
const PREDICTED_LATENCY_PRODUCER_TYPE = 'predicted-latency-producer';

export const DEFAULT_MAX_TTFT_PENALTY_MS = 18000;
export const DEFAULT_PEAK_PREFILL_THROUGHPUT = 15928;

const params = z
  .strictObject({
    affinityThreshold: z.number().max(1).default(0.8),
    explorationProbability: z.number().min(0).max(1).default(0),
    maxTTFTPenaltyMs: z.number().min(0).default(DEFAULT_MAX_TTFT_PENALTY_MS),
    ttftSource: z.enum(['prefillThroughput', 'latencyPredictor']).default('prefillThroughput'),
    peakPrefillThroughput: z.number().min(0).default(DEFAULT_PEAK_PREFILL_THROUGHPUT),
    prefixMatchInfoProducerName: z.string().min(1).default(APPROX_PREFIX_CACHE_PRODUCER_TYPE),
    latencyPredictionInfoProducerName: z.string().min(1).default(PREDICTED_LATENCY_PRODUCER_TYPE),
    inFlightLoadProducerName: z.string().min(1).default(INFLIGHT_LOAD_PRODUCER_TYPE),
  })
  .superRefine((p, ctx) => {
    if (p.ttftSource === 'prefillThroughput' && p.maxTTFTPenaltyMs > 0 && p.peakPrefillThroughput === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['peakPrefillThroughput'],
        message: 'must be > 0 when ttftSource is prefillThroughput',
      });
    }
  });
type Params = z.infer<typeof params>;

/** The key the TTFT gate reads, or undefined when the gate is off (maxTTFTPenaltyMs 0). */
function gateKey(p: Params): string | undefined {
  if (p.maxTTFTPenaltyMs <= 0) return undefined;
  return p.ttftSource === 'latencyPredictor'
    ? dataKey(LATENCY_PREDICTION_INFO, p.latencyPredictionInfoProducerName)
    : dataKey(IN_FLIGHT_LOAD, p.inFlightLoadProducerName);
}

/** Per-endpoint TTFT (ms) as the gate estimates it from in-flight prompt tokens. */
export function prefillThroughputTTFTMs(inFlightTokens: number, peakPrefillThroughput: number): number {
  return (inFlightTokens / peakPrefillThroughput) * 1000;
}

export const prefixCacheAffinityFilter = definePlugin({
  type: PREFIX_CACHE_AFFINITY_FILTER_TYPE,
  points: ['filter'],
  params,
  consumes: (p: Params) => {
    const keys = [dataKey(PREFIX_CACHE_MATCH_INFO, p.prefixMatchInfoProducerName)];
    const g = gateKey(p);
    if (g !== undefined) keys.push(g);
    return keys;
  },
  create: (name, p: Params, handle): Filter => {
    const prefixKey = dataKey(PREFIX_CACHE_MATCH_INFO, p.prefixMatchInfoProducerName);
    const ttftKey = gateKey(p);
    const sticky = (e: Endpoint) => matchRatio(prefixMatchInfo(e, prefixKey)) >= p.affinityThreshold;
    const endpointTTFT = (e: Endpoint): number => {
      if (p.ttftSource === 'latencyPredictor') {
        const info = e.attributes.get(ttftKey!) as { ttft?: number } | undefined;
        return typeof info?.ttft === 'number' ? info.ttft : Infinity;
      }
      return prefillThroughputTTFTMs(inFlightLoad(e, ttftKey!)?.tokens ?? 0, p.peakPrefillThroughput);
    };
    return {
      type: PREFIX_CACHE_AFFINITY_FILTER_TYPE,
      name,
      filter: (_s, _r, endpoints) => {
        if (endpoints.length <= 1 || p.affinityThreshold <= 0) return endpoints;
        if (p.explorationProbability > 0 && handle.rng() < p.explorationProbability) return endpoints;
        const hot: Endpoint[] = [];
        let bestHot = Infinity;
        let bestCold = Infinity;
        let numCold = 0;
        for (const e of endpoints) {
          if (sticky(e)) {
            hot.push(e);
            if (ttftKey !== undefined) bestHot = Math.min(bestHot, endpointTTFT(e));
          } else {
            numCold++;
            if (ttftKey !== undefined) bestCold = Math.min(bestCold, endpointTTFT(e));
          }
        }
        if (hot.length === 0) return endpoints;
        // Infinity − Infinity is NaN (upstream: MaxFloat64 − MaxFloat64 = 0): never breaks.
        if (ttftKey !== undefined && numCold > 0 && bestHot - bestCold > p.maxTTFTPenaltyMs) return endpoints;
        return numCold === 0 ? endpoints : hot;
      },
    };
  },
});
