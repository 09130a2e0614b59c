/** `core-metrics-extractor`: the gateway maps pod state to Endpoint metrics itself (inert.ts). */
import { z } from 'zod';
import { inertPlugin } from './inert.js';

export const CORE_METRICS_EXTRACTOR_TYPE = 'core-metrics-extractor';
export const coreMetricsExtractor = inertPlugin(
  CORE_METRICS_EXTRACTOR_TYPE,
  z.strictObject({
    engineLabelKey: z.string().optional(),
    defaultEngine: z.string().optional(),
    engineConfigs: z.array(z.unknown()).optional(),
  }),
);
