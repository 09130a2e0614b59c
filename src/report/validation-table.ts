import type { ErrorStats, ValidationResult, ValidationRow } from '../experiments/validate.js';
import { formatTable } from './table.js';

/** A published or predicted figure: thousands separated from 100 up, else 4 significant digits. */
export function formatFigure(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 100) return x.toLocaleString('en-US', { maximumFractionDigits: 1 });
  return String(Number(x.toPrecision(4)));
}

/** A signed error: `+21.1 %`, `-3.0 %`. */
export function formatErrorPct(x: number): string {
  const fixed = Math.abs(x).toFixed(1);
  const sign = fixed === '0.0' ? '±' : x > 0 ? '+' : '-';
  return `${sign}${fixed} %`;
}

export const VALIDATION_COLUMNS = ['case', 'metric', 'published', 'predicted', 'error', 'role', 'out of sample'] as const;

/** The cells of one row, in VALIDATION_COLUMNS order (shared by the terminal and HTML tables). */
export function validationCells(r: ValidationRow): string[] {
  const oos = r.outOfSamplePct === null ? 'n/a' : r.role === 'holdout' ? '=' : `${formatErrorPct(r.outOfSamplePct)} (loo)`;
  return [r.case, r.metric, formatFigure(r.published), formatFigure(r.predicted), formatErrorPct(r.errorPct), r.role, oos];
}

/** `median abs error X %, worst Y % over N cases`; N counts compared figures (table rows). */
export function formatStatsLine(s: ErrorStats): string {
  if (s.count === 0 || s.medianAbsErrorPct === null || s.worst === null) return 'no figures compared';
  return `median abs error ${s.medianAbsErrorPct.toFixed(1)} %, worst ${Math.abs(s.worst.errorPct).toFixed(1)} % over ${s.count} cases`;
}

/** `holdout: 40 figures from 32 cases, median abs error 9.0 %, worst -31.2 % (case metric)`. */
export function formatRoleLine(role: string, s: ErrorStats): string {
  if (s.count === 0 || s.medianAbsErrorPct === null || s.worst === null) return `${role}: no figures`;
  const figures = `${s.count} figure${s.count === 1 ? '' : 's'} from ${s.numCases} case${s.numCases === 1 ? '' : 's'}`;
  return `${role}: ${figures}, median abs error ${s.medianAbsErrorPct.toFixed(1)} %, worst ${formatErrorPct(s.worst.errorPct)} (${s.worst.case} ${s.worst.metric})`;
}

/**
 * The validation table for the terminal: one line per compared figure, then a line per role and a
 * last line over all rows. It formats; every number comes from the result.
 */
export function renderValidationTable(result: ValidationResult): string {
  const lines = [formatTable([[...VALIDATION_COLUMNS], ...result.rows.map(validationCells)]), ''];
  for (const role of ['calibration', 'holdout'] as const) lines.push(formatRoleLine(role, result.stats[role]));
  lines.push(formatRoleLine('out of sample (holdout, and calibration figures left out one at a time)', result.stats.outOfSample));
  lines.push(formatStatsLine(result.stats.all));
  return lines.join('\n');
}
