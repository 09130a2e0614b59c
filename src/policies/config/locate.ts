/**
 * Problem paths → 1-based line and column from the YAML node positions: the value at the path;
 * for an unknown key, the key; for anything missing, the nearest enclosing node that exists.
 */
import { isMap, isNode, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { RawProblem } from './problems.js';

export function locate(doc: Document, lineCounter: LineCounter, problem: RawProblem): { line: number; col: number } {
  let node: Node | undefined = isNode(doc.contents) ? doc.contents : undefined;
  let offset = node?.range?.[0] ?? 0;
  for (let i = 0; i < problem.path.length && node; i++) {
    const key = problem.path[i];
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair || !isNode(pair.key)) break;
      const last = i === problem.path.length - 1;
      if ((last && problem.atKey) || !isNode(pair.value)) {
        offset = pair.key.range?.[0] ?? offset;
        break;
      }
      next = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      next = node.items[key];
    }
    if (!isNode(next)) break;
    node = next;
    offset = node.range?.[0] ?? offset;
  }
  return lineCounter.linePos(offset);
}
