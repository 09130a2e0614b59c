/**
 * The scenario's `autoscaler:` section: llm-d's workload-variant-autoscaler (WVA) with its
 * saturation analyzer, the HPA that applies its targets, and the Kubernetes timings around them.
 * Defaults are WVA's capacity-scaling ConfigMap, the HPA's and Kubernetes' own.
 */
import { z } from 'zod';
import { strictObject } from './checks.js';

const count = z.int().min(1);
const seconds = z.number().positive();

/** One variant: a pool of the cluster the autoscaler may resize. Its `replicas` is the start. */
export const VariantSpecSchema = strictObject({
  /** 0: the variant scales to zero when idle and back from zero on the first waiting request. */
  minReplicas: z.int().min(0).default(1),
  maxReplicas: count,
  /** $/h of one replica (WVA's variant cost); default: the price table × the replica's accelerators. */
  usdPerHour: z.number().positive().optional(),
  /**
   * Requests/s one replica holds within the SLO (what `fleetsim plan` finds per replica). Set on
   * every variant, it turns on WVA's model-based (QoS-aware) optimizer: replicas sized from the
   * observed arrival rate, arbitrated with the saturation analyzer.
   */
  sloRatePerReplica: z.number().positive().optional(),
});

export const AutoscalerSpecSchema = strictObject({
  /** The analyzer: WVA's saturation (capacity) analyzer, the only one modelled. */
  type: z.literal('saturation').default('saturation'),
  /** Variants by pool name. */
  variants: z.record(z.string().min(1), VariantSpecSchema),
  kvCacheThreshold: z.number().gt(0).max(1).default(0.8),
  queueLengthThreshold: z.number().positive().default(5),
  kvSpareTrigger: z.number().nonnegative().max(1).default(0.1),
  queueSpareTrigger: z.number().nonnegative().default(3),
  /** Model-based sizing provisions for the observed rate × (1 + headroom). */
  headroom: z.number().nonnegative().default(0),
  /** Seconds between WVA reconciles. */
  interval: seconds.default(60),
  /** Prometheus scrape interval of the vLLM metrics WVA reads. */
  sampleInterval: seconds.default(15),
  /** WVA reads each replica's peak over this window (max_over_time[1m]). */
  metricsWindow: seconds.default(60),
  /** HPA behavior.scaleDown.stabilizationWindowSeconds (its default): the scale-down cooldown. */
  scaleDownStabilization: z.number().nonnegative().default(300),
  /** Seconds to get a node for a new replica before its start-up (0: a node is free). */
  provisioningDelay: z.number().nonnegative().default(0),
  /** A scaled-down pod's time to finish its requests before it is killed (Kubernetes' default). */
  terminationGracePeriod: z.number().nonnegative().default(30),
  /**
   * Variants with minReplicas 0 go to zero after this many seconds without a request (then
   * through the scale-down stabilization). fleetsim's idle rule, not taken from WVA.
   */
  scaleToZeroAfter: seconds.default(600),
});

export type AutoscalerSpec = z.output<typeof AutoscalerSpecSchema>;
