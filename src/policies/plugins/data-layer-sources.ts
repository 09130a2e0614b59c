/**
 * Data-layer plugins that llm-d configs list for discovery and model lists, which fleetsim's
 * gateway does itself (the scenario's pods are the endpoints; each pod serves the scenario's model
 * and its LoRA adapters). Parameters as upstream's decoders read them, strictly (inert.ts).
 * - `models-data-source` / `models-data-extractor`: poll `/v1/models` (datalayer/source/models).
 * - `k8s-notification-source`: watch a Kubernetes kind (datalayer/source/notifications).
 * - `file-discovery`: endpoints from a file (datalayer/discovery/file); the scenario's pods stand in.
 */
import { z } from 'zod';
import { inertPlugin } from './inert.js';

export const modelsDataSource = inertPlugin(
  'models-data-source',
  z.strictObject({
    scheme: z.enum(['http', 'https']).optional(),
    path: z.string().optional(),
    insecureSkipVerify: z.boolean().optional(),
    caCertPath: z.string().optional(),
    clientCertPath: z.string().optional(),
    clientKeyPath: z.string().optional(),
    interval: z.string().optional(),
  }),
);
export const modelsDataExtractor = inertPlugin('models-data-extractor', z.strictObject({}));
export const k8sNotificationSource = inertPlugin(
  'k8s-notification-source',
  z.strictObject({ group: z.string().optional(), version: z.string().min(1), kind: z.string().min(1) }),
);
export const fileDiscovery = inertPlugin('file-discovery', z.strictObject({ path: z.string().min(1), watchFile: z.boolean().optional() }));
