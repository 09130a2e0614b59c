/**
 * Files a workload names, resolved against the scenario file: a trace's path (the trace itself is
 * streamed at run time, see src/workload-io), empirical length CSVs, read here into values, and
 * an inference-perf config, imported here into arrival and prompt/output/prefix.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { LineReader, splitCsvLine } from '../workload-io/line-reader.js';
import { MAX_LENGTH_TOKENS } from '../sim/workload/lengths.js';
import { importInferencePerf } from './inference-perf.js';
import type { PathKey, Problem } from './problems.js';
import type { ResolvedScenario } from './resolve.js';
import type { LengthSpec } from './schema.js';

/** Resolves and reads in place; returns the problems found (empty when all is well). */
export function loadWorkloadFiles(s: ResolvedScenario, scenarioFile: string): Problem[] {
  const base = dirname(scenarioFile);
  const resolve = (p: string) => (isAbsolute(p) ? p : join(base, p));
  const w = s.workload;
  if (w.trace) w.trace.path = resolve(w.trace.path);
  const problems: Problem[] = [];
  if (w.inferencePerf !== undefined) {
    const imported = importInferencePerf(resolve(w.inferencePerf));
    if (!imported.ok) return imported.problems.map((p) => (p.file ? p : { ...p, path: ['workload', 'inferencePerf'] }));
    const { requestTimeout, ...rest } = imported.workload;
    Object.assign(w, rest);
    // The scenario's own requestTimeout wins over the profile's request_timeout.
    if (requestTimeout !== undefined && w.requestTimeout === undefined) w.requestTimeout = requestTimeout;
  }
  for (const key of ['prompt', 'output'] as const) {
    const spec = w[key];
    if (spec) problems.push(...loadEmpirical(spec, ['workload', key], resolve));
  }
  if (w.rag) problems.push(...loadEmpirical(w.rag.docTokens, ['workload', 'rag', 'docTokens'], resolve));
  if (w.sessions?.followUpTokens) problems.push(...loadEmpirical(w.sessions.followUpTokens, ['workload', 'sessions', 'followUpTokens'], resolve));
  if (w.sessions && typeof w.sessions.turns === 'object') problems.push(...loadEmpirical(w.sessions.turns, ['workload', 'sessions', 'turns'], resolve));
  w.classes?.forEach((c, i) => {
    for (const key of ['prompt', 'output'] as const) {
      const spec = c[key];
      if (spec) problems.push(...loadEmpirical(spec, ['workload', 'classes', i, key], resolve));
    }
  });
  return problems;
}

function loadEmpirical(spec: LengthSpec, at: PathKey[], resolve: (p: string) => string): Problem[] {
  if (spec.dist !== 'empirical' || spec.path === undefined) return [];
  const path = resolve(spec.path);
  const read = readLengthColumn(path, spec.column);
  if (!read.ok) return read.problems.map((p) => (p.file ? p : { ...p, path: [...at, 'path'] }));
  spec.values = read.values;
  return [];
}

/**
 * One column of a CSV with a header (the first column unless named), each value a whole number
 * of tokens ≥ 1; a bad value is a problem at its line.
 */
export function readLengthColumn(path: string, column?: string): { ok: true; values: number[] } | { ok: false; problems: Problem[] } {
  let lines: LineReader;
  try {
    lines = new LineReader(path);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    return { ok: false, problems: [{ code: 'missing', path: [], message: `cannot read ${path}: ${reason}` }] };
  }
  const at = (line: number, message: string): Problem => ({ code: 'invalid_value', path: [], file: path, line, message });
  const header = lines.next();
  if (header === undefined) return { ok: false, problems: [at(1, 'empty file; expected a header line and one length per row')] };
  const names = splitCsvLine(header.replace(/^\uFEFF/, '')).map((n) => n.trim());
  const col = column === undefined ? 0 : names.indexOf(column);
  if (col < 0) return { ok: false, problems: [at(1, `no column \`${column}\`; the header has ${names.map((n) => `\`${n}\``).join(', ')}`)] };
  const values: number[] = [];
  const problems: Problem[] = [];
  for (let line = lines.next(); line !== undefined; line = lines.next()) {
    if (line.trim() === '') continue;
    const text = splitCsvLine(line)[col]?.trim();
    const v = text === undefined || text === '' ? NaN : Number(text);
    if (!Number.isInteger(v) || v < 1 || v > MAX_LENGTH_TOKENS) {
      if (problems.length < 20) problems.push(at(lines.lineNumber, `column \`${names[col]}\`: expected a whole number of tokens in [1, ${MAX_LENGTH_TOKENS}], got ${text === undefined || text === '' ? '(empty)' : `\`${text}\``}`));
      continue;
    }
    values.push(v);
  }
  lines.close();
  if (problems.length > 0) return { ok: false, problems };
  if (values.length === 0) return { ok: false, problems: [at(2, 'no lengths after the header')] };
  return { ok: true, values };
}
