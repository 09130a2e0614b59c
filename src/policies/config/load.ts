/**
 * EndpointPickerConfig loader: YAML text + file name → the resolved config or every problem with
 * its `file:line:col`. Never throws for bad input.
 *
 *   const r = loadEndpointPickerConfig(text, 'configs/default.yaml', createDefaultRegistry());
 *   if (!r.ok) for (const p of r.problems) console.error(formatConfigProblem(p));
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { PluginRegistry } from '../registry.js';
import { locate } from './locate.js';
import { formatPath, issueMessage, type ConfigProblem, type RawProblem } from './problems.js';
import { resolveConfig } from './resolve.js';
import { endpointPickerConfigDocument, type EndpointPickerConfig } from './schema.js';
import { knownKeysAt, nearestKey } from './schema-keys.js';

export type LoadResult = { ok: true; config: EndpointPickerConfig } | { ok: false; problems: ConfigProblem[] };

export function loadEndpointPickerConfig(text: string, file: string, registry: PluginRegistry): LoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
        return { file, line: pos.line, col: pos.col, path: '(root)', message: `YAML syntax: ${e.message.split('\n')[0]}` };
      }),
    };
  }
  const place = (p: RawProblem): ConfigProblem => {
    const { line, col } = locate(doc, lineCounter, p);
    return { file, line, col, path: formatPath(p.path), message: p.message };
  };

  const parsed = endpointPickerConfigDocument.safeParse(doc.toJS() ?? {}, { reportInput: true });
  if (!parsed.success) {
    const raw: RawProblem[] = [];
    for (const issue of parsed.error.issues) {
      const path = issue.path.map((k) => (typeof k === 'number' ? k : String(k)));
      if (issue.code === 'unrecognized_keys') {
        const known = knownKeysAt(endpointPickerConfigDocument, path);
        for (const key of issue.keys) raw.push({ path: [...path, key], message: `unknown key "${key}"${nearestKey(key, known)}`, atKey: true });
      } else raw.push({ path, message: issueMessage(issue) });
    }
    return { ok: false, problems: raw.map(place) };
  }

  const { config, problems } = resolveConfig(parsed.data, file, registry);
  return problems.length > 0 ? { ok: false, problems: problems.map(place) } : { ok: true, config };
}

/** Reads and loads a file; an unreadable file is a problem too. */
export function loadEndpointPickerConfigFile(path: string, registry: PluginRegistry): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { ok: false, problems: [{ file: path, line: 1, col: 1, path: '(root)', message: `cannot read: ${(err as Error).message}` }] };
  }
  return loadEndpointPickerConfig(text, path, registry);
}
