/**
 * A problem in a scenario, recorded as data (the model is Zod's `core/errors.ts`): validation keeps
 * going and the caller gets every problem at once. Paths are found first; `file:line:col` is added at
 * the edge (load.ts) from the YAML node positions, so the checks never see text.
 */

export type ProblemCode =
  | 'unknown_key'
  | 'invalid_type'
  | 'out_of_range'
  | 'invalid_value'
  | 'unknown_id'
  | 'missing'
  | 'syntax'
  | 'conflict';

/** A path into the scenario: map keys as strings, list indices as numbers. */
export type PathKey = string | number;

export interface Problem {
  code: ProblemCode;
  path: PathKey[];
  message: string;
  /** What would have been accepted, e.g. `number`, `one of bf16, fp8`, `> 0`. */
  expected?: string;
  /** 1-based position of the offending node, when known. */
  line?: number;
  col?: number;
  /** The scenario file, or `--set` for a problem in a command-line override. */
  file?: string;
}

/** `cluster.pools.0.replicas`; the empty path (the whole document) reads `(root)`. */
export function formatPath(path: readonly PathKey[]): string {
  return path.length === 0 ? '(root)' : path.join('.');
}

/**
 * `file:line:col: path.to.field: message`. Missing position parts are left out, and so is an empty
 * path (the whole document, a YAML syntax error, a malformed `--set`, an unreadable file).
 */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.line, p.line === undefined ? undefined : p.col].filter((x) => x !== undefined);
  const prefix = where.length > 0 ? `${where.join(':')}: ` : '';
  const path = p.path.length === 0 ? '' : `${formatPath(p.path)}: `;
  return `${prefix}${path}${p.message}`;
}

/** Problems in reading order (line, then column); the sort is stable, unplaced ones go last. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.col ?? Infinity) - (b.col ?? Infinity));
}
