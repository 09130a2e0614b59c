/**
 * `max-score-picker`: shuffle (random tie-break), stable sort by score descending, top N.
 * For N = 1 the same distribution is drawn without sorting: a single pass keeps the running best
 * and replaces it among k tied candidates with probability 1/k (reservoir sampling).
 */
import { z } from 'zod';
import { definePlugin, maxNumOfEndpoints } from '../plugin.js';
import type { Picker, PluginHandle, ScoredEndpoint } from '../types.js';

export const MAX_SCORE_PICKER_TYPE = 'max-score-picker';

const params = z.strictObject({ maxNumOfEndpoints });
type Params = z.infer<typeof params>;

export const maxScorePicker = definePlugin({
  type: MAX_SCORE_PICKER_TYPE,
  points: ['picker'],
  params,
  create: (name, p: Params, handle): Picker => ({
    type: MAX_SCORE_PICKER_TYPE,
    name,
    pick: (_s, _r, scored) => {
      if (p.maxNumOfEndpoints === 1) {
        let best: ScoredEndpoint | undefined;
        let ties = 0;
        for (const c of scored) {
          if (best === undefined || c.score > best.score) {
            best = c;
            ties = 1;
          } else if (c.score === best.score && handle.rng() * ++ties < 1) {
            best = c;
          }
        }
        return { targetEndpoints: best ? [best.endpoint] : [], scoredCandidates: scored };
      }
      const order = shuffled(scored, handle);
      order.sort((a, b) => b.score - a.score); // Array.prototype.sort is stable
      return {
        targetEndpoints: order.slice(0, p.maxNumOfEndpoints).map((c) => c.endpoint),
        scoredCandidates: scored,
      };
    },
  }),
});

/** A Fisher–Yates shuffled copy, drawn from the handle's seeded stream. */
export function shuffled<T>(items: readonly T[], handle: PluginHandle): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(handle.rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
