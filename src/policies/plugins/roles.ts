/**
 * Role label shared by the role filters (llm-d-router `scheduling/filter/bylabel/roles.go`).
 * `both` is a deprecated alias for `prefill-decode`.
 */
import { z } from 'zod';
import { definePlugin, type PluginDefinition } from '../plugin.js';
import type { Endpoint, Filter } from '../types.js';

export const ROLE_LABEL = 'llm-d.ai/role';

export function roleOf(e: Endpoint): string | undefined {
  return e.role ?? e.labels[ROLE_LABEL];
}

/** Keeps endpoints whose role is in `roles`; unlabelled endpoints are kept iff `keepUnlabelled`. */
export function filterByRole(
  endpoints: readonly Endpoint[],
  roles: ReadonlySet<string>,
  keepUnlabelled: boolean,
): readonly Endpoint[] {
  let all = true;
  for (const e of endpoints) {
    const r = roleOf(e);
    if (r === undefined ? !keepUnlabelled : !roles.has(r)) {
      all = false;
      break;
    }
  }
  if (all) return endpoints; // the common case: no copy
  return endpoints.filter((e) => {
    const r = roleOf(e);
    return r === undefined ? keepUnlabelled : roles.has(r);
  });
}

/** A role filter plugin (decode-filter, prefill-filter, encode-filter): the roles it keeps. */
export function roleFilter(type: string, roles: readonly string[], keepUnlabelled: boolean): PluginDefinition<unknown> {
  const keep = new Set(roles);
  return definePlugin({
    type,
    points: ['filter'],
    params: z.strictObject({}),
    create: (name): Filter => ({ type, name, filter: (_s, _r, endpoints) => filterByRole(endpoints, keep, keepUnlabelled) }),
  });
}
