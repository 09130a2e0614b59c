/**
 * The flow-control queue policies llm-d injects by default when flow control is on, as fleetsim
 * simulates them: one queue released first come first served (`fcfs-ordering-policy`), one flow so
 * nothing to be fair between (`global-strict-fairness-policy`; neither takes parameters), and
 * `static-usage-limit-policy` (flowcontrol/usagelimits): admit while the pool's saturation is below
 * `threshold` (default 1.0, no gating; in (0, 1]), for every priority. The config names the usage
 * limit by `flowControl.usageLimitPolicyPluginRef`.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';
import type { Plugin } from '../types.js';
import { inertPlugin } from './inert.js';

export const STATIC_USAGE_LIMIT_POLICY_TYPE = 'static-usage-limit-policy';

export const fcfsOrderingPolicy = inertPlugin('fcfs-ordering-policy', z.strictObject({}));
export const globalStrictFairnessPolicy = inertPlugin('global-strict-fairness-policy', z.strictObject({}));

export interface UsageLimitPolicy extends Plugin {
  /** Flow control admits while saturation < ceiling. */
  readonly ceiling: number;
}

const params = z.strictObject({ threshold: z.number().gt(0).max(1).default(1) });

export const staticUsageLimitPolicy = definePlugin({
  type: STATIC_USAGE_LIMIT_POLICY_TYPE,
  points: ['usage-limit'],
  params,
  create: (name, p: z.infer<typeof params>): UsageLimitPolicy => ({ type: STATIC_USAGE_LIMIT_POLICY_TYPE, name, ceiling: p.threshold }),
});
