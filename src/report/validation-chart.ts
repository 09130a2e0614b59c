import type { TopLevelSpec } from 'vega-lite';
import type { ValidationResult } from '../experiments/validate.js';
import { formatErrorPct, formatFigure } from './validation-table.js';

// renderSvg moved to render.ts; re-exported so existing imports keep working.
export { renderSvg } from './render.js';

const ROLE_COLOURS = { calibration: '#e45756', holdout: '#4c78a8' } as const;

/** The enclosing decades of the figures, so the y = x line spans the whole plot. */
function logDomain(values: readonly number[]): [number, number] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return [0.1, 10];
  const lo = 10 ** Math.floor(Math.log10(Math.min(...positive)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...positive)));
  return [lo, hi > lo ? hi : lo * 10];
}

/**
 * Predicted against published, log–log, one point per compared figure coloured by role, with the
 * y = x line and a ±10 % band. Figures of different units (tok/s, seconds) share the plot: on log
 * axes only the ratio to the diagonal matters. A figure ≤ 0 cannot be drawn on log axes and is left
 * to the table.
 */
export function validationChartSpec(result: ValidationResult, opts: { width?: number; height?: number } = {}): TopLevelSpec {
  const rows = result.rows.filter((r) => r.published > 0 && r.predicted > 0);
  const [lo, hi] = logDomain(rows.flatMap((r) => [r.published, r.predicted]));
  const axis = (title: string) => ({ type: 'quantitative' as const, title, scale: { type: 'log' as const, domain: [lo, hi], nice: false }, axis: { grid: true } });
  const diagonal = [lo, hi].map((x) => ({ x, y: x, lower: x * 0.9, upper: x * 1.1 }));
  const points = rows.map((r) => ({
    case: r.case,
    metric: r.metric,
    role: r.role,
    published: r.published,
    predicted: r.predicted,
    publishedText: formatFigure(r.published),
    predictedText: formatFigure(r.predicted),
    error: formatErrorPct(r.errorPct),
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'fleetsim: predicted vs published', subtitle: 'dashed: y = x; green band: ±10 %' },
    width: opts.width ?? 520,
    height: opts.height ?? 520,
    layer: [
      {
        data: { values: diagonal },
        mark: { type: 'area', color: '#66bb6a', opacity: 0.45 },
        encoding: { x: { field: 'x', ...axis('published') }, y: { field: 'lower', ...axis('predicted') }, y2: { field: 'upper' } },
      },
      {
        data: { values: diagonal },
        mark: { type: 'line', color: '#616161', strokeDash: [4, 4] },
        encoding: { x: { field: 'x', ...axis('published') }, y: { field: 'y', ...axis('predicted') } },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 70, opacity: 0.85 },
        encoding: {
          x: { field: 'published', ...axis('published') },
          y: { field: 'predicted', ...axis('predicted') },
          color: {
            field: 'role',
            type: 'nominal',
            title: 'role',
            scale: { domain: ['calibration', 'holdout'], range: [ROLE_COLOURS.calibration, ROLE_COLOURS.holdout] },
          },
          shape: { field: 'role', type: 'nominal', scale: { domain: ['calibration', 'holdout'], range: ['diamond', 'circle'] } },
          tooltip: [
            { field: 'case', type: 'nominal' },
            { field: 'metric', type: 'nominal' },
            { field: 'publishedText', type: 'nominal', title: 'published' },
            { field: 'predictedText', type: 'nominal', title: 'predicted' },
            { field: 'error', type: 'nominal' },
          ],
        },
      },
    ],
  };
}
