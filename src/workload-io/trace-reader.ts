import type { TraceRow } from '../sim/workload/types.js';
import { LineReader } from './line-reader.js';
import { createTraceParser, type TraceFormat, type TraceParser } from './trace-formats.js';

/** What a scenario's `workload.trace` says (path already resolved against the scenario file). */
export interface TraceSpec {
  format: TraceFormat;
  path: string;
  /** Replay speed: 2 = twice as fast (gaps halved). */
  speed?: number;
  /** Rescale time so the replayed window's mean rate is this many req/s (instead of speed). */
  rate?: number;
  /** Seconds from the trace's first row: only rows with start ≤ t < end are replayed. */
  window?: { start?: number; end?: number };
  /** A CSV column whose values are tenant classes. */
  classBy?: string;
}

export interface BadRow {
  line: number;
  message: string;
}

/** What one pass over the file found. */
export interface TraceScan {
  /** Rows inside the window that will be replayed. */
  numRows: number;
  /** Rows inside the window with zero input or output tokens (failed requests in the source), not replayed. */
  numEmptyRows: number;
  /** Malformed rows anywhere in the file; `badRows` holds the first few. */
  numBadRows: number;
  badRows: BadRow[];
  /** A header problem makes the whole file unreadable. */
  headerError?: string;
  /** Seconds between the first and last replayed rows, on the trace's clock. */
  span: number;
  /** Simulated seconds per trace second: 1/speed, or set from `rate`. */
  timeScale: number;
  /** With classBy: each distinct value, in order of first appearance, with its replayed rows. */
  classes?: { name: string; rows: number }[];
}

/** More distinct classBy values than this is a problem (probably the wrong column). */
export const MAX_TRACE_CLASSES = 64;

const MAX_LISTED_BAD_ROWS = 20;

/**
 * Pulls replayable rows from a trace file, in file order, with times on the simulated clock:
 * (trace time − first row's time − window.start) × timeScale. Malformed rows (a missing or
 * non-numeric column, negative or fractional tokens, a timestamp earlier than the previous
 * good row's, Mooncake hash ids that do not cover the input) are passed to `onBad` and skipped;
 * rows with zero input or output tokens are counted and skipped (BurstGPT's failed requests).
 */
export class TraceRowReader {
  private readonly lines: LineReader;
  private readonly parser: TraceParser;
  private first: number | undefined;
  private prev = -Infinity;
  private readonly start: number;
  private readonly end: number;
  numEmptyRows = 0;
  numBadRows = 0;
  headerError: string | undefined;

  constructor(
    spec: TraceSpec,
    private readonly timeScale: number,
    private readonly onBad: (row: BadRow) => void = () => {},
  ) {
    this.lines = new LineReader(spec.path);
    this.parser = createTraceParser(spec.format, spec.classBy);
    this.start = spec.window?.start ?? 0;
    this.end = spec.window?.end ?? Infinity;
    if (this.parser.hasHeader) {
      const header = this.lines.next();
      this.headerError = header === undefined ? 'the file is empty; expected a header line' : this.parser.header(header);
    }
  }

  /** The next replayable row, or undefined at the end of the file or window. */
  next(): TraceRow | undefined {
    if (this.headerError !== undefined) return undefined;
    for (;;) {
      const line = this.lines.next();
      if (line === undefined) return undefined;
      if (line.trim() === '') continue;
      const row = this.parser.row(line);
      if (typeof row === 'string') {
        this.bad(row);
        continue;
      }
      if (row.stamp < this.prev) {
        this.bad(`timestamp goes back in time: ${fmt(row.stamp - (this.first ?? 0))} s after the first row, before the previous row's ${fmt(this.prev - (this.first ?? 0))} s`);
        continue;
      }
      this.prev = row.stamp;
      this.first ??= row.stamp;
      const rel = row.stamp - this.first;
      if (rel < this.start) continue;
      if (rel >= this.end) {
        this.lines.close();
        return undefined;
      }
      if (row.inputTokens === 0 || row.outputTokens === 0) {
        this.numEmptyRows++;
        continue;
      }
      return { time: (rel - this.start) * this.timeScale, inputTokens: row.inputTokens, outputTokens: row.outputTokens, hashIds: row.hashIds, label: row.label };
    }
  }

  close(): void {
    this.lines.close();
  }

  private bad(message: string): void {
    this.numBadRows++;
    this.onBad({ line: this.lines.lineNumber, message });
  }
}

/**
 * One streaming pass over the file before the run: counts rows, collects malformed ones and, for
 * `rate`, measures the window's mean rate ((N − 1) / span, as the traces README defines it) to
 * set the time scale. Memory stays constant.
 */
export function scanTrace(spec: TraceSpec): TraceScan {
  const badRows: BadRow[] = [];
  const reader = new TraceRowReader(spec, 1, (b) => {
    if (badRows.length < MAX_LISTED_BAD_ROWS) badRows.push(b);
  });
  let numRows = 0;
  let firstTime = 0;
  let lastTime = 0;
  const classes = new Map<string, number>();
  for (let row = reader.next(); row; row = reader.next()) {
    if (row.label !== undefined && (classes.has(row.label) || classes.size <= MAX_TRACE_CLASSES)) classes.set(row.label, (classes.get(row.label) ?? 0) + 1);
    if (numRows === 0) firstTime = row.time;
    lastTime = row.time;
    numRows++;
  }
  reader.close();
  const span = lastTime - firstTime;
  let timeScale = 1 / (spec.speed ?? 1);
  if (spec.rate !== undefined && numRows > 1 && span > 0) timeScale = (numRows - 1) / span / spec.rate;
  return {
    numRows,
    numEmptyRows: reader.numEmptyRows,
    numBadRows: reader.numBadRows,
    badRows,
    headerError: reader.headerError,
    span,
    timeScale,
    ...(spec.classBy !== undefined && { classes: [...classes].map(([name, rows]) => ({ name, rows })) }),
  };
}

function fmt(x: number): string {
  return Number(x.toFixed(6)).toString();
}
