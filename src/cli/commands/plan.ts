import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRICES } from '../../models/hardware/prices.js';
import { TIER_PRICE_KEYS } from '../../experiments/plan/candidates.js';
import { parseSpace, type SpaceLabels, type SpaceText } from '../../experiments/plan/space-text.js';
import { fleetScenario } from '../../experiments/plan/fleet-scenario.js';
import { DEFAULT_MAX_REPLICAS, plan, type CandidateResult, type PlanEvent, type PlanResult } from '../../experiments/plan/plan.js';
import { renderPlanTable } from '../../experiments/reports/plan-table.js';
import { writePlanReport } from '../../experiments/reports/plan-report.js';
import { setArg } from '../../experiments/job.js';
import { RATE_PATH, TRACE_RATE_PATH } from '../../experiments/max-rate.js';
import { ACCELERATORS } from '../../models/hardware/catalog.js';
import { applySets, getPath } from '../../scenario/set.js';
import { loadRouterConfig } from '../../scenario/router.js';
import { formatProblem } from '../../scenario/problems.js';
import { ExitCode, InputError, type CliIO } from '../io.js';
import { loadOrThrow, withPool } from './experiment-input.js';
import { loadProfile } from '../../experiments/plan/load-profile.js';
import { dayInput, dayLengthMissing } from '../../experiments/plan/day-input.js';
import { overTime, type OverTimeResult } from '../../experiments/plan/over-time.js';
import { renderOverTimeTable, writeOverTimeReport } from '../../experiments/reports/over-time-report.js';
import type { ResolvedScenario } from '../../scenario/resolve.js';

/** The search-space flags (--accelerators … --pd-router) are SpaceText's, as typed. */
export interface PlanArgs extends SpaceText {
  scenario: string;
  slo?: string;
  rate?: number;
  budget?: number;
  prices?: string;
  maxReplicas?: number;
  goodput?: number;
  tolerance?: number;
  probeDuration?: number;
  workers?: number;
  set?: string[];
  out?: string;
  json?: boolean;
  /** Also run the planned fleet through the scenario's time-varying load, static vs autoscaled. */
  overTime?: boolean;
}

/** Probe length when --over-time runs without --probe-duration: the day itself is far too long a probe. */
const OVER_TIME_PROBE_SECONDS = 300;

const list = (s: string | undefined): string[] | undefined => (s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter(Boolean));

/** The search axes' flags, which head their messages. */
const SPACE_FLAGS: SpaceLabels = { accelerators: '--accelerators', precisions: '--precisions', tp: '--tp', routers: '--routers', pd: '--pd', kvTiers: '--kv-tiers', pdRouter: '--pd-router' };

/** `ttftP95=2,tpotP95=0.1` → --set slo.ttftP95=2 ...; unknown keys are input errors. */
function sloSets(text: string): string[] {
  if (text.trim() === '') throw new InputError(['--slo: empty; use ttftP95=SECONDS and/or tpotP95=SECONDS']);
  return text.split(',').map((kv) => {
    const [k, v] = kv.split('=').map((x) => x.trim());
    if (k !== 'ttftP95' && k !== 'tpotP95') throw new InputError([`--slo: unknown target \`${k}\`; use ttftP95=SECONDS and/or tpotP95=SECONDS`]);
    const n = Number(v);
    if (!(n > 0)) throw new InputError([`--slo: ${k} must be a positive number of seconds, got \`${v}\``]);
    return setArg(`slo.${k}`, n);
  });
}

/**
 * `fleetsim plan <scenario>`: the cheapest fleet (accelerator, precision, TP, replicas, router)
 * that holds the target rate under the SLO; the Pareto front; each front fleet's scenario file.
 */
