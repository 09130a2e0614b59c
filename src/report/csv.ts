/**
 * CSV as RFC 4180 writes it: comma-separated, CRLF line ends, a header row, and a field quoted (with
 * its quotes doubled) only when it holds a comma, a quote, a line break or edge whitespace, so
 * spreadsheets and csv parsers read back exactly the text written.
 */

export type CsvValue = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * Rows as CSV. `columns` picks and orders the columns; by default every key, in order of first
 * appearance over the rows. A missing, null or undefined value is an empty field. Numbers are
 * written in JavaScript's shortest round-trip form (`0.1`, `1e+21`, `-0`, `NaN`, `Infinity`), so
 * `Number(field)` gives back the very same double.
 */
export function toCsv(rows: readonly Readonly<Record<string, CsvValue>>[], columns?: readonly string[]): string {
  const header = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (header.length === 0) return '';
  const lines = [header.map(csvField), ...rows.map((r) => header.map((c) => csvField(r[c])))];
  // A one-column row with an empty field would be a blank line, which many readers skip.
  return lines.map((fields) => (fields.length === 1 && fields[0] === '' ? '""\r\n' : `${fields.join(',')}\r\n`)).join('');
}

/** One field: text quoted when it must be, numbers exact. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
