/**
 * The EndpointPickerConfig document (llm-d-router `apix/config/v1alpha1/endpointpickerconfig_types.go`)
 * and the resolved config the scheduler is built from. Plugin parameters stay raw here; each
 * plugin's own schema parses them (plugin.ts). Unknown keys are errors at every level, including
 * the sections fleetsim keeps but does not act on (most of flowControl, dataLayer, requestHandler).
 */
import { z } from 'zod';

export const API_VERSIONS = ['llm-d.ai/v1alpha1', 'inference.networking.x-k8s.io/v1alpha1'] as const;

const pluginRefOnly = z.strictObject({ pluginRef: z.string().min(1) });

/** A Kubernetes resource quantity (`1Gi`, `500`) or a duration (`30s`), kept as written. */
const quantity = z.union([z.string().min(1), z.number().nonnegative()]);
const priorityBand = z.strictObject({
  priority: z.int(),
  maxBytes: quantity.optional(),
  maxRequests: quantity.optional(),
  fairnessPolicyRef: z.string().optional(),
  orderingPolicyRef: z.string().optional(),
});
/**
 * `dataLayer` (DataLayerConfig): metrics sources and their extractors, pod discovery, cross-replica
 * sync. fleetsim's gateway scrapes and discovers pods itself, so these are kept as given; their key
 * names are checked.
 */
const dataLayerSection = z.strictObject({
  injectDefaults: z.boolean().optional(),
  sources: z.array(z.strictObject({ pluginRef: z.string().min(1), extractors: z.array(pluginRefOnly).optional() })).optional(),
  discovery: pluginRefOnly.optional(),
  peerDiscovery: pluginRefOnly.optional(),
  crossReplicaSyncerPluginRef: z.string().optional(),
  crossReplicaSyncInterval: quantity.optional(),
});

/**
 * `flowControl` (FlowControlConfig): its key names are checked so a misspelt one is an error, not
 * a silent default. fleetsim acts on `saturationDetector` (and on the `flowControl` feature gate);
 * the queue limits, TTLs, bands and policies are kept as given (one FCFS queue is simulated).
 */
const flowControlSection = z.strictObject({
  maxBytes: quantity.optional(),
  maxRequests: quantity.optional(),
  defaultRequestTTL: quantity.optional(),
  noEndpointRequestTTL: quantity.optional(),
  defaultPriorityBand: priorityBand.optional(),
  defaultNegativePriorityBand: priorityBand.optional(),
  priorityBands: z.array(priorityBand).optional(),
  usageLimitPolicyPluginRef: z.string().optional(),
  saturationDetector: pluginRefOnly.optional(),
  enableEviction: z.boolean().optional(),
});

export const endpointPickerConfigDocument = z.strictObject({
  apiVersion: z.enum(API_VERSIONS),
  kind: z.literal('EndpointPickerConfig'),
  featureGates: z.array(z.string()).optional(),
  plugins: z
    .array(
      z.strictObject({
        type: z.string().min(1),
        name: z.string().min(1).optional(),
        parameters: z.unknown().optional(),
      }),
    )
    .optional(),
  schedulingProfiles: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        plugins: z.array(z.strictObject({ pluginRef: z.string().min(1), weight: z.number().optional() })),
      }),
    )
    .optional(),
  flowControl: flowControlSection.optional(),
  /** Deprecated upstream in favour of flowControl.saturationDetector. */
  saturationDetector: pluginRefOnly.optional(),
  dataLayer: dataLayerSection.optional(),
  requestHandler: z.strictObject({ parsers: z.array(pluginRefOnly).optional() }).optional(),
  /** Deprecated upstream in favour of requestHandler. */
  parser: pluginRefOnly.optional(),
});
export type EndpointPickerConfigDocument = z.infer<typeof endpointPickerConfigDocument>;

export interface PluginSpec {
  readonly type: string;
  readonly name: string;
  /** Parsed by the plugin's own schema, defaults filled in. */
  readonly parameters: unknown;
  /** True when added by default injection (§1.4), not written in the file. */
  readonly injected: boolean;
}

export interface ProfilePluginSpec {
  readonly pluginRef: string;
  /** Only scorers use it; an omitted weight is 1. */
  readonly weight: number;
}

export interface ProfileSpec {
  readonly name: string;
  readonly plugins: ProfilePluginSpec[];
}

/** A validated config with every default injected: what `createScheduler` takes. */
export interface EndpointPickerConfig {
  readonly file: string;
  readonly apiVersion: (typeof API_VERSIONS)[number];
  readonly featureGates: string[];
  readonly plugins: PluginSpec[];
  readonly schedulingProfiles: ProfileSpec[];
  readonly flowControl?: z.infer<typeof flowControlSection>;
  /** flowControl.saturationDetector, else the deprecated top-level field (upstream: the new one wins). */
  readonly saturationDetector?: { pluginRef: string };
  readonly dataLayer?: z.infer<typeof dataLayerSection>;
  readonly requestHandler?: { parsers?: { pluginRef: string }[] };
  readonly parser?: { pluginRef: string };
  /** One line per default that was injected, e.g. `added plugin approx-prefix-cache-producer …`. */
  readonly injected: string[];
}
