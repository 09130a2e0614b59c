/**
 * The terminal UI's planning form: its fields, their defaults from the scenario, and the plan
 * request they make. The search axes go through `fleetsim plan`'s own parser (space-text.ts), so
 * a bad value gets the flag's message under the field's name.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_PD_ROUTER, knownAccelerators } from '../experiments/plan/candidates.js';
import { DEFAULT_MAX_REPLICAS, type PlanOptions } from '../experiments/plan/plan.js';
import { parseSpace, SPACE_DEFAULTS, type SpaceLabels } from '../experiments/plan/space-text.js';
import { parsePositiveInt } from '../experiments/positive-int.js';
import { setArg } from '../experiments/job.js';
import { RATE_PATH, TRACE_RATE_PATH } from '../experiments/max-rate.js';
import { PRICES } from '../models/hardware/prices.js';
import { MODELS } from '../models/llm/catalog.js';
import { loadScenarioFile } from '../scenario/load.js';
import { shippedRouterConfigs } from '../scenario/router.js';
import { formatProblem } from '../scenario/problems.js';
import { applySets, getPath } from '../scenario/set.js';
import { dayLoad, type DayLoad } from './day-load.js';

export interface FormValues {
  model: string;
  rate: string;
  /** A trace file replayed as the traffic, rescaled to the rate; empty: the scenario's workload. */
  trace: string;
  traceFormat: string;
  ttftP95: string;
  tpotP95: string;
  budget: string;
  accelerators: string;
  precisions: string;
  tp: string;
  /** Router configs of aggregated fleets; empty: the scenario's. */
  routers: string;
  /** P/D splits, `0` aggregated: `0,1:1,1:2`. */
  pd: string;
  /** The router config of P/D fleets; empty: DEFAULT_PD_ROUTER. */
  pdRouter: string;
  kvTiers: string;
  maxReplicas: string;
  probeDuration: string;
  workers: string;
}

export type FieldKey = keyof FormValues;

export interface Field {
  key: FieldKey;
  label: string;
  /** choice: enter or ←/→ cycle through `choices`; text: enter edits, enter confirms, esc cancels. */
  kind: 'choice' | 'text';
  choices?: string[];
  hint: string;
}

export const FIELDS: readonly Field[] = [
  { key: 'model', label: 'model', kind: 'choice', choices: Object.keys(MODELS), hint: '←/→ or enter: model catalogue id' },
  { key: 'rate', label: 'rate (req/s)', kind: 'text', hint: 'target arrival rate (the scenario\'s workload shape, or the trace below)' },
  { key: 'trace', label: 'trace file', kind: 'text', hint: 'a trace CSV replayed at the rate instead of the scenario\'s workload; empty: none' },
  { key: 'traceFormat', label: 'trace format', kind: 'choice', choices: ['azure', 'burstgpt', 'mooncake'], hint: '←/→ or enter: the trace file\'s format' },
  { key: 'ttftP95', label: 'TTFT p95 (s)', kind: 'text', hint: 'SLO on time to first token; empty: none' },
  { key: 'tpotP95', label: 'TPOT p95 (s)', kind: 'text', hint: 'SLO on time per output token; empty: none' },
  { key: 'budget', label: 'budget ($/h)', kind: 'text', hint: 'drop fleets costing more; empty: no limit' },
  { key: 'accelerators', label: 'accelerators', kind: 'text', hint: `comma-separated; known: ${knownAccelerators().join(',')}` },
  { key: 'precisions', label: 'precisions', kind: 'text', hint: 'comma-separated: bf16,fp8,fp4,int8' },
  { key: 'tp', label: 'TP sizes', kind: 'text', hint: 'comma-separated: 1,2,4,8' },
  { key: 'routers', label: 'routers', kind: 'text', hint: `router configs of aggregated fleets, comma-separated; shipped: ${shippedRouterConfigs().join(',')}; empty: the scenario's` },
  { key: 'pd', label: 'P/D splits', kind: 'text', hint: 'prefill:decode pods per unit, comma-separated; 0 = aggregated: 0,1:1,1:2' },
  { key: 'pdRouter', label: 'P/D router', kind: 'text', hint: `router config of P/D fleets; empty: ${DEFAULT_PD_ROUTER}` },
  { key: 'kvTiers', label: 'KV tiers', kind: 'text', hint: 'KV offload per pod, comma-separated: none,cpu,cpu+nvme; sizes in GiB optional: cpu:256+nvme:2048' },
  { key: 'maxReplicas', label: 'max replicas', kind: 'text', hint: 'largest fleet considered (replicas, or P/D units)' },
  { key: 'probeDuration', label: 'probe run (s)', kind: 'text', hint: 'seconds of arrivals per simulated run; empty: the scenario\'s stop' },
  { key: 'workers', label: 'workers', kind: 'text', hint: 'parallel simulations (worker threads)' },
];

