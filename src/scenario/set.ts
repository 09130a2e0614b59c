/**
 * Dotted-path overrides: `--set cluster.pools.0.replicas=4` and the points of a `sweep:`.
 * Paths use map keys and list indices; values are YAML scalars (`4` a number, `true` a boolean).
 */
import { parseDocument } from 'yaml';
import { isRecord } from './checks.js';
import type { PathKey, Problem } from './problems.js';
import { typeName } from '../wording/yaml-words.js';

export interface Override {
  path: PathKey[];
  value: unknown;
}

export type SetResult<T> = { ok: true; value: T } | { ok: false; problem: Problem };

/**
 * `a.b.0.c` → ['a', 'b', 0, 'c']; all-digit segments become list indices. Undefined if malformed,
 * or if a segment names an object's prototype (`__proto__`, `constructor`, `prototype`: no scenario
 * field has those names, and writing one would change every object's prototype, not a field).
 */
export function parsePath(dotted: string): PathKey[] | undefined {
  const parts = dotted.trim().split('.');
  if (parts.some((p) => p.length === 0 || p === '__proto__' || p === 'constructor' || p === 'prototype')) return undefined;
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Parses one `path=value`; problems carry file `--set`. */
export function parseSet(arg: string): SetResult<Override> {
  const bad = (message: string): SetResult<Override> => ({ ok: false, problem: { code: 'syntax', path: [], file: '--set', message, expected: 'path=value' } });
  const eq = arg.indexOf('=');
  if (eq < 0) return bad(`\`${arg}\` is not path=value`);
  const path = parsePath(arg.slice(0, eq));
  if (!path) return bad(`\`${arg.slice(0, eq)}\` is not a dotted path such as cluster.pools.0.replicas`);
  const doc = parseDocument(arg.slice(eq + 1));
  if (doc.errors.length > 0) return bad(`value of \`${arg}\` is not valid YAML: ${doc.errors[0].message}`);
  return { ok: true, value: { path, value: doc.toJS() } };
}

/** The value at `path`, or undefined when any step is missing. */
export function getPath(obj: unknown, path: readonly PathKey[]): unknown {
  let node = obj;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (isRecord(node)) node = Object.hasOwn(node, String(key)) ? node[String(key)] : undefined;
    else return undefined;
  }
  return node;
}

/**
 * A copy of `obj` with `value` at `path`; `obj` is left as it was, so a sweep can apply each point to
 * the same base. Missing maps on the way are created (the schema then judges their keys), but list
 * items must exist: a new item would be a half-written pool.
 */
export function applySet(obj: unknown, path: readonly PathKey[], value: unknown): SetResult<unknown> {
  if (path.length === 0) return { ok: true, value };
  const [key, ...rest] = path;
  const here = (code: Problem['code'], message: string): SetResult<unknown> => ({ ok: false, problem: { code, path: [key], message } });
  if (Array.isArray(obj)) {
    if (typeof key !== 'number') return here('invalid_type', `is a list: use an index, not \`${key}\``);
    if (key >= obj.length) return here('out_of_range', `no such item: the list has ${obj.length}`);
    const inner = applySet(obj[key], rest, value);
    if (!inner.ok) return nest(inner, key);
    const copy = [...obj];
    copy[key] = inner.value;
    return { ok: true, value: copy };
  }
  if (obj === undefined || obj === null || isRecord(obj)) {
    const map = isRecord(obj) ? obj : {};
    const inner = applySet(map[String(key)], rest, value);
    if (!inner.ok) return nest(inner, key);
    return { ok: true, value: { ...map, [String(key)]: inner.value } };
  }
  return { ok: false, problem: { code: 'invalid_type', path: [], message: `is a ${typeName(obj)}, so \`${key}\` cannot be set inside it` } };
}

function nest(r: { ok: false; problem: Problem }, key: PathKey): SetResult<never> {
  return { ok: false, problem: { ...r.problem, path: [key, ...r.problem.path] } };
}

/** Applies `--set` arguments in order; malformed or unplaceable ones become `--set` problems. */
export function applySets(obj: unknown, sets: readonly string[]): { value: unknown; applied: PathKey[][]; problems: Problem[] } {
  let value = obj;
  const applied: PathKey[][] = [];
  const problems: Problem[] = [];
  for (const arg of sets) {
    const parsed = parseSet(arg);
    if (!parsed.ok) {
      problems.push(parsed.problem);
      continue;
    }
    const result = applySet(value, parsed.value.path, parsed.value.value);
    if (!result.ok) {
      const p = result.problem;
      problems.push({ ...p, file: '--set', message: `${p.message} (in \`${arg}\`)` });
      continue;
    }
    value = result.value;
    applied.push(parsed.value.path);
  }
  return { value, applied, problems };
}
