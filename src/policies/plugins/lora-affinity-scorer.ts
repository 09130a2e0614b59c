/**
 * `lora-affinity-scorer` (llm-d-router `scheduling/scorer/loraaffinity`), reading the
 * `vllm:lora_requests_info` metrics; the target is the request's model (the adapter name).
 * In order: active → 1; len(active)+len(waiting) < maxActiveModels → 0.8; waiting → 0.6; else 0.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { Scorer } from '../types.js';

export const LORA_AFFINITY_SCORER_TYPE = 'lora-affinity-scorer';

export const loraAffinityScorer = definePlugin({
  type: LORA_AFFINITY_SCORER_TYPE,
  points: ['scorer'],
  params: z.strictObject({}),
  create: (name): Scorer => ({
    type: LORA_AFFINITY_SCORER_TYPE,
    name,
    category: 'affinity',
    score: (_s, request, endpoints, out) => {
      for (let i = 0; i < endpoints.length; i++) {
        const m = endpoints[i].metrics;
        const active = m.activeModels ?? [];
        const waiting = m.waitingModels ?? [];
        out[i] = active.includes(request.model)
          ? 1
          : active.length + waiting.length < (m.maxActiveModels ?? 0)
            ? 0.8
            : waiting.includes(request.model)
              ? 0.6
              : 0;
      }
    },
  }),
});
