/**
 * Target replicas per variant, one role at a time. llm-d deploys a P/D model as two deployments
 * (prefill and decode, told apart by the `llm-d.ai/role` label), and WVA sees each as a variant
 * of its own; a prefill replica's load says nothing about a decode replica's, so fleetsim runs the
 * saturation analysis (and the model-based optimizer, when on) separately over each role's
 * replicas: aggregated (`both`), prefill, decode. A prefill pod's KV-cache usage and waiting queue
 * are the prompts it is computing, holding for a decode pod's pull, or queued to prefill; a decode
 * pod's are its running decodes and those waiting (vLLM counts a request waiting for its remote KV
 * in num_requests_waiting). Scaling one role never changes another's target, and a replica still
 * starting in one role blocks scale-up only in that role. A fleet with one role is WVA as is.
 */
import { arbitrate, modelBasedTargets } from './model-based.js';
import { analyzeCapacity, capacityTargets, type ReplicaMetrics, type SaturationConfig, type VariantState } from './saturation-analyzer.js';

export type VariantRole = 'both' | 'prefill' | 'decode';

export const VARIANT_ROLES: readonly VariantRole[] = ['both', 'prefill', 'decode'];

export interface RoleVariant extends VariantState {
  role: VariantRole;
  /** Set on every variant: the model-based optimizer is on (see model-based.ts). */
  sloRatePerReplica?: number;
}

/** The model-based optimizer's input: the gateway's arrival rate (req/s) and the headroom. */
export interface ModelInput {
  rate: number;
  headroom: number;
}

/**
 * Each variant's target before the HPA's scale-down stabilization. `replicas` are the ready
 * replicas' metrics, tagged with their variant's name. With `model`, every variant needs its
 * `sloRatePerReplica`; each role is sized for the whole arrival rate (every request is prefilled
 * once and decoded once).
 */
export function targetsByRole(replicas: readonly ReplicaMetrics[], variants: readonly RoleVariant[], c: SaturationConfig, model?: ModelInput): Map<string, number> {
  const targets = new Map<string, number>();
  for (const role of VARIANT_ROLES) {
    const group = variants.filter((v) => v.role === role);
    if (group.length === 0) continue;
    const names = new Set(group.map((v) => v.name));
    const analysis = analyzeCapacity(
      replicas.filter((r) => names.has(r.variant)),
      c,
    );
    const capacity = capacityTargets(analysis, group);
    const sized = model
      ? modelBasedTargets(
          model.rate,
          group.map((v) => {
            if (v.sloRatePerReplica === undefined) throw new Error(`variant ${v.name}: the model-based optimizer needs sloRatePerReplica`);
            return { ...v, sloRatePerReplica: v.sloRatePerReplica };
          }),
          model.headroom,
        )
      : undefined;
    for (const v of group) {
      const cap = capacity.get(v.name)!;
      targets.set(v.name, sized ? arbitrate(v.current, cap, sized.get(v.name)!, analysis) : cap);
    }
  }
  return targets;
}
