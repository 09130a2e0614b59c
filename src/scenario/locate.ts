/**
 * Problem paths → 1-based line and column, from the positions of the YAML nodes. This is the only
 * place that knows about text; validation works on plain data.
 */
import { isAlias, isMap, isNode, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { PathKey, Problem } from './problems.js';

/**
 * The position to blame for a problem: the value at its path; for an unknown key, the key itself;
 * for anything missing, the nearest enclosing node that exists (a missing key → its parent map).
 */
export function locate(doc: Document, lineCounter: LineCounter, problem: Problem): { line: number; col: number } {
  let node: Node | undefined = isNode(doc.contents) ? doc.contents : undefined;
  let offset = node?.range?.[0] ?? 0;
  for (let i = 0; i < problem.path.length && node; i++) {
    const key = problem.path[i];
    const here: Node | undefined = isAlias(node) ? node.resolve(doc) : node;
    let next: unknown;
    if (isMap(here)) {
      const pair = here.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair || !isNode(pair.key)) break;
      const last = i === problem.path.length - 1;
      if ((last && problem.code === 'unknown_key') || !isNode(pair.value) || isEmpty(pair.value)) {
        offset = pair.key.range?.[0] ?? offset; // `key:` with no value: blame the key, not the line end
        break;
      }
      next = pair.value;
    } else if (isSeq(here) && typeof key === 'number') {
      next = here.items[key];
    }
    if (!isNode(next)) break;
    node = next;
    offset = node.range?.[0] ?? offset;
  }
  return lineCounter.linePos(offset);
}

function isEmpty(node: Node): boolean {
  return isScalar(node) && node.value === null && !!node.range && node.range[0] === node.range[1];
}

/** True when a path equals or lies under one of the overridden paths. */
export function underAny(path: readonly PathKey[], prefixes: readonly (readonly PathKey[])[]): boolean {
  return prefixes.some((pre) => pre.length <= path.length && pre.every((k, i) => String(k) === String(path[i])));
}
