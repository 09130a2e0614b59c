/**
 * `single-profile-handler`: runs the only profile once; it is the primary. Like G's version, the
 * config loader rejects it with more than one profile.
 * `data-parallel-profile-handler` (deprecated upstream for single-profile-handler with Istio ≥
 * 1.28.1) schedules the same way; it also sends the request to the pick's `primaryPort` with an
 * `X-Data-Parallel-Endpoint` header, an address detail with no effect in the simulation.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { ProfileHandler } from '../types.js';

export const SINGLE_PROFILE_HANDLER_TYPE = 'single-profile-handler';
export const DATA_PARALLEL_PROFILE_HANDLER_TYPE = 'data-parallel-profile-handler';
/** Handlers that need exactly one scheduling profile. */
export const ONE_PROFILE_HANDLER_TYPES: readonly string[] = [SINGLE_PROFILE_HANDLER_TYPE, DATA_PARALLEL_PROFILE_HANDLER_TYPE];

const NONE: readonly string[] = [];

function oneProfileHandler(type: string, params: z.ZodType) {
  return definePlugin({
    type,
    points: ['profile-handler'],
    params,
    create: (name): ProfileHandler => {
      let only: readonly string[] = NONE;
      return {
        type,
        name,
        pickProfiles: (_s, _r, profiles, results) => {
          if (only.length === 0) only = [...profiles.keys()].slice(0, 1);
          return results.size === 0 ? only : NONE;
        },
        processResults: (_s, _r, results) => {
          const [profileName, result] = results.entries().next().value ?? ['', null];
          if (result === null || result.targetEndpoints.length === 0) {
            return { error: `profile "${profileName}": no endpoints available for the given request` };
          }
          return { profileResults: results, primaryProfileName: profileName };
        },
      };
    },
  });
}

export const singleProfileHandler = oneProfileHandler(SINGLE_PROFILE_HANDLER_TYPE, z.strictObject({}));
export const dataParallelProfileHandler = oneProfileHandler(
  DATA_PARALLEL_PROFILE_HANDLER_TYPE,
  z.strictObject({ primaryPort: z.int().min(1).max(65535).default(8000) }),
);
