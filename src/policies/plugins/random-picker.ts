/**
 * `random-picker`: shuffles and returns the top N, ignoring scores.
 */
import { z } from 'zod';
import { definePlugin, maxNumOfEndpoints } from '../plugin.js';
import type { Picker, PluginHandle, ProfileRunResult, ScoredEndpoint } from '../types.js';
import { shuffled } from './max-score-picker.js';

export const RANDOM_PICKER_TYPE = 'random-picker';

const params = z.strictObject({ maxNumOfEndpoints });
type Params = z.infer<typeof params>;

export function pickRandom(scored: ScoredEndpoint[], n: number, handle: PluginHandle): ProfileRunResult {
  if (scored.length === 0) return { targetEndpoints: [], scoredCandidates: scored };
  if (n === 1) {
    const i = Math.floor(handle.rng() * scored.length);
    return { targetEndpoints: [scored[i].endpoint], scoredCandidates: scored };
  }
  return {
    targetEndpoints: shuffled(scored, handle)
      .slice(0, n)
      .map((c) => c.endpoint),
    scoredCandidates: scored,
  };
}

export const randomPicker = definePlugin({
  type: RANDOM_PICKER_TYPE,
  points: ['picker'],
  params,
  create: (name, p: Params, handle): Picker => ({
    type: RANDOM_PICKER_TYPE,
    name,
    pick: (_s, _r, scored) => pickRandom(scored, p.maxNumOfEndpoints, handle),
  }),
});
