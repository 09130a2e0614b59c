/**
 * `always-disagg-pd-decider`: every request gets a separate prefill.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { PdDecider } from '../types.js';

export const ALWAYS_DISAGG_PD_DECIDER_TYPE = 'always-disagg-pd-decider';

export const alwaysDisaggPdDecider = definePlugin({
  type: ALWAYS_DISAGG_PD_DECIDER_TYPE,
  points: ['pd-decider'],
  params: z.strictObject({}),
  create: (name): PdDecider => ({ type: ALWAYS_DISAGG_PD_DECIDER_TYPE, name, disaggregate: () => true }),
});
