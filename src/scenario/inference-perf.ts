/**
 * An inference-perf config file (kubernetes-sigs/inference-perf, docs/config.md) imported as a
 * workload, so llm-d-benchmark profiles run as they are. Read: `load` (type constant | poisson,
 * `stages` of {rate, duration}, `interval` between stages, default 1 s; the stages drain as
 * inference-perf runs them, see createDrainedStages) and `data` (type
 * shared_prefix, or random | synthetic with input/output distributions). Ignored, as they do not
 * shape the traffic: api, server (outputs are exact, as with ignore_eos: true), tokenizer,
 * metrics, report, storage, load.num_workers and friends. Anything else that would change the
 * traffic and is not modelled is a problem at its line, not silently dropped.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { isRecord } from './checks.js';
import { locate } from './locate.js';
import { sortProblems, type PathKey, type Problem } from './problems.js';
import type { ArrivalSpec, LengthSpec, SharedPrefixSpec } from './schema.js';

export interface ImportedWorkload {
  arrival: ArrivalSpec;
  /** load.request_timeout: the client abandons a request after this many seconds. */
  requestTimeout?: number;
  prefix?: SharedPrefixSpec;
  prompt?: LengthSpec;
  output?: LengthSpec;
}

const TOP_KEYS = ['api', 'data', 'load', 'server', 'tokenizer', 'metrics', 'report', 'storage', 'circuit_breakers'];
const IGNORED_LOAD_KEYS = ['num_workers', 'worker_max_concurrency', 'worker_max_tcp_connections', 'request_timeout', 'base_seed', 'circuit_breakers']; // request_timeout is read separately
// inference-perf's Distribution defaults.
const DIST_DEFAULTS = { min: 10, max: 1024, mean: 512, std_dev: 200, type: 'normal' };

export function importInferencePerf(path: string): { ok: true; workload: ImportedWorkload } | { ok: false; problems: Problem[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    return { ok: false, problems: [{ code: 'missing', path: [], message: `cannot read inference-perf config ${path}: ${reason}` }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e) => ({ code: 'syntax' as const, path: [], file: path, ...lineCounter.linePos(e.pos[0]), message: e.message })) };
  }
  const raw: unknown = doc.toJS();
  const problems: Problem[] = [];
  const report = (at: PathKey[], message: string, code: Problem['code'] = 'invalid_value') => {
    const p: Problem = { code, path: at, message };
    problems.push({ ...p, file: path, ...locate(doc, lineCounter, p) });
  };
  if (!isRecord(raw)) {
    report([], 'expected an inference-perf config (a map with load and data)', 'invalid_type');
    return { ok: false, problems };
  }
  for (const key of Object.keys(raw)) if (!TOP_KEYS.includes(key)) report([key], `unknown inference-perf key; known: ${TOP_KEYS.join(', ')}`, 'unknown_key');
  const arrival = loadSection(raw.load, report);
  const data = dataSection(raw.data, report);
  if (problems.length > 0 || !arrival || !data) return { ok: false, problems: sortProblems(problems) };
  const timeout = isRecord(raw.load) ? raw.load.request_timeout : undefined;
  if (timeout !== undefined && timeout !== null && !(typeof timeout === 'number' && timeout > 0)) {
    report(['load', 'request_timeout'], `expected a positive number of seconds, got ${JSON.stringify(timeout)}`);
    return { ok: false, problems: sortProblems(problems) };
  }
  return { ok: true, workload: { arrival, ...data, ...(typeof timeout === 'number' && { requestTimeout: timeout }) } };
}

type ReportFn = (at: PathKey[], message: string, code?: Problem['code']) => void;

