/**
 * `single-profile-handler`: runs the only profile once; it is the primary. Like G's version, the
 * config loader rejects it with more than one profile.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { ProfileHandler } from '../types.js';

export const SINGLE_PROFILE_HANDLER_TYPE = 'single-profile-handler';

const NONE: readonly string[] = [];

export const singleProfileHandler = definePlugin({
  type: SINGLE_PROFILE_HANDLER_TYPE,
  points: ['profile-handler'],
  params: z.strictObject({}),
  create: (name): ProfileHandler => {
    let only: readonly string[] = NONE;
    return {
      type: SINGLE_PROFILE_HANDLER_TYPE,
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
