/**
 * `load-aware-scorer` (llm-d-router `scheduling/scorer/loadaware/load_aware.go`). Reads
 * `metrics.waitingQueueSize`: q = 0 → 0.5; else 0.5·(1 − min(q, threshold)/threshold). The
 * maximum is 0.5 by design.
 *
 * Differs from llm-d: a `threshold` ≤ 0 is a parameter error here, not quietly replaced by 128.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { Scorer } from '../types.js';

export const LOAD_AWARE_SCORER_TYPE = 'load-aware-scorer';

const params = z.strictObject({ threshold: z.number().int().positive().default(128) });

export const loadAwareScorer = definePlugin({
  type: LOAD_AWARE_SCORER_TYPE,
  points: ['scorer'],
  params,
  create: (name, p: z.infer<typeof params>): Scorer => ({
    type: LOAD_AWARE_SCORER_TYPE,
    name,
    category: 'distribution',
    score: (_s, _r, endpoints, out) => {
      for (let i = 0; i < endpoints.length; i++) {
        const q = endpoints[i].metrics.waitingQueueSize;
        out[i] = q === 0 ? 0.5 : 0.5 * (1 - Math.min(q, p.threshold) / p.threshold);
      }
    },
  }),
});
