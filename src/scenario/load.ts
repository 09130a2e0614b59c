/**
 * The edge of the scenario layer: YAML text (or a file) and `--set` overrides in, a resolved
 * scenario or every problem out, each placed at `file:line:col`. Nothing here throws on bad input.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parseHfConfig } from '../models/llm/hf-config.js';
import type { ModelArchitecture } from '../models/llm/types.js';
import { isRecord } from './checks.js';
import { disaggregates } from '../policies/disaggregation.js';
import { loadRouterConfig } from './router.js';
import { LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { locate, underAny } from './locate.js';
import { sortProblems, type PathKey, type Problem } from './problems.js';
import type { ResolvedScenario } from './resolve.js';
import { applySets } from './set.js';
import { validateScenario } from './validate.js';
import { loadWorkloadFiles } from './workload-files.js';

export type LoadResult =
  | { ok: true; scenario: ResolvedScenario; raw: unknown; source: ScenarioSource }
  | { ok: false; problems: Problem[] };

/** What it takes to place a later problem (found by a later layer) in the file it came from. */
export interface ScenarioSource {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  /** Paths overridden by `--set`; problems under them belong to `--set`. */
  applied: PathKey[][];
}

/**
 * `raw` is the document as plain data with the overrides applied and no defaults, the base a sweep
 * applies its points to. `sets` are `path=value` strings, applied in order.
 */
export function loadScenarioText(text: string, file: string, sets: readonly string[] = []): LoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e) => syntaxProblem(e, file, lineCounter)) };
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    // e.g. too many alias expansions: still the file's fault, not ours
    return { ok: false, problems: [{ code: 'syntax', path: [], file, message: (e as Error).message }] };
  }
  const { value: raw, applied, problems: setProblems } = applySets(data, sets);
  const source: ScenarioSource = { file, doc, lineCounter, applied };
  const reserved = reservedKeyPaths(raw);
  if (reserved.length > 0) {
    return { ok: false, problems: locateProblems({ source }, reserved.map((path) => ({ code: 'unknown_key' as const, path, message: 'unknown key `__proto__`' }))) };
  }
  const hf = loadHfModel(raw, file);
  if (!hf.ok) return { ok: false, problems: [...locateProblems({ source }, hf.problems.filter((p) => !p.file)), ...hf.problems.filter((p) => p.file)] };
  const result = validateScenario(raw, hf.model);
  if (result.ok) {
    const router = loadRouterConfig(result.scenario.router.config, file);
    if (!router.ok) {
      const own = router.problems.filter((p) => p.file);
      return { ok: false, problems: [...locateProblems({ source }, router.problems.filter((p) => !p.file)), ...own] };
    }
    if (router.config && disaggregates(router.config) && result.scenario.cluster.kvTransfer === undefined) {
      const ref = result.scenario.router.config;
      const message = `\`${ref}\` sends prefills to other pods than decodes (disagg-profile-handler with a prefill decider): set cluster.kvTransfer (e.g. { link: ib-400g }), the link KV blocks cross`;
      return { ok: false, problems: locateProblems({ source }, [{ code: 'conflict', path: ['router', 'config'], message }]) };
    }
    result.scenario.routerConfig = router.config;
    const fileProblems = loadWorkloadFiles(result.scenario, file);
    if (fileProblems.length > 0) {
      return { ok: false, problems: [...locateProblems({ source }, fileProblems.filter((p) => !p.file)), ...fileProblems.filter((p) => p.file)] };
    }
  }
  if (result.ok && setProblems.length === 0) return { ok: true, scenario: result.scenario, raw, source };
  const found = result.ok ? [] : locateProblems({ source }, result.problems);
  return { ok: false, problems: [...found.filter((p) => p.file !== '--set'), ...setProblems, ...found.filter((p) => p.file === '--set')] };
}

/**
 * Places problems that carry only a path (from validation, or from a later layer such as the fleet
 * builder finding that a pool's KV cache cannot hold one request) at `file:line:col`, file problems
 * in reading order first, then those that belong to `--set`.
 */
export function locateProblems(loaded: { source: ScenarioSource }, problems: readonly Problem[]): Problem[] {
  const placed = problems.map((p) => place(p, loaded.source));
  return [...sortProblems(placed.filter((p) => p.file !== '--set')), ...placed.filter((p) => p.file === '--set')];
}

/**
 * `model: { hfConfig: path }`: reads and parses the Hugging Face config.json, relative to the
 * scenario file. Its own problems carry the config file's name and positions.
 */
function loadHfModel(raw: unknown, file: string): { ok: true; model?: ModelArchitecture } | { ok: false; problems: Problem[] } {
  const ref = isRecord(raw) && isRecord(raw.model) ? raw.model.hfConfig : undefined;
  if (typeof ref !== 'string' || ref.length === 0) return { ok: true };
  const path = isAbsolute(ref) ? ref : join(dirname(file), ref);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    return { ok: false, problems: [{ code: 'missing', path: ['model', 'hfConfig'], message: `cannot read ${path}: ${reason}` }] };
  }
  const parsed = parseHfConfig(text, path);
  if (parsed.ok) return { ok: true, model: parsed.model };
  return {
    ok: false,
    problems: parsed.problems.map((p) => ({ code: 'invalid_value' as const, path: p.path ? p.path.split('.') : [], file: path, line: p.line, col: p.col, message: p.message })),
  };
}

/** Reads and loads a file; an unreadable file is a problem like any other. */
export function loadScenarioFile(path: string, sets: readonly string[] = []): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    return { ok: false, problems: [{ code: 'missing', path: [], file: path, message: `cannot read scenario file: ${reason}` }] };
  }
  return loadScenarioText(text, path, sets);
}

function syntaxProblem(e: YAMLError, file: string, lineCounter: LineCounter): Problem {
  const { line, col } = lineCounter.linePos(e.pos[0]);
  return { code: 'syntax', path: [], file, line, col, message: e.message };
}

/**
 * A problem at or under an overridden path belongs to `--set`, and so does one about a key that only
 * an override created (a misspelt `--set rooter.scrapeInterval=1`); the rest point into the file.
 */
function place(p: Problem, { file, doc, lineCounter, applied }: ScenarioSource): Problem {
  if (p.file !== undefined && p.file !== '--set') return p; // already placed in another file (a trace, a CSV)
  const createdBySet = !doc.hasIn(p.path) && applied.some((a) => underAny(a, [p.path]));
  if (underAny(p.path, applied) || createdBySet) return { ...p, file: '--set' };
  return { ...p, file, ...locate(doc, lineCounter, p) };
}

/**
 * Paths of `__proto__` keys. The YAML parser keeps one as an own property, but the schema's
 * unknown-key check never sees it (object schemas skip that name), so without this a misplaced
 * `__proto__:` block would be silently ignored.
 */
function reservedKeyPaths(data: unknown, path: PathKey[] = []): PathKey[][] {
  if (Array.isArray(data)) return data.flatMap((item, i) => reservedKeyPaths(item, [...path, i]));
  if (data === null || typeof data !== 'object') return [];
  return Object.keys(data).flatMap((key) =>
    key === '__proto__' ? [[...path, key]] : reservedKeyPaths((data as Record<string, unknown>)[key], [...path, key]),
  );
}
