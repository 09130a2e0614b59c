/**
 * The keys a Zod schema accepts at a path (through optional, default and pipe wrappers and lists),
 * for "did you mean" on an unknown key in an EndpointPickerConfig or a plugin's parameters.
 */
import type { z } from 'zod';
import { editDistance } from '../../wording/yaml-words.js';

interface Def {
  type?: string;
  innerType?: unknown;
  in?: unknown;
  element?: unknown;
  shape?: Record<string, unknown>;
}
const defOf = (n: unknown): Def | undefined => (n as { _zod?: { def?: Def } } | undefined)?._zod?.def;

/** Zod 4: optional/default/prefault wrap an inner type; a pipe (a transform's input side) its `in`. */
function unwrap(n: unknown): unknown {
  const def = defOf(n);
  if (def?.type === 'optional' || def?.type === 'default' || def?.type === 'prefault') return unwrap(def.innerType);
  if (def?.type === 'pipe') return unwrap(def.in);
  return n;
}

/** The object keys `schema` accepts at `path`, or none when the path leaves the schema's maps. */
export function knownKeysAt(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let node: unknown = schema;
  for (const k of path) {
    const def = defOf(unwrap(node));
    if (typeof k === 'number' && def?.type === 'array') node = def.element;
    else if (typeof k === 'string' && def?.type === 'object' && def.shape) node = def.shape[k];
    else return [];
  }
  const def = defOf(unwrap(node));
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** ` (did you mean "x"?)` for a key within 3 edits of an accepted one, else the empty string. */
export function nearestKey(key: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(key, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== undefined && bestD <= 3 ? ` (did you mean "${best}"?)` : '';
}
