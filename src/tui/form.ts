/**
 * The terminal UI's planning form: its fields, their defaults from the scenario, and the plan
 * request they make, checked the way `fleetsim plan` checks its flags (src/cli/commands/plan.ts).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { knownAccelerators } from '../experiments/plan/candidates.js';
import type { PlanOptions } from '../experiments/plan/plan.js';
import { setArg } from '../experiments/job.js';
import { RATE_PATH, TRACE_RATE_PATH } from '../experiments/max-rate.js';
import { ACCELERATORS } from '../models/hardware/catalog.js';
import { PRICES } from '../models/hardware/prices.js';
import { MODELS } from '../models/llm/catalog.js';
import { loadScenarioFile } from '../scenario/load.js';
import { formatProblem } from '../scenario/problems.js';
import { applySets, getPath } from '../scenario/set.js';

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
  { key: 'probeDuration', label: 'probe run (s)', kind: 'text', hint: 'seconds of arrivals per simulated run; empty: the scenario\'s stop' },
  { key: 'workers', label: 'workers', kind: 'text', hint: 'parallel simulations (worker threads)' },
];

/** The form's first values: the scenario's model, rate and SLO, plan's default search space. */
export function defaultForm(raw: unknown, defaults: { workers: number }): FormValues {
  const num = (path: string) => {
    const v = getPath(raw, path.split('.'));
    return typeof v === 'number' ? String(v) : '';
  };
  const duration = getPath(raw, ['stop', 'duration']);
  return {
    model: String(getPath(raw, ['model']) ?? Object.keys(MODELS)[0]),
    rate: num(RATE_PATH) || num('workload.trace.rate'),
    trace: '',
    traceFormat: 'azure',
    ttftP95: num('slo.ttftP95') || (num('slo.tpotP95') ? '' : '2'),
    tpotP95: num('slo.tpotP95'),
    budget: '',
    accelerators: knownAccelerators().join(','),
    precisions: 'bf16,fp8',
    tp: '1,2,4,8',
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
}

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

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
  const accelerators = list(f.accelerators);
  for (const a of accelerators) if (!Object.hasOwn(ACCELERATORS, a)) problems.push(`accelerators: unknown accelerator \`${a}\``);
  if (accelerators.length === 0) problems.push('accelerators: name at least one');
  const precisions = list(f.precisions) as PlanOptions['space']['precisions'];
  for (const p of precisions) if (!['bf16', 'fp8', 'fp4', 'int8'].includes(p)) problems.push(`precisions: unknown precision \`${p}\`; use bf16, fp8, fp4, int8`);
  if (precisions.length === 0) problems.push('precisions: name at least one');
  const tp = list(f.tp).map(Number);
  for (const t of tp) if (![1, 2, 4, 8].includes(t)) problems.push(`TP sizes: tensor-parallel sizes are 1, 2, 4, 8, got ${t}`);
  if (tp.length === 0) problems.push('TP sizes: name at least one');
  const trace = f.trace.trim() === '' ? undefined : resolve(f.trace.trim());
  if (trace !== undefined && !existsSync(trace)) problems.push(`trace file: ${f.trace} does not exist`);
  if (!['azure', 'burstgpt', 'mooncake'].includes(f.traceFormat)) problems.push(`trace format: unknown format \`${f.traceFormat}\``);
  if (problems.length > 0) return { ok: false, problems };

  const sets = [setArg('model', f.model)];
  // A trace replaces the whole workload; the planner then varies its rate, not an arrival process's.
  if (trace !== undefined) sets.push(setArg('workload', { trace: { format: f.traceFormat, path: trace, rate: rate! } }));
  if (ttft !== undefined) sets.push(setArg('slo.ttftP95', ttft));
  if (tpot !== undefined) sets.push(setArg('slo.tpotP95', tpot));
  const loaded = loadScenarioFile(file, []);
  if (!loaded.ok) return { ok: false, problems: loaded.problems.map(formatProblem) };
  // A sweep over the arrival rate no longer applies to a trace: every run drops it.
  if (trace !== undefined && getPath(loaded.raw, ['sweep']) !== undefined) sets.push(setArg('sweep', {}));
  if (probe !== undefined && probe !== getPath(loaded.raw, ['stop', 'duration'])) {
    const warmup = getPath(loaded.raw, ['stop', 'warmup']);
    sets.push(setArg('stop.duration', probe), setArg('stop.requests', 1_000_000_000));
    if (typeof warmup === 'number') sets.push(setArg('stop.warmup', Math.min(warmup, probe / 5)));
  }
  const withSets = loadScenarioFile(file, sets);
  if (!withSets.ok) return { ok: false, problems: withSets.problems.map(formatProblem) };
  if (withSets.scenario.cluster.pools.length !== 1) return { ok: false, problems: ['the planner sizes a one-pool fleet (fleetsim plan --pd searches P/D splits of it)'] };
  // The base scenario with the form's overrides, as plan's `raw` (the export reads it).
  const raw = applySets(withSets.raw, []).value as Record<string, unknown>;
  delete raw.sweep;
  const prices = Object.fromEntries(Object.entries(PRICES).map(([k, v]) => [k, v.usdPerHour]));
  return {
    ok: true,
    request: {
      scenarioName: withSets.scenario.name,
      targetRate: rate!,
      workers: workers!,
      options: {
        file,
        raw,
        sets,
        space: { accelerators, precisions, tensorParallel: tp, routers: [withSets.scenario.router.config] },
        targetRate: rate!,
        prices,
        budget,
        maxReplicas: 64,
        ratePath: trace === undefined ? RATE_PATH : TRACE_RATE_PATH,
        goodput: 0.99,
        tolerance: 0.1,
      },
    },
  };
}
