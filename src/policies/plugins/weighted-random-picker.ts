/**
 * `weighted-random-picker`: A-Res weighted sampling without replacement. key_i = U_i^(1/w_i),
 * U ~ (0,1); the N largest keys win. If every score is ≤ 0 it delegates to the random picker.
 * Candidates with score ≤ 0 get key −1, so they are taken only after every positive one.
 */
import { z } from 'zod';
import { definePlugin, maxNumOfEndpoints } from '../plugin.js';
import type { Picker, ScoredEndpoint } from '../types.js';
import { pickRandom } from './random-picker.js';

export const WEIGHTED_RANDOM_PICKER_TYPE = 'weighted-random-picker';

const params = z.strictObject({ maxNumOfEndpoints });
type Params = z.infer<typeof params>;

export const weightedRandomPicker = definePlugin({
  type: WEIGHTED_RANDOM_PICKER_TYPE,
  points: ['picker'],
  params,
  create: (name, p: Params, handle): Picker => {
    const key = (w: number): number => {
      if (w <= 0) return -1;
      let u = handle.rng();
      if (u === 0) u = Number.MIN_VALUE; // U is drawn from the open interval (0,1)
      return Math.pow(u, 1 / w);
    };
    return {
      type: WEIGHTED_RANDOM_PICKER_TYPE,
      name,
      pick: (_s, _r, scored) => {
        if (!scored.some((c) => c.score > 0)) return pickRandom(scored, p.maxNumOfEndpoints, handle);
        if (p.maxNumOfEndpoints === 1) {
          let best: ScoredEndpoint | undefined;
          let bestKey = -Infinity;
          for (const c of scored) {
            const k = key(c.score);
            if (k > bestKey) {
              bestKey = k;
              best = c;
            }
          }
          return { targetEndpoints: [best!.endpoint], scoredCandidates: scored };
        }
        const keyed = scored.map((c) => ({ c, k: key(c.score) }));
        keyed.sort((a, b) => b.k - a.k);
        return {
          targetEndpoints: keyed.slice(0, p.maxNumOfEndpoints).map((x) => x.c.endpoint),
          scoredCandidates: scored,
        };
      },
    };
  },
});
