/**
 * `inflight-load-producer` (llm-d-router `requestcontrol/dataproducer/inflightload`). Per
 * endpoint it tracks in-flight requests and tokens, counting only the uncached part of the prompt
 * (prompt − matchBlocks·blockSize from any `PrefixCacheMatchInfo` on the pick), plus, with
 * `addEstimatedOutputTokens`, an output estimate.
 * PreRequest adds the request to the primary pick (and the `prefill` pick, if any). Prompt tokens
 * are released at the first token for streaming requests, otherwise at completion; estimated
 * output tokens and the request count at completion.
 *
 * Assumption: the estimate is promptTokens·outputRatio capped by `maxEstimatedOutputTokens`; the
 * reference names the parameters but not the base of the ratio.
 */
import { z } from 'zod';
import { IN_FLIGHT_LOAD, PREFIX_CACHE_MATCH_INFO, dataKey, type InFlightLoad, type PrefixCacheMatchInfo } from '../data.js';
import { definePlugin } from '../plugin.js';
import type { DataProducer, Endpoint, PreRequest, ResponseComplete, ResponseStart } from '../types.js';

export const INFLIGHT_LOAD_PRODUCER_TYPE = 'inflight-load-producer';

const params = z.strictObject({
  addEstimatedOutputTokens: z.boolean().default(false),
  outputRatio: z.number().min(0).default(1.5),
  maxEstimatedOutputTokens: z.number().int().positive().optional(),
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
  produces: (_p: Params, name) => [dataKey(IN_FLIGHT_LOAD, name)],
  create: (name, p: Params): InflightLoadProducer => {
    const key = dataKey(IN_FLIGHT_LOAD, name);
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
    const cachedTokens = (e: Endpoint): number => {
      for (const [k, v] of e.attributes) {
        if (k.startsWith(PREFIX_CACHE_MATCH_INFO + '/')) {
          const info = v as PrefixCacheMatchInfo;
          return info.matchBlocks * info.blockSizeTokens;
        }
      }
      return 0;
    };
    const releasePrompt = (list: Charge[]) => {
      for (const c of list) {
        c.load.tokens -= c.promptTokens;
        c.promptTokens = 0;
      }
    };
    return {
      type: INFLIGHT_LOAD_PRODUCER_TYPE,
      name,
      produces: [key],
      // Ordering only: runs after any prefix producer, but needs none.
      consumes: [],
      produce: (_s, _r, endpoints) => {
        // The live counters are the values: no copy per request.
        for (const e of endpoints) e.attributes.set(key, loadOf(e.name));
      },
      preRequest: (request, result) => {
        const targets: Endpoint[] = [];
        const primary = result.profileResults.get(result.primaryProfileName)?.targetEndpoints[0];
        if (primary) targets.push(primary);
        const prefill = result.profileResults.get('prefill')?.targetEndpoints[0];
        if (prefill && prefill !== primary && result.primaryProfileName !== 'prefill') targets.push(prefill);
        if (targets.length === 0) return;
        const inputTokens = request.promptTokens.length;
        let output = 0;
        if (p.addEstimatedOutputTokens) {
          output = Math.round(inputTokens * p.outputRatio);
          if (p.maxEstimatedOutputTokens !== undefined) output = Math.min(output, p.maxEstimatedOutputTokens);
        }
        const list: Charge[] = [];
        for (const e of targets) {
          const load = loadOf(e.name);
          const prompt = Math.max(0, inputTokens - cachedTokens(e));
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
