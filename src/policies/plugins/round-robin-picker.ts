/**
 * `round-robin-picker` — fleetsim's own, NOT an llm-d plugin. It stands for the baseline the
 * llm-d guides compare against: a plain Kubernetes Service spreading requests evenly with no
 * knowledge of load or cache. Each pick takes the next candidate in the order given (a counter
 * modulo the candidate count), ignoring scores.
 */
import { z } from 'zod';
import { definePlugin, maxNumOfEndpoints } from '../plugin.js';
import type { Picker } from '../types.js';

export const ROUND_ROBIN_PICKER_TYPE = 'round-robin-picker';

const params = z.strictObject({ maxNumOfEndpoints });
type Params = z.infer<typeof params>;

export const roundRobinPicker = definePlugin({
  type: ROUND_ROBIN_PICKER_TYPE,
  points: ['picker'],
  params,
  create: (name, p: Params): Picker => {
    let next = 0;
    return {
      type: ROUND_ROBIN_PICKER_TYPE,
      name,
      pick: (_s, _r, scored) => {
        const n = scored.length;
        if (n === 0) return { targetEndpoints: [], scoredCandidates: scored };
        const targets = [];
        for (let k = 0; k < Math.min(p.maxNumOfEndpoints, n); k++) targets.push(scored[(next + k) % n].endpoint);
        next = (next + 1) % n;
        return { targetEndpoints: targets, scoredCandidates: scored };
      },
    };
  },
});