/**
 * The form's first values: the scenario's model, rate and SLO, plan's default search space. The
 * rate of a load that varies over time is its peak (`peak`), as `plan --over-time` sizes for.
 */
export function defaultForm(raw: unknown, defaults: { workers: number; peak?: number }): FormValues {
  const num = (path: string) => {
    const v = getPath(raw, path.split('.'));
    return typeof v === 'number' ? String(v) : '';
  };
  const duration = getPath(raw, ['stop', 'duration']);
  return {
    model: String(getPath(raw, ['model']) ?? Object.keys(MODELS)[0]),
    rate: defaults.peak !== undefined ? String(defaults.peak) : num(RATE_PATH) || num('workload.trace.rate'),
    trace: '',
    traceFormat: 'azure',
    ttftP95: num('slo.ttftP95') || (num('slo.tpotP95') ? '' : '2'),
    tpotP95: num('slo.tpotP95'),
    budget: '',
    accelerators: knownAccelerators().join(','),
    precisions: SPACE_DEFAULTS.precisions,
    tp: SPACE_DEFAULTS.tp,
    routers: String(getPath(raw, ['router', 'config']) ?? ''),
    pd: SPACE_DEFAULTS.pd,
    pdRouter: DEFAULT_PD_ROUTER,
    kvTiers: SPACE_DEFAULTS.kvTiers,
    maxReplicas: String(DEFAULT_MAX_REPLICAS),
    // Planning simulates many runs: a minute of arrivals is enough to see queues build.
    probeDuration: typeof duration === 'number' ? String(Math.min(duration, 60)) : '',
    workers: String(defaults.workers),
  };
}


/** What a run of the planner needs, besides the pool. */
export interface PlanRequest {
  scenarioName: string;
  targetRate: number;
  workers: number;
  options: PlanOptions;
  /** What the over-time comparison runs: the load over the day, on the scenario as given plus the form's overrides (not the probes'). */
  day: { load: DayLoad; raw: unknown; sets: string[]; poolName: string };
}

/** The form's names of the search axes, which head their messages (the CLI's name its flags). */
const SPACE_LABELS: SpaceLabels = { accelerators: 'accelerators', precisions: 'precisions', tp: 'TP sizes', routers: 'routers', pd: 'P/D splits', kvTiers: 'KV tiers', pdRouter: 'P/D router' };

