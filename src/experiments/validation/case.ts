/**
 * Validation case files (`validation/cases/*.yaml`): one published figure set and the scenario that
 * should reproduce it.
 *
 *   name: v20-h100x2-llama33-70b-fp8-1000-1000
 *   source: TensorRT-LLM perf-overview, Llama-3.3-70B FP8, 2×H100 TP2, ISL/OSL 1000/1000
 *   role: calibration          # calibration | holdout (default holdout)
 *   scenario: { ... a full scenario, the schema of scenarios/*.yaml ... }
 *   expect:
 *     - metric: throughput.outputTokensPerSec   # a dotted path to a number of summary.json
 *       value: 4205
 *   maxRate: { ttftP99: 2, tpotP99: 0.2, value: 75 }   # optional, server rows: see max-rate.ts
 *
 * Loading checks everything a run would trip over, so a bad case is reported before any case is
 * simulated: the case's own keys (strict, as scenario files are), the scenario (validateScenario),
 * that the fleet can start (KV planning, buildSimConfig) and that each metric names a number of the
 * summary. Every problem is placed at `file:line:col` from the case file's YAML nodes; the
 * scenario's paths read `scenario.…`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { z } from 'zod';
import { isRecord, strictObject } from '../../scenario/checks.js';
import { problemsFromIssues } from '../../scenario/issues.js';
import { locate } from '../../scenario/locate.js';
import { sortProblems, type Problem } from '../../scenario/problems.js';
import type { ResolvedScenario } from '../../scenario/resolve.js';
import { validateScenario } from '../../scenario/validate.js';
import { loadWorkloadFiles } from '../../scenario/workload-files.js';
import { buildSimConfig } from '../fleet.js';
import type { MaxRateSpec } from './max-rate.js';
import { checkMetricPath, type ScenarioShape } from './metrics.js';

export const CASE_ROLES = ['calibration', 'holdout'] as const;
/** `calibration`: a row the runtime factors may be fitted to; `holdout`: a row they never see. */
export type CaseRole = (typeof CASE_ROLES)[number];

const ExpectationSchema = strictObject({
  metric: z.string().min(1),
  value: z.number().positive(),
});

const MaxRateSchema = strictObject({
  ttftP99: z.number().positive(),
  tpotP99: z.number().positive(),
  value: z.number().positive(),
});

const CaseSchema = strictObject({
  name: z.string().min(1),
  source: z.string().min(1),
  role: z.enum(CASE_ROLES).default('holdout'),
  scenario: z.record(z.string(), z.unknown()),
  expect: z.array(ExpectationSchema).min(1),
  maxRate: MaxRateSchema.optional(),
});

/** The metric name a case's `maxRate` figure is reported under. */
export const MAX_RATE_METRIC = 'maxRate';

export type Expectation = z.output<typeof ExpectationSchema>;

/** A loaded case: its scenario validated and resolved, its metrics known to exist. */
export interface ValidationCase {
  file: string;
  name: string;
  source: string;
  role: CaseRole;
  scenario: ResolvedScenario;
  expect: Expectation[];
  /** Server rows: the published rate that met these latency limits (max-rate.ts). */
  maxRate?: MaxRateSpec;
}

/** Every figure a case compares, in order: its `expect` entries, then its max rate. */
export function caseFigures(c: Pick<ValidationCase, 'expect' | 'maxRate'>): Expectation[] {
  return c.maxRate ? [...c.expect, { metric: MAX_RATE_METRIC, value: c.maxRate.value }] : c.expect;
}

export type CaseLoadResult = { ok: true; case: ValidationCase } | { ok: false; problems: Problem[] };
export type CasesLoadResult = { ok: true; cases: ValidationCase[] } | { ok: false; problems: Problem[] };

/** Reads and loads one case file; an unreadable file is a problem like any other. */
export function loadCaseFile(file: string): CaseLoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    return { ok: false, problems: [{ code: 'missing', path: [], file, message: `cannot read case file: ${reason}` }] };
  }
  return loadCaseText(text, file);
}

/** Loads a case from YAML text; `file` names it in problems. */
export function loadCaseText(text: string, file: string): CaseLoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const place = (problems: readonly Problem[]): Problem[] =>
    sortProblems(problems.map((p) => (p.file !== undefined ? p : { ...p, file, ...locate(doc, lineCounter, p) })));
  if (doc.errors.length > 0) return { ok: false, problems: doc.errors.map((e) => syntaxProblem(e, file, lineCounter)) };
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    return { ok: false, problems: [{ code: 'syntax', path: [], file, message: (e as Error).message }] };
  }

  const parsed = CaseSchema.safeParse(data, { reportInput: true });
  const problems: Problem[] = parsed.success ? [] : problemsFromIssues(parsed.error.issues);
  const scenario = checkScenario(isRecord(data) ? data.scenario : undefined, file);
  problems.push(...scenario.problems);
  // Metrics are checked on the raw list, so that they are reported alongside any other problem.
  const r = scenario.resolved;
  // Unresolved (its problems are reported): do not add metric problems that follow from them.
  const shape: ScenarioShape = r
    ? {
        numPods: r.cluster.pools.reduce((n, p) => n + p.replicas, 0),
        stages: r.workload.arrival?.process === 'stages',
        numStages: r.workload.arrival?.process === 'stages' ? r.workload.arrival.stages.length : 0,
        slo: r.slo?.ttftP95 !== undefined || r.slo?.tpotP95 !== undefined,
      }
    : { numPods: Infinity, stages: true, numStages: Infinity, slo: true };
  problems.push(...checkMetrics(isRecord(data) ? data.expect : undefined, shape));
  if (isRecord(data) && data.maxRate !== undefined && scenario.resolved && scenario.resolved.workload.arrival?.process !== 'poisson') {
    problems.push({ code: 'invalid_value', path: ['maxRate'], expected: 'a scenario with Poisson arrivals', message: 'maxRate searches the Poisson arrival rate; the scenario has no `workload.arrival: { process: poisson }`' });
  }
  if (!parsed.success || !scenario.resolved || problems.length > 0) return { ok: false, problems: place(problems) };

  const { name, source, role, expect, maxRate } = parsed.data;
  return { ok: true, case: { file, name, source, role, scenario: scenario.resolved, expect, ...(maxRate && { maxRate }) } };
}