function loadSection(load: unknown, report: ReportFn): ArrivalSpec | undefined {
  if (!isRecord(load)) {
    report(['load'], 'expected a load section with type and stages', 'missing');
    return undefined;
  }
  const type = load.type ?? 'constant';
  if (type !== 'constant' && type !== 'poisson') {
    report(['load', 'type'], `load type \`${String(type)}\` is not supported; fleetsim imports constant and poisson stages`);
    return undefined;
  }
  for (const key of Object.keys(load)) {
    if (!['type', 'stages', 'interval', ...IGNORED_LOAD_KEYS].includes(key)) report(['load', key], `load.${key} is not supported (it would change the traffic)`);
  }
  const interval = load.interval ?? 1.0;
  if (typeof interval !== 'number' || interval < 0) report(['load', 'interval'], 'expected seconds ≥ 0');
  if (!Array.isArray(load.stages) || load.stages.length === 0) {
    report(['load', 'stages'], 'expected a list of {rate, duration} stages', 'missing');
    return undefined;
  }
  const stages: { rate: number; duration: number }[] = [];
  load.stages.forEach((st: unknown, i: number) => {
    const rate = isRecord(st) ? st.rate : undefined;
    const duration = isRecord(st) ? st.duration : undefined;
    if (typeof rate !== 'number' || !(rate > 0)) report(['load', 'stages', i, 'rate'], 'expected a rate > 0 (QPS)');
    else if (typeof duration !== 'number' || !(duration > 0)) report(['load', 'stages', i, 'duration'], 'expected a duration > 0 (s)');
    else stages.push({ rate, duration });
  });
  if (stages.length !== load.stages.length || typeof interval !== 'number') return undefined;
  // inference-perf ends a stage only when all its requests have ended, then waits `interval`.
  return { process: 'stages', type, stages, interval, drain: true };
}

function dataSection(data: unknown, report: ReportFn): Omit<ImportedWorkload, 'arrival'> | undefined {
  if (!isRecord(data)) {
    report(['data'], 'expected a data section with a type', 'missing');
    return undefined;
  }
  const type = data.type ?? 'mock';
  if (type === 'shared_prefix') {
    const sp = isRecord(data.shared_prefix) ? data.shared_prefix : {};
    const int = (key: string, def: number, min: number): number | undefined => {
      const v = sp[key] ?? def;
      if (typeof v === 'number' && Number.isInteger(v) && v >= min) return v;
      report(['data', 'shared_prefix', key], isRecord(v) ? `${key} as a distribution is not supported; give a whole number` : `expected a whole number ≥ ${min}`);
      return undefined;
    };
    const groups = int('num_groups', 10, 1);
    const promptsPerGroup = int('num_prompts_per_group', 10, 1);
    const systemTokens = int('system_prompt_len', 100, 0);
    const questionTokens = int('question_len', 50, 1);
    const outputTokens = int('output_len', 50, 1);
    if (sp.enable_multi_turn_chat === true) report(['data', 'shared_prefix', 'enable_multi_turn_chat'], 'multi-turn shared_prefix is not supported; use workload.sessions');
    if (groups === undefined || promptsPerGroup === undefined || systemTokens === undefined || questionTokens === undefined || outputTokens === undefined) return undefined;
    return { prefix: { groups, promptsPerGroup, systemTokens, questionTokens, outputTokens } };
  }
  if (type === 'random' || type === 'synthetic') {
    const prompt = distribution(data.input_distribution, ['data', 'input_distribution'], report);
    const output = distribution(data.output_distribution, ['data', 'output_distribution'], report);
    return prompt && output ? { prompt, output } : undefined;
  }
  report(['data', 'type'], `data type \`${String(type)}\` is not supported; fleetsim imports shared_prefix, random and synthetic`);
  return undefined;
}

/** inference-perf's Distribution → a fleetsim length spec (integers, clamped to [min, max]). */
function distribution(d: unknown, at: PathKey[], report: ReportFn): LengthSpec | undefined {
  const v = { ...DIST_DEFAULTS, ...(isRecord(d) ? d : {}) } as Record<string, unknown>;
  const num = (k: string) => (typeof v[k] === 'number' ? (v[k] as number) : NaN);
  const [min, max, mean, sd] = [num('min'), num('max'), num('mean'), num('std_dev')];
  if (![min, max, mean, sd].every(Number.isFinite) || min < 1 || max < min) {
    report(at, 'expected min ≥ 1, max ≥ min, mean and std_dev as numbers');
    return undefined;
  }
  const lo = Math.ceil(min);
  const hi = Math.floor(max);
  switch (v.type) {
    case 'normal':
      return { dist: 'normal', mean, stddev: sd, min: lo, max: hi };
    case 'lognormal':
      return { dist: 'lognormal', mean, stddev: sd > 0 ? sd : 1e-9, min: lo, max: hi };
    case 'uniform':
      return { dist: 'uniform', min: lo, max: hi };
    case 'fixed':
      return { dist: 'fixed', value: Math.round(mean) };
    default:
      report([...at, 'type'], `distribution type \`${String(v.type)}\` is not supported; fleetsim imports normal, lognormal, uniform and fixed`);
      return undefined;
  }
}
