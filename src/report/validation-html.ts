import type { ValidationResult } from '../experiments/validate.js';
import { escapeHtml, htmlPage, htmlTable } from './html.js';
import { formatRoleLine, formatStatsLine, VALIDATION_COLUMNS, validationCells } from './validation-table.js';

/**
 * The validation report as one self-contained page: the error summary, the predicted-vs-published
 * chart (inline SVG, rendered by the caller) and the table, then each case's source. It formats;
 * every number comes from the result.
 */
export function renderValidationHtml(result: ValidationResult, chartSvg: string): string {
  const summary = [formatRoleLine('calibration', result.stats.calibration), formatRoleLine('holdout', result.stats.holdout)];
  const align = VALIDATION_COLUMNS.map((c) => (c === 'case' || c === 'metric' || c === 'role' ? 'left' : 'right') as 'left' | 'right');
  const sources = new Map<string, { role: string; source: string }>();
  for (const r of result.rows) if (!sources.has(r.case)) sources.set(r.case, { role: r.role, source: r.source });
  const body = [
    '<h1>fleetsim validation: predicted vs published</h1>',
    `<p><strong>${escapeHtml(formatStatsLine(result.stats.all))}</strong></p>`,
    `<ul>${summary.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
    '<p class="muted">Error = (predicted − published) ÷ published × 100. Calibration rows are those the runtime factors may be fitted to; holdout rows are never used for fitting.</p>',
    `<div class="figure">${chartSvg}</div>`,
    '<h2>Figures</h2>',
    htmlTable(VALIDATION_COLUMNS, result.rows.map(validationCells), { align, rowTitles: result.rows.map((r) => r.source) }),
    '<h2>Cases and sources</h2>',
    htmlTable(['case', 'role', 'source'], [...sources].map(([name, s]) => [name, s.role, s.source]), { align: ['left', 'left', 'left'] }),
  ].join('\n');
  return htmlPage({ title: 'fleetsim validation', body });
}