/** Each `expect[i].metric` that is a string must name a number of the summary. */
function checkMetrics(expect: unknown, shape: ScenarioShape): Problem[] {
  if (!Array.isArray(expect)) return [];
  return expect.flatMap((e: unknown, i): Problem[] => {
    const metric = isRecord(e) ? e.metric : undefined;
    if (typeof metric !== 'string' || metric.length === 0) return []; // the schema reports it
    const reason = checkMetricPath(metric, shape);
    if (reason === undefined) return [];
    return [{ code: 'invalid_value', path: ['expect', i, 'metric'], expected: 'a number of summary.json, e.g. throughput.outputTokensPerSec', message: reason }];
  });
}

/**
 * The scenario block: validated as a scenario file would be, the files its workload names read
 * (relative to the case file, as a scenario's are to the scenario file), then built into a fleet so
 * that a pool that cannot start (weights or one maxModelLen request do not fit) is reported here.
 */
function checkScenario(raw: unknown, file: string): { resolved?: ResolvedScenario; problems: Problem[] } {
  if (!isRecord(raw)) return { problems: [] }; // the case schema reports a missing or non-map scenario
  const under = (ps: readonly Problem[]): Problem[] => ps.map((p) => ({ ...p, path: ['scenario', ...p.path] }));
  if (isRecord(raw.model)) {
    return { problems: [{ code: 'invalid_type', path: ['scenario', 'model'], expected: 'a model id', message: 'a validation case names a catalogue model id; hfConfig files are not supported in cases' }] };
  }
  const validated = validateScenario(raw);
  if (!validated.ok) return { problems: under(validated.problems) };
  const fileProblems = loadWorkloadFiles(validated.scenario, file);
  // A problem inside another file (a bad inference-perf config) keeps its own file and place.
  if (fileProblems.length > 0) return { problems: fileProblems.map((p) => (p.file ? p : { ...p, path: ['scenario', ...p.path] })) };
  const problems: Problem[] = [];
  if (validated.scenario.sweep !== undefined) {
    problems.push({ code: 'invalid_value', path: ['scenario', 'sweep'], message: 'a case compares one run with published figures; remove the sweep (one case per point)' });
  }
  const fleet = buildSimConfig(validated.scenario);
  if (!fleet.ok) problems.push(...under(fleet.problems));
  return problems.length > 0 ? { problems } : { resolved: validated.scenario, problems };
}

/** Loads every file; all problems of all files at once. Two cases may not share a name. */
export function loadCases(files: readonly string[]): CasesLoadResult {
  const cases: ValidationCase[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const r = loadCaseFile(file);
    if (!r.ok) {
      problems.push(...r.problems);
      continue;
    }
    const first = seen.get(r.case.name);
    if (first !== undefined) {
      const message = `case name \`${r.case.name}\` is already used by ${first}`;
      problems.push(placeInFile(file, { code: 'conflict', path: ['name'], expected: 'a unique name', message }));
      continue;
    }
    seen.set(r.case.name, file);
    cases.push(r.case);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, cases };
}

/** Numbers within names compare as numbers: `…-128-2048` before `…-1000-1000`. */
const byName = new Intl.Collator('en', { numeric: true }).compare;

/**
 * The case files named by command-line arguments: a directory stands for its `*.yaml` / `*.yml`
 * files (in name order, numbers compared as numbers; not recursive), a file for itself.
 */
export function findCaseFiles(paths: readonly string[]): { files: string[]; problems: Problem[] } {
  const files: string[] = [];
  const problems: Problem[] = [];
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      problems.push({ code: 'missing', path: [], file: path, message: 'no such file or directory' });
      continue;
    }
    if (!isDir) {
      files.push(path);
      continue;
    }
    const found = readdirSync(path)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort(byName)
      .map((f) => join(path, f));
    if (found.length === 0) problems.push({ code: 'missing', path: [], file: path, message: 'no case files (*.yaml) in this directory' });
    files.push(...found);
  }
  return { files, problems };
}

/** A problem found after loading (the file parsed then), placed at its node. */
function placeInFile(file: string, p: Problem): Problem {
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter });
  return { ...p, file, ...locate(doc, lineCounter, p) };
}

function syntaxProblem(e: YAMLError, file: string, lineCounter: LineCounter): Problem {
  const { line, col } = lineCounter.linePos(e.pos[0]);
  return { code: 'syntax', path: [], file, line, col, message: e.message };
}
