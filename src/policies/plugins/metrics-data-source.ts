/** `metrics-data-source`: the gateway's scrape stands for it (inert.ts). */
import { z } from 'zod';
import { inertPlugin } from './inert.js';

export const METRICS_DATA_SOURCE_TYPE = 'metrics-data-source';
export const metricsDataSource = inertPlugin(
  METRICS_DATA_SOURCE_TYPE,
  z.strictObject({
    scheme: z.enum(['http', 'https']).default('http'),
    path: z.string().default('/metrics'),
    insecureSkipVerify: z.boolean().default(true),
    caCertPath: z.string().optional(),
    clientCertPath: z.string().optional(),
    clientKeyPath: z.string().optional(),
    interval: z.string().optional(),
  }),
);
