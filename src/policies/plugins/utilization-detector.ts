/**
 * `utilization-detector` (llm-d-router `flowcontrol/saturationdetector/utilization`), used here
 * as a scheduling Filter, plus the pool saturation figure flow control would read.
 * Filter: drop an endpoint that is stale, has queue > queueDepthThreshold·(1+headroom), or
 * kv > min(1, kvCacheUtilThreshold·(1+headroom)); if that drops everyone, keep everyone (fail open).
 * Saturation: unweighted mean over endpoints of max(q/queueDepthThreshold, kv/kvCacheUtilThreshold),
 * a stale endpoint counting 1 (fail closed); no endpoints → 1.
 * Staleness: now − metrics.updateTime > metricsStalenessThreshold.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { Endpoint, Filter, SaturationDetector } from '../types.js';
import { parseDuration } from './duration.js';

export const UTILIZATION_DETECTOR_TYPE = 'utilization-detector';

const params = z.strictObject({
  queueDepthThreshold: z.number().positive().default(5),
  kvCacheUtilThreshold: z.number().gt(0).max(1).default(0.8),
  metricsStalenessThreshold: z
    .string()
    .default('200ms')
    .refine((s) => parseDuration(s) !== undefined, 'expected a duration such as "200ms"'),
  headroom: z.number().min(0).default(0),
});
type Params = z.infer<typeof params>;

export type UtilizationDetector = Filter & SaturationDetector;

export const utilizationDetector = definePlugin({
  type: UTILIZATION_DETECTOR_TYPE,
  points: ['filter', 'saturation-detector'],
  params,
  create: (name, p: Params, handle): UtilizationDetector => {
    const staleness = parseDuration(p.metricsStalenessThreshold)!;
    const stale = (e: Endpoint) => handle.now() - e.metrics.updateTime > staleness;
    const queueLimit = p.queueDepthThreshold * (1 + p.headroom);
    const kvLimit = Math.min(1, p.kvCacheUtilThreshold * (1 + p.headroom));
    const keep = (e: Endpoint) =>
      !stale(e) && e.metrics.waitingQueueSize <= queueLimit && e.metrics.kvCacheUsagePercent <= kvLimit;
    return {
      type: UTILIZATION_DETECTOR_TYPE,
      name,
      filter: (_s, _r, endpoints) => {
        const kept = endpoints.filter(keep);
        return kept.length === 0 || kept.length === endpoints.length ? endpoints : kept;
      },
      saturation: (endpoints) => {
        if (endpoints.length === 0) return 1;
        let sum = 0;
        for (const e of endpoints) {
          sum += stale(e)
            ? 1
            : Math.max(e.metrics.waitingQueueSize / p.queueDepthThreshold, e.metrics.kvCacheUsagePercent / p.kvCacheUtilThreshold);
        }
        return sum / endpoints.length;
      },
    };
  },
});
