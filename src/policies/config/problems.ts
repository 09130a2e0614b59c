/**
 * A problem in an EndpointPickerConfig, as data. The loader collects every problem and returns
 * them together; it never throws for bad input. Paths are found on plain data and turned into
 * line/col at the edge (locate.ts).
 */
import { typeName, typeWord } from '../../wording/yaml-words.js';

export type PathKey = string | number;

export interface ConfigProblem {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly col: number;
  /** Dotted path into the document, e.g. `plugins.2.parameters.threshold`; `(root)` for the whole. */
  readonly path: string;
  readonly message: string;
}

/** A problem before it has a position. `atKey`: blame the key itself (unknown keys). */
export interface RawProblem {
  readonly path: PathKey[];
  readonly message: string;
  readonly atKey?: boolean;
}

export function formatPath(path: readonly PathKey[]): string {
  return path.length === 0 ? '(root)' : path.join('.');
}

/** `file:line:col: path: message`. */
export function formatConfigProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.path}: ${p.message}`;
}

interface ZodIssueLike {
  code: string;
  message: string;
  expected?: string;
  input?: unknown;
  origin?: string;
  inclusive?: boolean;
  minimum?: unknown;
  maximum?: unknown;
}

/**
 * A Zod issue in the scenario loader's words (`missing required field (expected string)`,
 * `expected list, got map`, `must be > 0, got 0`) instead of Zod's `Invalid input: expected array,
 * received object` or `Too small: expected number to be >0`.
 * The issue must come from a parse with `reportInput: true`.
 */
export function issueMessage(issue: ZodIssueLike): string {
  if ((issue.code === 'too_small' || issue.code === 'too_big') && issue.origin === 'number') {
    const small = issue.code === 'too_small';
    const op = small ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
    return `must be ${op} ${String(small ? issue.minimum : issue.maximum)}, got ${String(issue.input)}`;
  }
  if (issue.code !== 'invalid_type' || issue.expected === undefined) return issue.message;
  const expected = typeWord(issue.expected);
  if (issue.input === undefined) return `missing required field (expected ${expected})`;
  return `expected ${expected}, got ${typeName(issue.input)}`;
}
