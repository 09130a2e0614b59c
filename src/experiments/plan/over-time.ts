/**
 * `fleetsim plan --over-time`: the planned fleet through the scenario's whole time-varying load
 * (a diurnal day, load stages, a trace), three times on identical traffic: static, with the
 * replicas sized for the peak; autoscaled by WVA's saturation analyzer alone; and by WVA with its
 * model-based (QoS-aware) optimizer, fed the per-replica SLO rate the plan found. The autoscaled
 * fleets scale between minReplicas and the peak size, starting from what the load at t = 0
 * needs; a P/D fleet's prefill and decode pools are each a variant (over-time-arms.ts). All are
 * billed by the same code (the static fleet is an autoscaler pinned at min = max), so GPU-hours,
 * cost and SLO attainment (over both pools of a P/D fleet) compare like for like.
 */
import { stringify } from 'yaml';
import type { Summary } from '../../sim/metrics/summary.js';
import { applySets } from '../../scenario/set.js';
import { setArg, type RunJob } from '../job.js';
import { sloAttainment } from '../max-rate.js';
import type { JobRunner } from '../parallel/pool.js';
import { unwrap } from '../sweep.js';
import type { LoadProfile } from './load-profile.js';
import { overTimeArms, sizedPools, type ArmName, type ArmPool, type UserBounds } from './over-time-arms.js';
import type { CandidateResult } from './plan.js';

export interface OverTimeOptions {
  file: string;
  /** The base scenario as parsed (for writing each arm's scenario). */
  raw: unknown;
  /** Overrides both arms get (the user's --set and the SLO), not the probes' short runs. */
  sets: string[];
  /** The plan's cheapest fleet meeting the peak (aggregated, or P/D units). */
  fleet: CandidateResult;
  /** The scenario's one pool (a P/D fleet replaces it with its prefill and decode pools). */
  poolName: string;
  /** The scenario's own autoscaler section (thresholds, timings), or {}; its variants are replaced. */
  autoscaler: Record<string, unknown>;
  /** The offered load, when the arrival process has one (absent for a trace: then `peak` is the plan's target). */
  profile?: LoadProfile;
  peak: number;
  goodput: number;
}

/** One pool's replicas over an arm's run. */
export interface ArmPoolResult extends Omit<ArmPool, 'sloRatePerReplica'> {
  meanReplicas: number;
}

export interface OverTimeArm {
  name: ArmName;
  /** The fleet's pools (one, or prefill and decode), each with its bounds and mean replicas. */
  pools: ArmPoolResult[];
  /** Summed over the pools (pods of a P/D fleet). */
  initialReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  meanReplicas: number;
  summary: Summary;
  /** Summed over the pools. */
  gpuHours: number;
  usd: number;
  attainment: number;
  /** The arm as a scenario file `fleetsim run` reproduces. */
  scenarioYaml: string;
}

export interface OverTimeResult {
  /** static, wva-saturation, wva-qos. */
  arms: OverTimeArm[];
  /** The autoscaled arm recommended: the cheaper of the two that holds the attainment target, else the one with the higher attainment. */
  chosen: OverTimeArm;
  /** 1 − chosen GPU-hours ÷ static GPU-hours. */
  gpuHourSavings: number;
  /** The chosen autoscaled fleet held the SLO attainment target. */
  autoscaledMeetsSlo: boolean;
}

export async function overTime(pool: JobRunner, o: OverTimeOptions): Promise<OverTimeResult> {
  const f = o.fleet;
  const pools = sizedPools(o.poolName, f.replicas!, f.config.pd);
  // Every pod of a fleet has the same accelerators and KV tier, so each costs the same.
  const usdPerHour = f.costPerHour! / pools.reduce((n, p) => n + p.replicas, 0);
  const user = (o.autoscaler.variants as Record<string, UserBounds> | undefined)?.[o.poolName] ?? {};
  // Start with what the load at t = 0 needs at the planned per-replica rate (a trace: half the peak size).
  const atStart = o.profile ? o.profile.rateAt(0) / o.peak : 0.5;
  const arms = overTimeArms({ pools, pd: f.config.pd, user, atStart, peak: o.peak });
  const armSets = arms.map((a) => [
    ...o.sets,
    ...f.config.sets,
    ...a.pools.map((p, i) => setArg(`cluster.pools.${i}.replicas`, p.initialReplicas)),
    setArg('autoscaler', {
      ...o.autoscaler,
      variants: Object.fromEntries(
        a.pools.map((p) => [p.name, { minReplicas: p.minReplicas, maxReplicas: p.maxReplicas, usdPerHour, ...(p.sloRatePerReplica !== undefined && { sloRatePerReplica: p.sloRatePerReplica }) }]),
      ),
    }),
  ]);
  const jobs: RunJob[] = arms.map((a, i) => ({ file: o.file, sets: armSets[i], point: { arm: a.name } }));
  const runs = await pool.run(jobs);
  const done = arms.map((a, i): OverTimeArm => {
    const summary = unwrap(runs[i]).summary;
    const bill = summary.autoscaling!;
    const applied = applySets(o.raw, armSets[i]).value as Record<string, unknown>;
    const armPools = a.pools.map(({ sloRatePerReplica: _, ...p }) => ({ ...p, meanReplicas: bill.variants.find((v) => v.name === p.name)?.meanReplicas ?? p.initialReplicas }));
    const bounds = armPools.map((p) => `${p.name} ${p.minReplicas}–${p.maxReplicas}`).join(', ');
    const header = `# fleetsim plan --over-time: ${f.config.id}, ${a.name} (${bounds} replicas, $${usdPerHour.toFixed(2)}/h each)\n`;
    const sum = (k: 'initialReplicas' | 'minReplicas' | 'maxReplicas' | 'meanReplicas') => armPools.reduce((n, p) => n + p[k], 0);
    return {
      name: a.name,
      pools: armPools,
      initialReplicas: sum('initialReplicas'),
      minReplicas: sum('minReplicas'),
      maxReplicas: sum('maxReplicas'),
      meanReplicas: sum('meanReplicas'),
      summary,
      gpuHours: bill.gpuHours,
      usd: bill.usd,
      attainment: sloAttainment(summary),
      scenarioYaml: header + stringify({ ...applied, name: `${String(applied.name)}-${a.name}` }),
    };
  });
  const [stat, ...scaled] = done;
  const holding = scaled.filter((a) => a.attainment >= o.goodput).sort((a, b) => a.gpuHours - b.gpuHours);
  const chosen = holding[0] ?? [...scaled].sort((a, b) => b.attainment - a.attainment)[0];
  return {
    arms: done,
    chosen,
    gpuHourSavings: stat.gpuHours > 0 ? 1 - chosen.gpuHours / stat.gpuHours : 0,
    autoscaledMeetsSlo: chosen.attainment >= o.goodput,
  };
}
