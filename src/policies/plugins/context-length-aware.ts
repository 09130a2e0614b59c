/**
 * `context-length-aware` (llm-d-router `scheduling/scorer/contextlengthaware`): routes by prompt
 * length to pods labelled with the range they are meant for (`label`, default
 * `llm-d.ai/context-length-range`, value "min-max" in tokens), for heterogeneous fleets.
 * Score, for a request of n tokens:
 * - in range: 0.3 + 0.7·(0.7·w + 0.3·h), w = 1 ÷ (1 + (max − min) ÷ 10000) (tighter ranges win),
 *   h = (max − n) ÷ (max − min) (more headroom wins); a one-point range scores 1;
 * - out of range: 0.3 ÷ (1 + d ÷ 1000), d the distance to the range (nearest range wins);
 * - no label 0.5; an unparsable label 0.
 * With `enableFiltering` it also filters: pods whose range excludes n are dropped (unlabelled kept,
 * unparsable dropped); it may leave no candidate.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { Endpoint, Filter, Scorer } from '../types.js';

export const CONTEXT_LENGTH_AWARE_TYPE = 'context-length-aware';
export const CONTEXT_LENGTH_RANGE_LABEL = 'llm-d.ai/context-length-range';

const params = z.strictObject({
  label: z.string().min(1, "'label' must be specified").default(CONTEXT_LENGTH_RANGE_LABEL),
  enableFiltering: z.boolean().default(false),
});
type Params = z.infer<typeof params>;

/** "min-max" → [min, max], or undefined when malformed or min > max (upstream parseContextRange). */
export function parseContextRange(text: string): [number, number] | undefined {
  const bounds = text.split('-');
  if (bounds.length !== 2) return undefined;
  const [lo, hi] = bounds.map((b) => b.trim());
  if (!/^[+-]?\d+$/.test(lo) || !/^[+-]?\d+$/.test(hi)) return undefined;
  const min = Number(lo);
  const max = Number(hi);
  return min <= max ? [min, max] : undefined;
}

/** Upstream's calculateRangeScore. */
export function contextRangeScore(n: number, min: number, max: number): number {
  const floor = 0.3;
  if (n >= min && n <= max) {
    const width = max - min;
    if (width === 0) return 1;
    const widthScore = 1 / (1 + width / 10000);
    const positionScore = (max - n) / width;
    return floor + (0.7 * widthScore + 0.3 * positionScore) * (1 - floor);
  }
  const distance = n > max ? n - max : min - n;
  return floor / (1 + distance / 1000);
}

export const contextLengthAware = definePlugin({
  type: CONTEXT_LENGTH_AWARE_TYPE,
  points: ['filter', 'scorer'],
  params,
  create: (name, p: Params): Filter & Scorer => {
    // Labels hardly ever change: each text is parsed once, not by filter and scorer on every request.
    const parsed = new Map<string, [number, number] | undefined>();
    const rangeOf = (e: Endpoint): [number, number] | undefined | null => {
      const text = e.labels[p.label];
      if (text === undefined) return null;
      if (!parsed.has(text)) parsed.set(text, parseContextRange(text));
      return parsed.get(text);
    };
    return {
      type: CONTEXT_LENGTH_AWARE_TYPE,
      name,
      category: 'affinity',
      filter: (_s, request, endpoints) => {
        if (!p.enableFiltering) return endpoints;
        const n = request.promptTokens.length;
        return endpoints.filter((e) => {
          const r = rangeOf(e);
          return r === null || (r !== undefined && n >= r[0] && n <= r[1]);
        });
      },
      score: (_s, request, endpoints, out) => {
        const n = request.promptTokens.length;
        for (let i = 0; i < endpoints.length; i++) {
          const r = rangeOf(endpoints[i]);
          out[i] = r === null ? 0.5 : r === undefined ? 0 : contextRangeScore(n, r[0], r[1]);
        }
      },
    };
  },
});
