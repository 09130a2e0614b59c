/**
 * A problem in an EndpointPickerConfig, as data. The loader collects every problem and returns
 * them together; it never throws for bad input. Paths are found on plain data and turned into
 * line/col at the edge (locate.ts).
 */

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
