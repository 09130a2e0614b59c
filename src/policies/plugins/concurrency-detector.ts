/**
 * `concurrency-detector` (llm-d-router `flowcontrol/saturationdetector/concurrency`): saturation
 * from the gateway's own in-flight accounting instead of scraped metrics, and a filter on the
 * same counts. It reads `InFlightLoad` (requests, and uncached prompt + estimated output tokens in
 * flight per endpoint) from `inflight-load-producer` (injected by default), so it reacts the moment
 * a request is sent, blind to what the engines actually hold.
 * - Saturation (flow control): requests mode Σ in-flight requests ÷ (maxConcurrency × endpoints);
 *   tokens mode likewise with tokens and maxTokenConcurrency; hybrid the unweighted mean over
 *   endpoints of max(requests ratio, tokens ratio). No endpoints → 1.
 * - Filter: keeps an endpoint whose load is below ⌊limit × (1 + headroom)⌋ (hybrid: both); unlike
 *   the utilization detector it may leave no candidate, and the request then fails.
 */
import { z } from 'zod';
import { IN_FLIGHT_LOAD, dataKey, type InFlightLoad } from '../data.js';
import { definePlugin } from '../plugin.js';
import type { Endpoint, Filter, SaturationDetector } from '../types.js';
import { INFLIGHT_LOAD_PRODUCER_TYPE, type InflightLoadProducer } from './inflight-load-producer.js';

export const CONCURRENCY_DETECTOR_TYPE = 'concurrency-detector';

const params = z.strictObject({
  concurrencyMode: z.enum(['requests', 'tokens', 'hybrid']).default('requests'),
  maxConcurrency: z.int().positive().default(100),
  maxTokenConcurrency: z.int().positive().default(1_000_000),
  headroom: z.number().min(0).default(0),
  inFlightLoadProducerName: z.string().optional(),
});
type Params = z.infer<typeof params>;

export type ConcurrencyDetector = Filter & SaturationDetector;

const ZERO: InFlightLoad = { requests: 0, tokens: 0 };

export const concurrencyDetector = definePlugin({
  type: CONCURRENCY_DETECTOR_TYPE,
  points: ['filter', 'saturation-detector'],
  params,
  consumes: (p: Params) => [dataKey(IN_FLIGHT_LOAD, p.inFlightLoadProducerName || INFLIGHT_LOAD_PRODUCER_TYPE)],
  create: (name, p: Params, handle): ConcurrencyDetector => {
    const producerName = p.inFlightLoadProducerName || INFLIGHT_LOAD_PRODUCER_TYPE;
    const key = dataKey(IN_FLIGHT_LOAD, producerName);
    // The producer's live counters (what upstream's datalayer keeps on each endpoint); the
    // attribute written at the last scheduling cycle when the producer is not reachable.
    const loadOf = (e: Endpoint): InFlightLoad => {
      const producer = handle.plugin?.(producerName) as InflightLoadProducer | undefined;
      if (producer && typeof producer.load === 'function') return producer.load(e.name);
      return (e.attributes.get(key) as InFlightLoad | undefined) ?? ZERO;
    };
    const reqLimit = Math.floor(p.maxConcurrency * (1 + p.headroom));
    const tokLimit = Math.floor(p.maxTokenConcurrency * (1 + p.headroom));
    const admits = (l: InFlightLoad) =>
      p.concurrencyMode === 'tokens'
        ? l.tokens < tokLimit
        : p.concurrencyMode === 'hybrid'
          ? l.requests < reqLimit && l.tokens < tokLimit
          : l.requests < reqLimit;
    return {
      type: CONCURRENCY_DETECTOR_TYPE,
      name,
      filter: (_s, _r, endpoints) => endpoints.filter((e) => admits(loadOf(e))),
      saturation: (endpoints) => {
        if (endpoints.length === 0) return 1;
        let requests = 0;
        let tokens = 0;
        let hybrid = 0;
        for (const e of endpoints) {
          const l = loadOf(e);
          requests += l.requests;
          tokens += l.tokens;
          hybrid += Math.max(l.requests / p.maxConcurrency, l.tokens / p.maxTokenConcurrency);
        }
        if (p.concurrencyMode === 'tokens') return tokens / (p.maxTokenConcurrency * endpoints.length);
        if (p.concurrencyMode === 'hybrid') return hybrid / endpoints.length;
        return requests / (p.maxConcurrency * endpoints.length);
      },
    };
  },
});
