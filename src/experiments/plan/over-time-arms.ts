/**
 * The three fleets `plan --over-time` runs, as pools with bounds: `static` pins every pool at
 * its sized count; `wva-saturation` and `wva-qos` make every pool a WVA variant. An aggregated
 * fleet has one pool; a P/D fleet two (prefill and decode, each its own variant, which the
 * autoscaler sizes on its own role's replicas: role-targets.ts).
 */
import type { VariantRole } from '../../policies/autoscaling/role-targets.js';
import { PD_POOLS, type PdSplit } from './axes.js';

export type ArmName = 'static' | 'wva-saturation' | 'wva-qos';

/** One pool of the sized fleet: the scenario's pools in order. */
export interface SizedPool {
  name: string;
  role: VariantRole;
  /** Pods the plan sized it with (for the peak). */
  replicas: number;
}

/** One pool as an arm runs it. */
export interface ArmPool {
  name: string;
  role: VariantRole;
  initialReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  /** Set on every pool of wva-qos only: turns on WVA's model-based optimizer. */
  sloRatePerReplica?: number;
}

export interface ArmPlan {
  name: ArmName;
  pools: ArmPool[];
}

/** The base pool's autoscaler variant as the user wrote it (counts in the plan's replicas: pods, or P/D units). */
export interface UserBounds {
  minReplicas?: number;
  maxReplicas?: number;
}

/** The sized fleet's pools: the base pool alone, or `units` P/D units as a prefill and a decode pool. */
export function sizedPools(basePool: string, units: number, pd: PdSplit | undefined): SizedPool[] {
  if (!pd) return [{ name: basePool, role: 'both', replicas: units }];
  return PD_POOLS.map((p) => ({ name: p.name, role: p.role, replicas: units * pd[p.role] }));
}

/**
 * Each pool's bounds and start, per arm. Aggregated: the autoscaled pool may grow to the peak
 * size (or the user's larger maxReplicas) and shrink to the user's minReplicas (default 1).
 * P/D mirrors that per pool: a role may grow to its sized count, or to the user's maxReplicas
 * read as P/D units (the plan's replicas) times the role's pods per unit, so the split's ratio
 * bounds both roles alike; it shrinks to the user's minReplicas, at least 1 (a P/D role cannot
 * scale to zero). Every pool starts with its share of what the load at t = 0 needs
 * (`atStart` = rate at 0 ÷ peak).
 */
export function overTimeArms(p: { pools: SizedPool[]; pd?: PdSplit; user: UserBounds; atStart: number; peak: number }): ArmPlan[] {
  const scaled = p.pools.map((pool) => {
    const perUnit = p.pd && pool.role !== 'both' ? p.pd[pool.role] : 1;
    const maxReplicas = Math.max(pool.replicas, (p.user.maxReplicas ?? 0) * perUnit);
    const floor = pool.role === 'both' ? 0 : 1;
    const minReplicas = Math.min(Math.max(p.user.minReplicas ?? 1, floor), maxReplicas);
    const initialReplicas = Math.min(maxReplicas, Math.max(minReplicas, Math.ceil(pool.replicas * p.atStart - 1e-9)));
    return { name: pool.name, role: pool.role, initialReplicas, minReplicas, maxReplicas };
  });
  return [
    { name: 'static', pools: p.pools.map((pool) => ({ name: pool.name, role: pool.role, initialReplicas: pool.replicas, minReplicas: pool.replicas, maxReplicas: pool.replicas })) },
    { name: 'wva-saturation', pools: scaled },
    {
      name: 'wva-qos',
      // What one replica of the sized fleet holds: the fleet's rate per replica, not a lone replica's
      // (prefix caching spreads a workload's groups over the fleet, so N replicas hold more than N × one).
      // P/D: every request is prefilled once and decoded once, so each role carries the whole rate (the
      // optimizer sizes each role for it, role-targets.ts); the sized fleet holds the peak with its
      // prefill pods and, separately, with its decode pods, so a pod of a role holds peak ÷ that role's count.
      pools: scaled.map((pool, i) => ({ ...pool, sloRatePerReplica: p.peak / p.pools[i].replicas })),
    },
  ];
}
