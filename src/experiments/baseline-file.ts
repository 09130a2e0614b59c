/**
 * Reading and writing a regression baseline (JSON). A malformed file is an input problem placed at
 * `file:line:col`, like a bad scenario: the gate must not silently pass on a baseline it misread.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { problemsFromIssues } from '../scenario/issues.js';
import { locate } from '../scenario/locate.js';
import { formatProblem, type Problem } from '../scenario/problems.js';
import { METRICS } from './metrics.js';
import type { Baseline } from './regress.js';
import { didYouMean } from '../scenario/wording.js';

const ToleranceSchema = z.strictObject({
  direction: z.enum(['lower', 'higher']),
  relative: z.number().nonnegative(),
  absolute: z.number().nonnegative(),
});

const BaselineSchema = z.strictObject({
  fleetsim: z.literal('regress-baseline/1'),
  tolerances: z.record(z.string().min(1), ToleranceSchema),
  scenarios: z.record(z.string().min(1), z.record(z.string(), z.number())),
});

export type BaselineLoad = { ok: true; baseline: Baseline } | { ok: false; problems: string[] };

export function readBaseline(file: string): BaselineLoad {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (create it with --update-baseline)' : (e as Error).message;
    return { ok: false, problems: [`${file}: cannot read baseline: ${reason}`] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e) => { const { line, col } = lineCounter.linePos(e.pos[0]); return `${file}:${line}:${col}: ${e.message}`; }) };
  }
  const parsed = BaselineSchema.safeParse(doc.toJS(), { reportInput: true });
  const found: Problem[] = parsed.success ? unknownMetrics(parsed.data) : problemsFromIssues(parsed.error.issues);
  if (parsed.success && found.length === 0) return { ok: true, baseline: parsed.data };
  const problems: Problem[] = found.map((p) => ({ ...p, file, ...locate(doc, lineCounter, p) }));
  return { ok: false, problems: problems.map(formatProblem) };
}

/** A misspelt metric would compare NaN with NaN and never fail: name it instead. */
function unknownMetrics(b: Baseline): Problem[] {
  const known = Object.keys(METRICS);
  const bad = (key: string, path: (string | number)[]): Problem => ({
    code: 'unknown_key',
    path,
    message: `unknown metric \`${key}\`${didYouMean(key, known)}; gated metrics are paths into summary.json: ${known.join(', ')}`,
  });
  const problems = Object.keys(b.tolerances).filter((k) => !Object.hasOwn(METRICS, k)).map((k) => bad(k, ['tolerances', k]));
  for (const [name, values] of Object.entries(b.scenarios)) {
    for (const k of Object.keys(values)) if (!Object.hasOwn(METRICS, k)) problems.push(bad(k, ['scenarios', name, k]));
  }
  return problems;
}

export function writeBaseline(file: string, baseline: Baseline): void {
  writeFileSync(file, JSON.stringify(baseline, null, 2) + '\n');
}
