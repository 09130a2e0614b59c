/** A count typed by a user (a flag's value, a form field), checked with one wording for every front end. */

/** `text` as a whole number ≥ 1; a RangeError naming `label` and the text otherwise. */
export function parsePositiveInt(text: string, label: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${label} must be a positive integer, got ${text}`);
  return n;
}
