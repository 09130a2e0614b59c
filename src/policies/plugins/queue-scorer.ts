/**
 * `queue-scorer` (llm-d-router `scheduling/scorer/queuedepth/queue.go`). Reads
 * `metrics.waitingQueueSize`. Min-max over the candidates: S = (max − q)/(max − min); all equal → 1.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { Endpoint, Scorer } from '../types.js';

export const QUEUE_SCORER_TYPE = 'queue-scorer';

export const queueScorer = definePlugin({
  type: QUEUE_SCORER_TYPE,
  points: ['scorer'],
  params: z.strictObject({}),
  create: (name): Scorer => ({
    type: QUEUE_SCORER_TYPE,
    name,
    category: 'distribution',
    score: (_s, _r, endpoints, out) => minMaxScore(endpoints, out, (e) => e.metrics.waitingQueueSize),
  }),
});

/** Lower is better: (max − v)/(max − min), or 1 for everyone when all are equal. */
export function minMaxScore(endpoints: readonly Endpoint[], out: Float64Array, value: (e: Endpoint) => number): void {
  let min = Infinity;
  let max = -Infinity;
  for (const e of endpoints) {
    const v = value(e);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  for (let i = 0; i < endpoints.length; i++) {
    out[i] = range === 0 ? 1 : (max - value(endpoints[i])) / range;
  }
}
