/**
 * WVA's model-based (QoS-aware) optimizer and its arbitration with the saturation analyzer.
 * The optimizer sizes each variant from the observed arrival rate and what one replica holds under
 * the SLO (WVA derives that from a queueing model of the server's profiled step times; fleetsim
 * has it from simulation: `fleetsim plan` bisects it per replica). The arbitration is WVA's hybrid
 * decision matrix: capacity needs veto a model-based scale-down, an unsafe scale-down is blocked,
 * otherwise the model-based target wins.
 */
import type { CapacityAnalysis, VariantState } from './saturation-analyzer.js';

export interface ModelVariant extends VariantState {
  /** Arrival rate one replica holds within the SLO (req/s). */
  sloRatePerReplica: number;
}

/**
 * Replicas per variant for `rate` req/s, times (1 + headroom): the variant that costs least per
 * unit of SLO rate first, up to its maximum, the rest to the next. Every variant keeps at least its
 * minimum (counted toward the rate).
 */
export function modelBasedTargets(rate: number, variants: readonly ModelVariant[], headroom = 0): Map<string, number> {
  const targets = new Map(variants.map((v) => [v.name, v.minReplicas]));
  let left = rate * (1 + headroom);
  for (const v of variants) left -= v.minReplicas * v.sloRatePerReplica;
  const byValue = [...variants].sort((a, b) => a.cost / a.sloRatePerReplica - b.cost / b.sloRatePerReplica || (a.name < b.name ? -1 : 1));
  for (const v of byValue) {
    if (left <= 1e-9) break;
    const more = Math.min(v.maxReplicas - v.minReplicas, Math.ceil(left / v.sloRatePerReplica - 1e-9));
    targets.set(v.name, v.minReplicas + more);
    left -= more * v.sloRatePerReplica;
  }
  return targets;
}

/**
 * One variant's final target from its capacity target, its model-based target and its current
 * count (WVA's ArbitrateWithModelBased):
 *  - model-based scale-up: the higher of the two targets;
 *  - capacity scale-up: it stands, unless the model wants fewer (veto: no change);
 *  - model-based scale-down: only if the capacity analysis finds it safe;
 *  - otherwise no change.
 */
export function arbitrate(current: number, capacity: number, model: number, analysis: CapacityAnalysis): number {
  if (model > current) return Math.max(model, capacity);
  if (capacity > current) return model < current ? current : capacity;
  if (model < current) return analysis.scaleDownSafe ? model : current;
  return current;
}
