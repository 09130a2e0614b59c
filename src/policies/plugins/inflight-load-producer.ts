/**
 * `inflight-load-producer` (llm-d-router `requestcontrol/dataproducer/inflightload`). Per
 * endpoint it tracks in-flight requests and tokens, counting only the uncached part of the prompt,
 * plus, with `addEstimatedOutputTokens`, an output estimate. Uncached (upstream
 * `uncachedInputTokens`): from the pick's `PrefixCacheMatchInfo` of producer
 * `prefixMatchInfoProducerName` (default the approx producer), (totalBlocks − matchBlocks)·blockSize
 * plus any prompt tail beyond totalBlocks·blockSize; without that info, the whole prompt.
 * PreRequest adds the request to the primary pick (and the `prefill` pick, if any). Prompt tokens
 * are released at the first token for streaming requests, otherwise at completion; estimated
 * output tokens and the request count at completion.
 *
 * Produce also writes, per candidate, the tokens this request would add there (`UncachedRequestTokens`,
 * read by `token-load-scorer`), from the prefix info of that moment.
 * Output estimate (upstream `token_estimator.go`): round(promptTokens·outputRatio), capped by the
 * request's own max tokens and by `maxEstimatedOutputTokens` — the full prompt, not the uncached
 * part. `syncCrossReplicaState` is accepted and ignored (one EPP replica is simulated).
 */
import { z } from 'zod';
import { IN_FLIGHT_LOAD, PREFIX_CACHE_MATCH_INFO, UNCACHED_REQUEST_TOKENS, dataKey, prefixMatchInfo, type InFlightLoad } from '../data.js';
import { definePlugin } from '../plugin.js';
import type { PrefixCacheMatchInfo } from '../data.js';
import type { DataProducer, Endpoint, LLMRequest, PreRequest, ResponseComplete, ResponseStart } from '../types.js';
import { APPROX_PREFIX_CACHE_PRODUCER_TYPE } from './approx-prefix-cache-producer/index.js';

export const INFLIGHT_LOAD_PRODUCER_TYPE = 'inflight-load-producer';

/** The prompt tokens a pod must still compute, given its prefix match (upstream formula). */
export function uncachedInputTokens(info: PrefixCacheMatchInfo | undefined, inputTokens: number): number {
  if (info === undefined || info.blockSizeTokens <= 0) return Math.max(0, inputTokens);
  const indexed = info.totalBlocks * info.blockSizeTokens;
  const uncachedIndexed = Math.max(0, indexed - info.matchBlocks * info.blockSizeTokens);
  return uncachedIndexed + Math.max(0, inputTokens - indexed);
}

/** round(input·ratio) capped by the client's max tokens and the operator cap (each when ≥ 0). */
export function estimateOutputTokens(inputTokens: number, ratio: number, clientMax?: number, operatorMax?: number): number {
  if (inputTokens <= 0) return 0;
  let est = Math.round(inputTokens * ratio);
  if (clientMax !== undefined && clientMax >= 0 && clientMax < est) est = clientMax;
  if (operatorMax !== undefined && operatorMax >= 0 && operatorMax < est) est = operatorMax;
  return est;
}

const params = z.strictObject({
  addEstimatedOutputTokens: z.boolean().default(false),
  outputRatio: z.number().min(0).default(1.5),
  maxEstimatedOutputTokens: z.number().int().min(0).optional(),
  prefixMatchInfoProducerName: z.string().min(1).optional(),
  syncCrossReplicaState: z.boolean().default(true),
});
type Params = z.infer<typeof params>;

interface Charge {
  readonly load: InFlightLoad;
  promptTokens: number;
  readonly outputTokens: number;
}

export interface InflightLoadProducer extends DataProducer, PreRequest, ResponseStart, ResponseComplete {
  /** The live counters of `endpointName` (zero if never used). */
  load(endpointName: string): InFlightLoad;
}

export const inflightLoadProducer = definePlugin({
  type: INFLIGHT_LOAD_PRODUCER_TYPE,
  points: ['data-producer', 'pre-request', 'response-start', 'response-complete'],
  params,
  produces: (_p: Params, name) => [dataKey(IN_FLIGHT_LOAD, name), dataKey(UNCACHED_REQUEST_TOKENS, name)],
  create: (name, p: Params): InflightLoadProducer => {
    const key = dataKey(IN_FLIGHT_LOAD, name);
    const requestKey = dataKey(UNCACHED_REQUEST_TOKENS, name);
    const loads = new Map<string, InFlightLoad>();
    const charges = new Map<string, Charge[]>();
    const loadOf = (endpoint: string): InFlightLoad => {
      let l = loads.get(endpoint);
      if (l === undefined) {
        l = { requests: 0, tokens: 0 };
        loads.set(endpoint, l);
      }
      return l;
    };
    const prefixKey = dataKey(PREFIX_CACHE_MATCH_INFO, p.prefixMatchInfoProducerName ?? APPROX_PREFIX_CACHE_PRODUCER_TYPE);
    const uncached = (e: Endpoint, inputTokens: number): number => uncachedInputTokens(prefixMatchInfo(e, prefixKey), inputTokens);
    const outputOf = (request: LLMRequest): number =>
      p.addEstimatedOutputTokens
        ? estimateOutputTokens(request.promptTokens.length, p.outputRatio, request.maxTokens, p.maxEstimatedOutputTokens)
        : 0;
    const releasePrompt = (list: Charge[]) => {
      for (const c of list) {
        c.load.tokens -= c.promptTokens;
        c.promptTokens = 0;
      }
    };
    return {
      type: INFLIGHT_LOAD_PRODUCER_TYPE,
      name,
      produces: [key, requestKey],
      // Ordering only (optional upstream): runs after the prefix producer it reads, needs none.
      consumes: [prefixKey],
      produce: (_s, request, endpoints) => {
        const inputTokens = request.promptTokens.length;
        const output = outputOf(request);
        for (const e of endpoints) {
          // The live counters are the values: no copy per request.
          e.attributes.set(key, loadOf(e.name));
          e.attributes.set(requestKey, uncached(e, inputTokens) + output);
        }
      },
      preRequest: (request, result) => {
        const targets: Endpoint[] = [];
        const primary = result.profileResults.get(result.primaryProfileName)?.targetEndpoints[0];
        if (primary) targets.push(primary);
        const prefill = result.profileResults.get('prefill')?.targetEndpoints[0];
        if (prefill && prefill !== primary && result.primaryProfileName !== 'prefill') targets.push(prefill);
        if (targets.length === 0) return;
        const inputTokens = request.promptTokens.length;
        const output = outputOf(request);
        const list: Charge[] = [];
        for (const e of targets) {
          const load = loadOf(e.name);
          const prompt = uncached(e, inputTokens);
          load.requests += 1;
          load.tokens += prompt + output;
          list.push({ load, promptTokens: prompt, outputTokens: output });
        }
        charges.set(request.id, list);
      },
      responseStart: (request) => {
        const list = charges.get(request.id);
        if (list !== undefined && request.streaming) releasePrompt(list);
      },
      responseComplete: (request) => {
        const list = charges.get(request.id);
        if (list === undefined) return;
        releasePrompt(list);
        for (const c of list) {
          c.load.tokens -= c.outputTokens;
          c.load.requests -= 1;
        }
        charges.delete(request.id);
      },
      load: (endpointName) => ({ ...loadOf(endpointName) }),
    };
  },
});
