import type { TopLevelSpec } from 'vega-lite';
import type { CurvePoint, MetricAxis } from './types.js';
import { colourEncoding, seriesDomain, type ColourEncoding, type SeriesStyle } from './series-colours.js';
import { isDrawable, logScale, NUMBER_FORMAT, VEGA_LITE_SCHEMA, type Layer, type Panel } from './spec-parts.js';

export interface CurvesOptions extends SeriesStyle {
  title: string;
  /** The swept value, e.g. `arrival rate (req/s)`. */
  xTitle: string;
  /** One panel per entry, top to bottom; points of metrics not listed are not drawn. */
  metrics: readonly MetricAxis[];
  xLog?: boolean;
  width?: number;
  /** Height of each panel. */
  panelHeight?: number;
}

/**
 * Metric-vs-swept-value curves ("TTFT p95 / TPOT p95 / throughput vs rate"): one panel per metric,
 * stacked, sharing the x axis and the series colours, each with its own y axis. Lines and points per
 * series; where a point carries `lower` and `upper`, a vertical error bar spans them.
 *
 * Log axes: a point whose x or value is ≤ 0 (or not finite) is dropped, not clamped, since no
 * position on the axis would be true; an error bar whose lower bound is ≤ 0 on a log y axis is
 * dropped and the point kept. The tooltip and the table beside the chart still carry the numbers.
 */
export function curvesSpec(points: readonly CurvePoint[], opts: CurvesOptions): TopLevelSpec {
  const domain = seriesDomain(points.map((p) => p.series), opts);
  const color = colourEncoding('series', 'series', domain, opts);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: opts.title,
    vconcat: opts.metrics.map((m) => curvePanel(points, m, color, opts)),
    resolve: { scale: { x: 'shared', y: 'independent', color: 'shared' } },
  };
}

function curvePanel(points: readonly CurvePoint[], metric: MetricAxis, color: ColourEncoding, opts: CurvesOptions): Panel {
  const rows = points
    .filter((p) => p.metric === metric.key && isDrawable(p.x, opts.xLog) && isDrawable(p.value, metric.log))
    .map((p) => ({ series: p.series, x: p.x, value: p.value, lower: p.lower ?? null, upper: p.upper ?? null }));
  const bars = rows.filter((r) => isDrawable(r.lower ?? undefined, metric.log) && isDrawable(r.upper ?? undefined, metric.log));
  const x = { field: 'x', type: 'quantitative' as const, title: opts.xTitle, scale: logScale(opts.xLog) };
  const y = { field: 'value', type: 'quantitative' as const, title: metric.title, scale: logScale(metric.log) };
  const tooltip = [
    { field: 'series', type: 'nominal' as const },
    { field: 'x', type: 'quantitative' as const, title: opts.xTitle, format: NUMBER_FORMAT },
    { field: 'value', type: 'quantitative' as const, title: metric.title, format: NUMBER_FORMAT },
    ...(bars.length > 0
      ? [
          { field: 'lower', type: 'quantitative' as const, title: '95 % CI low', format: NUMBER_FORMAT },
          { field: 'upper', type: 'quantitative' as const, title: '95 % CI high', format: NUMBER_FORMAT },
        ]
      : []),
  ];
  const layers: Layer[] = [
    { mark: { type: 'line' }, encoding: { x, y, color, order: { field: 'x', type: 'quantitative' } } },
    { mark: { type: 'point', filled: true, size: 45 }, encoding: { x, y, color, tooltip } },
  ];
  if (bars.length > 0) {
    layers.push({
      data: { values: bars },
      mark: { type: 'rule', strokeWidth: 1.5 },
      encoding: { x, y: { ...y, field: 'lower' }, y2: { field: 'upper' }, color, tooltip },
    });
  }
  return { data: { values: rows }, width: opts.width ?? 480, height: opts.panelHeight ?? 200, layer: layers };
}
