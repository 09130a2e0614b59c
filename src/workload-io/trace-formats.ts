import { MAX_LENGTH_TOKENS } from '../sim/workload/lengths.js';
import { splitCsvLine } from './line-reader.js';

export type TraceFormat = 'azure' | 'burstgpt' | 'mooncake';

/** One parsed row: `stamp` in seconds on the format's own clock (compared, then made relative). */
export interface RawTraceRow {
  stamp: number;
  inputTokens: number;
  outputTokens: number;
  hashIds?: number[];
  /** The `classBy` column's value. */
  label?: string;
}

/** A format's parser: the header line (if the format has one), then each data line. */
export interface TraceParser {
  readonly hasHeader: boolean;
  /** An error message when the header lacks a needed column. */
  header(line: string): string | undefined;
  /** The row, or an error message saying what is wrong with it. */
  row(line: string): RawTraceRow | string;
}

/** Tokens per Mooncake hash id: each id names one 512-token prefix block. */
export const MOONCAKE_BLOCK_TOKENS = 512;

export function createTraceParser(format: TraceFormat, classBy?: string): TraceParser {
  switch (format) {
    case 'azure':
      return csvParser(['TIMESTAMP', 'ContextTokens', 'GeneratedTokens'], azureStamp(), classBy);
    case 'burstgpt':
      return csvParser(['Timestamp', 'Request tokens', 'Response tokens'], (text) => {
        const t = text.trim() === '' ? NaN : Number(text);
        return Number.isFinite(t) ? t : `Timestamp ${show(text)} is not a number of seconds`;
      }, classBy);
    case 'mooncake':
      return mooncakeParser();
  }
}

/**
 * CSV with a header; columns are found by name (BurstGPT v3 inserts columns before the token
 * counts, so positions differ between versions). `names` = [timestamp, input, output].
 */
function csvParser(required: [string, string, string], stamp: (text: string) => number | string, classBy?: string): TraceParser {
  const names = classBy === undefined ? required : [...required, classBy];
  let cols: number[] = [];
  let width = 0;
  return {
    hasHeader: true,
    header(line) {
      const fields = splitCsvLine(line.replace(/^\uFEFF/, '')).map((f) => f.trim());
      cols = names.map((n) => fields.indexOf(n));
      width = fields.length;
      const missing = names.filter((_, i) => cols[i] < 0);
      return missing.length > 0 ? `header lacks column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `\`${m}\``).join(', ')} (found ${fields.map((f) => `\`${f}\``).join(', ')})` : undefined;
    },
    row(line) {
      const fields = splitCsvLine(line);
      if (fields.length < width) return `${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${width} (${names.filter((_, i) => cols[i] >= fields.length).map((n) => `\`${n}\``).join(', ')} missing)`;
      const t = stamp(fields[cols[0]]);
      if (typeof t === 'string') return t;
      const input = tokenCount(names[1], fields[cols[1]]);
      if (typeof input === 'string') return input;
      const output = tokenCount(names[2], fields[cols[2]]);
      if (typeof output === 'string') return output;
      if (classBy === undefined) return { stamp: t, inputTokens: input, outputTokens: output };
      return { stamp: t, inputTokens: input, outputTokens: output, label: fields[cols[3]].trim() };
    },
  };
}

/**
 * Azure's `2023-11-16 18:17:03.9799600`: no time zone (read as UTC; only differences matter) and
 * 7 fractional digits, which Date cannot parse. Whole seconds are taken relative to the first
 * row's, so the fraction keeps its 100 ns precision in a float64.
 */
function azureStamp(): (text: string) => number | string {
  let base: number | undefined;
  return (text) => {
    const m = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?\s*$/.exec(text);
    if (!m) return `TIMESTAMP ${show(text)} is not a date-time like 2023-11-16 18:17:03.9799600`;
    const whole = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000;
    if (!Number.isFinite(whole)) return `TIMESTAMP ${show(text)} is not a valid date-time`;
    base ??= whole;
    return whole - base + (m[7] ? Number(m[7]) : 0);
  };
}

function mooncakeParser(): TraceParser {
  return {
    hasHeader: false,
    header: () => undefined,
    row(line) {
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        return 'not a JSON object';
      }
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a JSON object';
      const o = v as Record<string, unknown>;
      const missing = ['timestamp', 'input_length', 'output_length', 'hash_ids'].filter((k) => o[k] === undefined);
      if (missing.length > 0) return `missing ${missing.map((k) => `\`${k}\``).join(', ')}`;
      if (typeof o.timestamp !== 'number' || !Number.isFinite(o.timestamp)) return `timestamp ${show(o.timestamp)} is not a number of milliseconds`;
      // JSON has numbers: a count written as a string ("600") is a malformed row, not a number.
      for (const k of ['input_length', 'output_length'] as const) {
        if (typeof o[k] !== 'number') return `\`${k}\` ${JSON.stringify(o[k])} is a JSON ${o[k] === null ? 'null' : Array.isArray(o[k]) ? 'list' : typeof o[k]}, not a number`;
      }
      const input = tokenCount('input_length', o.input_length);
      if (typeof input === 'string') return input;
      const output = tokenCount('output_length', o.output_length);
      if (typeof output === 'string') return output;
      const ids = o.hash_ids;
      if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id) && id >= 0)) return 'hash_ids must be a list of integers ≥ 0';
      const want = Math.ceil(input / MOONCAKE_BLOCK_TOKENS);
      if (ids.length !== want) return `hash_ids has ${ids.length} ids; input_length ${input} needs ceil(${input}/${MOONCAKE_BLOCK_TOKENS}) = ${want}`;
      return { stamp: o.timestamp / 1000, inputTokens: input, outputTokens: output, hashIds: ids as number[] };
    },
  };
}

function tokenCount(name: string, v: unknown): number | string {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) return `\`${name}\` ${show(v)} is not a number`;
  if (n < 0) return `\`${name}\` is negative (${n})`;
  if (!Number.isInteger(n)) return `\`${name}\` ${n} is not a whole number of tokens`;
  if (n > MAX_LENGTH_TOKENS) return `\`${name}\` ${n} is more than ${MAX_LENGTH_TOKENS} tokens`;
  return n;
}

function show(v: unknown): string {
  return v === undefined ? '(empty)' : typeof v === 'string' ? (v === '' ? '(empty)' : `\`${v}\``) : JSON.stringify(v);
}