export async function planCommand(args: PlanArgs, io: CliIO): Promise<number> {
  // What every run gets (the day runs of --over-time too); the probes add their own below.
  // `--slo ''` (an empty shell variable) is a flag given wrong, not "use the scenario's SLO".
  const userSets = [...(args.set ?? []), ...(args.slo !== undefined ? sloSets(args.slo) : [])];
  const sets = [...userSets];
  const base = loadOrThrow(args.scenario, args.set ?? []);
  const over = args.overTime ? overTimeInput(args, base.scenario, base.raw) : undefined;
  const probeDuration = args.probeDuration ?? (over ? OVER_TIME_PROBE_SECONDS : undefined);
  if (probeDuration !== undefined) {
    sets.push(setArg('stop.duration', probeDuration), setArg('stop.requests', 1_000_000_000));
    // A warm-up as long as the probe would leave nothing measured: keep it to a fifth of the run.
    // Over time, probes are steady-state runs at one rate: warm up for a fifth.
    if (over || (base.scenario.stop?.warmup ?? 0) >= probeDuration / 2) sets.push(setArg('stop.warmup', probeDuration / 5));
  }
  if (over) sets.push(...over.probeSets);
  const loaded = loadOrThrow(args.scenario, sets);
  const s = loaded.scenario;
  const problems: string[] = [];
  if (!s.slo || (s.slo.ttftP95 === undefined && s.slo.tpotP95 === undefined)) problems.push(`${args.scenario}: slo: plan needs an SLO: --slo ttftP95=2 or an slo: block`);
  // A replayed trace is searched by rescaling it to each probed mean rate.
  const ratePath = s.workload.trace ? TRACE_RATE_PATH : RATE_PATH;
  const scenarioRate = getPath(loaded.raw, ratePath.split('.'));
  const targetRate = args.rate ?? over?.peak ?? (typeof scenarioRate === 'number' ? scenarioRate : undefined);
  if (targetRate === undefined) problems.push(`${args.scenario}: ${ratePath}: plan needs a target rate: --rate R, or a workload with an arrival rate`);
  if (s.cluster.pools.length !== 1) problems.push(`${args.scenario}: cluster.pools: plan sizes a one-pool fleet (search P/D splits of it with --pd 0,1:1,1:2)`);
  const prices: Record<string, number> = Object.fromEntries(Object.entries(PRICES).map(([k, v]) => [k, v.usdPerHour]));
  for (const kv of list(args.prices) ?? []) {
    const [k, v] = kv.split('=');
    const tierKey = (Object.values(TIER_PRICE_KEYS) as string[]).includes(k);
    if (tierKey ? !(Number(v) >= 0) : !Object.hasOwn(ACCELERATORS, k) || !(Number(v) > 0)) problems.push(`--prices: expected accelerator=usdPerHour with a known accelerator, or ${TIER_PRICE_KEYS.cpu}/${TIER_PRICE_KEYS.nvme}=usdPerGiBHour, got \`${kv}\``);
    else prices[k] = Number(v);
  }
  const searched = parseSpace(
    { accelerators: args.accelerators, precisions: args.precisions, tp: args.tp, routers: args.routers, pd: args.pd, kvTiers: args.kvTiers, pdRouter: args.pdRouter },
    s.router.config,
    SPACE_FLAGS,
  );
  problems.push(...searched.problems);
  // Each router config now, once: a bad one would fail every candidate's run, reported as pruned.
  const routers: [string, string][] = searched.space.routers.map((r) => [SPACE_FLAGS.routers, r]);
  if (searched.space.pdRouter !== undefined) routers.push([SPACE_FLAGS.pdRouter, searched.space.pdRouter]);
  for (const [flag, ref] of routers) {
    const router = loadRouterConfig(ref, args.scenario);
    if (!router.ok) problems.push(...router.problems.map((p) => (p.file ? formatProblem(p) : `${flag}: ${p.message}`)));
  }
  if (problems.length > 0) throw new InputError(problems);
  const raw = applySets(loaded.raw, []).value as Record<string, unknown>;
  delete raw.sweep;

  const onEvent = (e: PlanEvent) => {
    if (!io.isTTY) return;
    if (e.kind === 'sized') io.err(`  ${e.result.config.id}: ${e.result.replicas} replicas, ${e.result.status}\n`);
  };
  const result: PlanResult = await withPool(args.workers, (pool) =>
    plan(
      pool,
      {
        file: args.scenario,
        raw,
        sets,
        space: searched.space,
        targetRate: targetRate!,
        prices,
        budget: args.budget,
        maxReplicas: args.maxReplicas ?? DEFAULT_MAX_REPLICAS,
        goodput: args.goodput ?? 0.99,
        tolerance: args.tolerance ?? 0.1,
        ratePath,
      },
      onEvent,
    ),
  );

  const outDir = args.out ?? join('reports', s.name, 'plan');
  mkdirSync(join(outDir, 'fleets'), { recursive: true });
  const written: string[] = [];
  for (const r of result.front) {
    const file = join(outDir, 'fleets', `${r.config.id}.yaml`);
    writeFileSync(file, fleetScenario(raw, sets, r, targetRate!, ratePath));
    written.push(file);
  }
  await writePlanReport(outDir, { scenario: s.name, targetRate: targetRate!, slo: s.slo ?? {}, result, prices });
  let day: OverTimeResult | undefined;
  if (over && result.best) {
    const poolName = String((getPath(raw, ['cluster', 'pools', 0, 'name']) as string | undefined) ?? '');
    day = await withPool(args.workers, (pool) =>
      // The arms' scenarios start from the file as the user gave it (the probes' steady arrivals are not theirs).
      overTime(pool, { file: args.scenario, raw: base.raw, sets: userSets, fleet: result.best!, poolName, autoscaler: over.autoscaler, profile: over.profile, peak: targetRate!, goodput: args.goodput ?? 0.99 }),
    );
    await writeOverTimeReport(join(outDir, 'over-time'), { scenario: s.name, result: day, profile: over.profile, duration: over.duration });
  }
  if (args.json) {
    io.out(JSON.stringify({ best: brief(result.best), front: result.front.map(brief), candidates: result.candidates.map(brief), ...(day && { overTime: overTimeBrief(day) }) }, null, 2) + '\n');
  } else {
    io.out(`${renderPlanTable(s.name, targetRate!, result)}\nwrote ${join(outDir, 'index.html')} and ${written.length} fleet scenario(s) in ${join(outDir, 'fleets')}/\n`);
    if (day) io.out(`\n${renderOverTimeTable(day)}\nwrote ${join(outDir, 'over-time', 'index.html')} and each fleet's scenario in ${join(outDir, 'over-time')}/\n`);
    else if (over) io.out('\nover time: no fleet meets the peak, nothing to run through the day\n');
  }
  if (!result.best) return ExitCode.failed;
  return day && !day.autoscaledMeetsSlo ? ExitCode.failed : ExitCode.ok;
}

