/**
 * `by-label` (llm-d-router `scheduling/filter/bylabel/filter.go`), deprecated in favour of
 * `label-selector-filter` and the role filters but still registered: keeps an endpoint whose label
 * `label` has one of `validValues` (exact match), or that lacks the label when `allowsNoLabel`.
 * Upstream refuses an empty `label`, and a filter with no valid value that also drops unlabelled
 * endpoints (it would drop everything). The role label reads the pool's role, as the role filters do.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { Endpoint, Filter } from '../types.js';
import { ROLE_LABEL, roleOf } from './roles.js';

export const BY_LABEL_TYPE = 'by-label';

const params = z
  .strictObject({
    label: z.string().min(1, "'label' must be specified"),
    validValues: z.array(z.string()).default([]),
    allowsNoLabel: z.boolean().default(false),
  })
  .refine((p) => p.validValues.length > 0 || p.allowsNoLabel, {
    message: "either 'validValues' must be non-empty or 'allowsNoLabel' must be true",
    path: ['validValues'],
  });
type Params = z.infer<typeof params>;

export const byLabelFilter = definePlugin({
  type: BY_LABEL_TYPE,
  points: ['filter'],
  params,
  create: (name, p: Params): Filter => {
    const valid = new Set(p.validValues);
    const value = (e: Endpoint) => (p.label === ROLE_LABEL ? roleOf(e) : e.labels[p.label]);
    return {
      type: BY_LABEL_TYPE,
      name,
      filter: (_s, _r, endpoints) =>
        endpoints.filter((e) => {
          const v = value(e);
          return v === undefined ? p.allowsNoLabel : valid.has(v);
        }),
    };
  },
});
