/**
 * `label-selector-filter` (alias `by-label-selector`): Kubernetes label selector semantics —
 * every `matchLabels` pair and every `matchExpressions` entry (In / NotIn / Exists / DoesNotExist)
 * must hold. NotIn and DoesNotExist match endpoints without the label, as in Kubernetes.
 */
import { z } from 'zod';
import { definePlugin, type PluginDefinition } from '../plugin.js';
import type { Endpoint, Filter } from '../types.js';

export const LABEL_SELECTOR_FILTER_TYPE = 'label-selector-filter';
export const BY_LABEL_SELECTOR_TYPE = 'by-label-selector';

const expression = z
  .strictObject({
    key: z.string().min(1),
    operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
    values: z.array(z.string()).default([]),
  })
  .refine((x) => (x.operator === 'In' || x.operator === 'NotIn' ? x.values.length > 0 : x.values.length === 0), {
    message: 'In/NotIn need values; Exists/DoesNotExist take none',
    path: ['values'],
  });
const params = z.strictObject({
  matchLabels: z.record(z.string(), z.string()).default({}),
  matchExpressions: z.array(expression).default([]),
});
type Params = z.infer<typeof params>;

export function selects(p: Params, e: Endpoint): boolean {
  for (const [k, v] of Object.entries(p.matchLabels)) if (e.labels[k] !== v) return false;
  for (const x of p.matchExpressions) {
    const v = e.labels[x.key];
    const ok =
      x.operator === 'In'
        ? v !== undefined && x.values.includes(v)
        : x.operator === 'NotIn'
          ? v === undefined || !x.values.includes(v)
          : x.operator === 'Exists'
            ? v !== undefined
            : v === undefined;
    if (!ok) return false;
  }
  return true;
}

function selectorFilter(type: string): PluginDefinition<unknown> {
  return definePlugin({
    type,
    points: ['filter'],
    params,
    create: (name, p: Params): Filter => ({
      type,
      name,
      filter: (_s, _r, endpoints) => endpoints.filter((e) => selects(p, e)),
    }),
  });
}

export const labelSelectorFilter = selectorFilter(LABEL_SELECTOR_FILTER_TYPE);
/** Deprecated alias. */
export const byLabelSelector = selectorFilter(BY_LABEL_SELECTOR_TYPE);
