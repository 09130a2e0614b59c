/**
 * llm-d's workload-variant-autoscaler (WVA), its saturation analyzer: from each ready replica's
 * peak KV-cache usage and waiting queue over the last minute, decide whether the model's fleet
 * needs one more replica, can lose one, or stays. Variants are the deployments serving one model
 * (here: the scenario's pools); scale-up goes to the cheapest variant, scale-down takes from the
 * most expensive. Pure: no clock, no simulator; the simulator's autoscaler actor feeds it.
 *
 * After WVA's docs/saturation-analyzer.md and its capacity-scaling ConfigMap defaults.
 */

/** The capacity-scaling ConfigMap's fields, with WVA's defaults. */
export interface SaturationConfig {
  /** A replica is saturated when its KV-cache usage (0–1) is at least this. */
  kvCacheThreshold: number;
  /** ... or when its waiting queue is at least this long. */
  queueLengthThreshold: number;
  /** Scale up when the non-saturated replicas' mean spare KV (threshold − usage) is below this. */
  kvSpareTrigger: number;
  /** ... or their mean spare queue (threshold − length) is below this. */
  queueSpareTrigger: number;
}

export const WVA_DEFAULTS: Readonly<SaturationConfig> = Object.freeze({
  kvCacheThreshold: 0.8,
  queueLengthThreshold: 5,
  kvSpareTrigger: 0.1,
  queueSpareTrigger: 3,
});

/** One ready replica's metrics: peaks over the collection window (max_over_time[1m]). */
export interface ReplicaMetrics {
  variant: string;
  kvCacheUsage: number;
  queueLength: number;
}

export interface VariantState {
  name: string;
  /** $/h of one replica: the cheapest variant grows first, the dearest shrinks first. */
  cost: number;
  /** Replicas asked for (starting or ready). */
  current: number;
  /** Replicas reporting metrics (ready). */
  ready: number;
  minReplicas: number;
  maxReplicas: number;
}

export interface CapacityAnalysis {
  nonSaturated: number;
  /** Mean spare KV / queue over the non-saturated replicas (0 when every replica is saturated). */
  avgSpareKv: number;
  avgSpareQueue: number;
  shouldScaleUp: boolean;
  scaleDownSafe: boolean;
}

export function analyzeCapacity(replicas: readonly ReplicaMetrics[], c: SaturationConfig): CapacityAnalysis {
  let n = 0;
  let kvLoad = 0;
  let queueLoad = 0;
  for (const r of replicas) {
    if (r.kvCacheUsage >= c.kvCacheThreshold || r.queueLength >= c.queueLengthThreshold) continue;
    n++;
    kvLoad += r.kvCacheUsage;
    queueLoad += r.queueLength;
  }
  const avgSpareKv = n > 0 ? c.kvCacheThreshold - kvLoad / n : 0;
  const avgSpareQueue = n > 0 ? c.queueLengthThreshold - queueLoad / n : 0;
  // With every replica saturated there is no spare capacity at all: scale up.
  const shouldScaleUp = replicas.length > 0 && (avgSpareKv < c.kvSpareTrigger || avgSpareQueue < c.queueSpareTrigger);
  // Worst case of removing one: the non-saturated replicas' whole load on one fewer of them.
  let scaleDownSafe = false;
  if (n >= 2) {
    const spareKv = c.kvCacheThreshold - kvLoad / (n - 1);
    const spareQueue = c.queueLengthThreshold - queueLoad / (n - 1);
    scaleDownSafe = spareKv >= c.kvSpareTrigger && spareQueue >= c.queueSpareTrigger;
  }
  return { nonSaturated: n, avgSpareKv, avgSpareQueue, shouldScaleUp, scaleDownSafe };
}

/**
 * Target replicas per variant (WVA's CalculateCapacityTargets without a model-based optimizer):
 * scale-up adds one to the cheapest variant below its maximum, counted from its ready replicas
 * (so replicas still starting do not trigger more); no scale-up while any replica is starting
 * (WVA blocks cascade scaling); a safe scale-down removes one from the most expensive variant above
 * its minimum. Ties: the first variant by name grows, the last shrinks. Unchanged variants keep
 * their current count.
 */
export function capacityTargets(analysis: CapacityAnalysis, variants: readonly VariantState[]): Map<string, number> {
  const targets = new Map(variants.map((v) => [v.name, v.current]));
  const byName = [...variants].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const pending = variants.some((v) => v.current > v.ready);
  if (analysis.shouldScaleUp) {
    if (pending) return targets;
    let pick: VariantState | undefined;
    for (const v of byName) if (v.ready < v.maxReplicas && (!pick || v.cost < pick.cost)) pick = v;
    if (pick) targets.set(pick.name, pick.ready + 1);
    return targets;
  }
  if (analysis.scaleDownSafe) {
    let pick: VariantState | undefined;
    for (const v of byName) if (v.ready > v.minReplicas && v.current === v.ready && (!pick || v.cost >= pick.cost)) pick = v;
    if (pick) targets.set(pick.name, pick.ready - 1);
  }
  return targets;
}

/**
 * The HPA between WVA and the Deployment: scale-up at once; scale-down only to the highest
 * target recommended over the stabilization window (behavior.scaleDown.stabilizationWindowSeconds,
 * 300 s by default), so a short lull does not shed replicas the next burst needs.
 */
export class ScaleDownStabilizer {
  private readonly history: { t: number; target: number }[] = [];

  constructor(private readonly windowSeconds: number) {}

  /** The replica count to apply, given the current count and this reconcile's target. */
  apply(now: number, current: number, target: number): number {
    this.history.push({ t: now, target });
    while (this.history.length > 0 && this.history[0].t < now - this.windowSeconds) this.history.shift();
    if (target >= current) return target;
    let highest = target;
    for (const h of this.history) if (h.target > highest) highest = h.target;
    return Math.min(current, highest);
  }
}