/**
 * --over-time needs a load that varies: the arrival process's profile (its peak is the plan's
 * default target) or a trace (then --rate gives the peak to size for). The probes replace it with
 * a steady Poisson at the probed rate, and run without the scenario's autoscaler.
 */
function overTimeInput(args: PlanArgs, s: ResolvedScenario, raw: unknown) {
  const problems: string[] = [];
  const profile = s.workload.trace ? undefined : s.workload.arrival ? loadProfile(s.workload.arrival) : undefined;
  if (s.workload.trace && args.rate === undefined) problems.push(`--over-time: ${args.scenario} replays a trace: give the peak rate to size for with --rate`);
  else if (!s.workload.trace && !profile) problems.push(`--over-time: ${args.scenario}: workload.arrival: needs a rate over time (diurnal, stages, poisson, ...)`);
  if (dayLengthMissing(s)) problems.push(`--over-time: ${args.scenario}: stop.duration: set how long the day is`);
  if (problems.length > 0) throw new InputError(problems);
  const peak = args.rate ?? profile!.peak;
  return { peak, ...dayInput(s, raw, peak) };
}

function overTimeBrief(d: OverTimeResult) {
  return {
    chosen: d.chosen.name,
    gpuHourSavings: d.gpuHourSavings,
    autoscaledMeetsSlo: d.autoscaledMeetsSlo,
    arms: d.arms.map((a) => ({ name: a.name, pools: a.pools, minReplicas: a.minReplicas, maxReplicas: a.maxReplicas, initialReplicas: a.initialReplicas, meanReplicas: a.meanReplicas, gpuHours: a.gpuHours, usd: a.usd, sloAttainment: a.attainment, ttftP95: a.summary.ttft.p95, failed: a.summary.requests.failed ?? 0, scaleEvents: a.summary.autoscaling?.events.length ?? 0 })),
  };
}

function brief(r: CandidateResult | undefined) {
  if (!r) return null;
  return {
    id: r.config.id,
    accelerator: r.config.accelerator,
    precision: r.config.precision,
    tensorParallel: r.config.tensorParallel,
    pd: r.config.pd ? `${r.config.pd.prefill}:${r.config.pd.decode}` : null,
    kvTier: r.config.kvTier?.name ?? 'none',
    router: r.config.router,
    status: r.status,
    reason: r.reason ?? null,
    replicas: r.replicas ?? null,
    gpus: r.gpus ?? null,
    costPerHour: r.costPerHour ?? null,
    replicaRate: r.replicaRate ?? null,
    fleetRate: r.fleetRate ?? null,
    costPerMillionOutputTokens: r.costPerMillionOutputTokens ?? null,
    rooflineMaxRate: r.bound?.maxRate ?? null,
    ttftP95AtTarget: r.atTarget?.ttft.p95 ?? null,
    tpotP95AtTarget: r.atTarget?.tpot.p95 ?? null,
    probes: r.probes?.length ?? 0,
  };
}
