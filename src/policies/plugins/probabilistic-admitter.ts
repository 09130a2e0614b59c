/**
 * `probabilistic-admitter` (llm-d-router `requestcontrol/admitter/probabilisticadmitter`): sheds
 * sheddable requests (priority < 0) at random as the pool fills; priority ≥ 0 always passes, and
 * so does any request when there is no endpoint.
 * saturation = mean over endpoints of max(waiting ÷ queueDepthThreshold, kvUsage ÷ kvCacheUtilThreshold)
 * (scraped metrics), and a sheddable request is rejected with probability min(saturation^power · k, 1):
 * with the defaults (power 5, k 300) ~2.3 % at 0.15, every one from ≈ 0.34.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { Admitter, Endpoint } from '../types.js';

export const PROBABILISTIC_ADMITTER_TYPE = 'probabilistic-admitter';

const params = z.strictObject({
  queueDepthThreshold: z.int().positive().default(5),
  kvCacheUtilThreshold: z.number().positive().default(0.8),
  power: z.number().positive().default(5),
  k: z.number().positive().default(300),
});
type Params = z.infer<typeof params>;

/** The admitter's pool saturation (upstream computeSaturation). */
export function admitterSaturation(endpoints: readonly Endpoint[], queueDepthThreshold: number, kvCacheUtilThreshold: number): number {
  let total = 0;
  for (const e of endpoints) {
    total += Math.max(e.metrics.waitingQueueSize / queueDepthThreshold, e.metrics.kvCacheUsagePercent / kvCacheUtilThreshold);
  }
  return total / endpoints.length;
}

export const probabilisticAdmitter = definePlugin({
  type: PROBABILISTIC_ADMITTER_TYPE,
  points: ['admitter'],
  params,
  create: (name, p: Params, handle): Admitter => ({
    type: PROBABILISTIC_ADMITTER_TYPE,
    name,
    admit: (request, endpoints) => {
      if (request.priority >= 0 || endpoints.length === 0) return undefined;
      const saturation = admitterSaturation(endpoints, p.queueDepthThreshold, p.kvCacheUtilThreshold);
      const probability = Math.min(saturation ** p.power * p.k, 1);
      return handle.rng() < probability ? `shed by ${name}: pool saturation ${saturation.toFixed(2)}` : undefined;
    },
  }),
});
