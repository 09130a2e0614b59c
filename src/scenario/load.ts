/**
 * The edge of the scenario layer: YAML text (or a file) and `--set` overrides in, a resolved
 * scenario or every problem out, each placed at `file:line:col`. Nothing here throws on bad input.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { locate, underAny } from './locate.js';
import { sortProblems, type PathKey, type Problem } from './problems.js';
import type { ResolvedScenario } from './resolve.js';
import { applySets } from './set.js';
import { validateScenario } from './validate.js';

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
  const result = validateScenario(raw);
  const source: ScenarioSource = { file, doc, lineCounter, applied };
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
  const createdBySet = !doc.hasIn(p.path) && applied.some((a) => underAny(a, [p.path]));
  if (underAny(p.path, applied) || createdBySet) return { ...p, file: '--set' };
  return { ...p, file, ...locate(doc, lineCounter, p) };
}