/** The form as plan options, or every problem with it at once. */
export function planRequest(file: string, f: FormValues): { ok: true; request: PlanRequest } | { ok: false, problems: string[] } {
  const problems: string[] = [];
  const positive = (label: string, text: string, optional: boolean): number | undefined => {
    if (text.trim() === '' && optional) return undefined;
    const n = Number(text);
    if (!(n > 0) || !Number.isFinite(n)) problems.push(`${label}: expected a positive number, got \`${text}\``);
    return n;
  };
  const rate = positive('rate', f.rate, false);
  const ttft = positive('TTFT p95', f.ttftP95, true);
  const tpot = positive('TPOT p95', f.tpotP95, true);
  if (ttft === undefined && tpot === undefined) problems.push('SLO: set TTFT p95 or TPOT p95');
  const budget = positive('budget', f.budget, true);
  const probe = positive('probe run', f.probeDuration, true);
  const workers = positive('workers', f.workers, false);
  if (workers !== undefined && !Number.isInteger(workers)) problems.push(`workers: expected a whole number, got ${f.workers}`);
  if (!Object.hasOwn(MODELS, f.model)) problems.push(`model: unknown model \`${f.model}\``);
  const loaded = loadScenarioFile(file, []);
  if (!loaded.ok) return { ok: false, problems: loaded.problems.map(formatProblem) };
  const searched = parseSpace(
    // An empty routers field is plan without --routers: the scenario's router.
    { accelerators: f.accelerators, precisions: f.precisions, tp: f.tp, routers: f.routers.trim() || undefined, pd: f.pd, kvTiers: f.kvTiers, pdRouter: f.pdRouter },
    loaded.scenario.router.config,
    SPACE_LABELS,
  );
  problems.push(...searched.problems);
  let maxReplicas = DEFAULT_MAX_REPLICAS;
  try {
    maxReplicas = parsePositiveInt(f.maxReplicas, 'max replicas');
  } catch (e) {
    problems.push((e as Error).message);
  }
  const trace = f.trace.trim() === '' ? undefined : resolve(f.trace.trim());
  if (trace !== undefined && !existsSync(trace)) problems.push(`trace file: ${f.trace} does not exist`);
  if (!['azure', 'burstgpt', 'mooncake'].includes(f.traceFormat)) problems.push(`trace format: unknown format \`${f.traceFormat}\``);
  if (problems.length > 0) return { ok: false, problems };

  const sets = [setArg('model', f.model)];
  // A trace replaces the whole workload; the planner then varies its rate, not an arrival process's.
  if (trace !== undefined) sets.push(setArg('workload', { trace: { format: f.traceFormat, path: trace, rate: rate! } }));
  if (ttft !== undefined) sets.push(setArg('slo.ttftP95', ttft));
  if (tpot !== undefined) sets.push(setArg('slo.tpotP95', tpot));
  // A sweep over the arrival rate no longer applies to a trace: every run drops it.
  if (trace !== undefined && getPath(loaded.raw, ['sweep']) !== undefined) sets.push(setArg('sweep', {}));
  const daySets = [...sets];
  const dayScenario = loadScenarioFile(file, daySets);
  if (!dayScenario.ok) return { ok: false, problems: dayScenario.problems.map(formatProblem) };
  const day = dayLoad(dayScenario.scenario, dayScenario.raw);
  // A load that varies is probed as plan --over-time probes it: steady at one rate, no autoscaler.
  if (day.varies) sets.push(...day.probeSets);
  if (probe !== undefined && probe !== getPath(loaded.raw, ['stop', 'duration'])) {
    const warmup = getPath(loaded.raw, ['stop', 'warmup']);
    sets.push(setArg('stop.duration', probe), setArg('stop.requests', 1_000_000_000));
    if (typeof warmup === 'number') sets.push(setArg('stop.warmup', Math.min(warmup, probe / 5)));
  }
  const withSets = loadScenarioFile(file, sets);
  if (!withSets.ok) return { ok: false, problems: withSets.problems.map(formatProblem) };
  if (withSets.scenario.cluster.pools.length !== 1) return { ok: false, problems: ['the planner sizes a one-pool fleet (P/D splits searches splits of it)'] };
  // The base scenario with the form's overrides, as plan's `raw` (the export reads it).
  const raw = applySets(withSets.raw, []).value as Record<string, unknown>;
  delete raw.sweep;
  const prices = Object.fromEntries(Object.entries(PRICES).map(([k, v]) => [k, v.usdPerHour]));
  return {
    ok: true,
    request: {
      scenarioName: withSets.scenario.name,
      day: { load: day, raw: loaded.raw, sets: daySets, poolName: withSets.scenario.cluster.pools[0].name },
      targetRate: rate!,
      workers: workers!,
      options: {
        file,
        raw,
        sets,
        space: searched.space,
        targetRate: rate!,
        prices,
        budget,
        maxReplicas,
        ratePath: trace === undefined ? RATE_PATH : TRACE_RATE_PATH,
        goodput: 0.99,
        tolerance: 0.1,
      },
    },
  };
}
