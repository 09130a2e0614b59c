/**
 * `running-requests-size-scorer`: the queue-scorer formula over `metrics.runningRequestsSize`.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { Scorer } from '../types.js';
import { minMaxScore } from './queue-scorer.js';

export const RUNNING_REQUESTS_SIZE_SCORER_TYPE = 'running-requests-size-scorer';

export const runningRequestsSizeScorer = definePlugin({
  type: RUNNING_REQUESTS_SIZE_SCORER_TYPE,
  points: ['scorer'],
  params: z.strictObject({}),
  create: (name): Scorer => ({
    type: RUNNING_REQUESTS_SIZE_SCORER_TYPE,
    name,
    category: 'distribution',
    score: (_s, _r, endpoints, out) => minMaxScore(endpoints, out, (e) => e.metrics.runningRequestsSize),
  }),
});
