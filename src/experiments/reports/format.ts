/** Number formats shared by the experiment tables, Markdown and HTML. */

/** Seconds as milliseconds with sensible precision. */
export const ms = (s: number): string => (Number.isFinite(s) ? (s * 1000).toFixed(Math.abs(s) < 0.1 ? 2 : 1) : '–');
export const pct = (x: number, digits = 1): string => (Number.isFinite(x) ? `${(x * 100).toFixed(digits)} %` : '–');
export const num = (x: number, d = 1): string =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '–';
export const signed = (x: number, d = 1): string => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(d)}` : '–');

/** A figure in its metric's unit: seconds as ms, fractions as %, rates with separators. */
export function formatIn(unit: string, x: number): string {
  switch (unit) {
    case 's':
      // Minutes of queueing read better as seconds.
      return Math.abs(x) >= 10 ? `${num(x, 1)} s` : `${ms(x)} ms`;
    case 'fraction':
      return pct(x);
    case 'count':
      return num(x, 0);
    default:
      return num(x, 0);
  }
}

/** A difference in its metric's unit (signed). */
export function formatDiffIn(unit: string, x: number): string {
  switch (unit) {
    case 's':
      return Math.abs(x) >= 10 ? `${signed(x, 1)} s` : `${signed(x * 1000, Math.abs(x) < 0.1 ? 2 : 1)} ms`;
    case 'fraction':
      return `${signed(x * 100, 2)} pt`;
    default:
      return signed(x, 0);
  }
}
