import type { TopLevelSpec } from 'vega-lite';
import type { CdfSeries, MetricAxis } from './types.js';
import { colourEncoding, seriesDomain, type ColourEncoding, type SeriesStyle } from './series-colours.js';
import { isDrawable, logScale, NUMBER_FORMAT, VEGA_LITE_SCHEMA, type Panel } from './spec-parts.js';

export interface CdfOptions extends SeriesStyle {
  title: string;
  /** One panel per entry, top to bottom; `title` labels the latency axis, `log` makes it logarithmic. */
  metrics: readonly MetricAxis[];
  width?: number;
  panelHeight?: number;
}

/**
 * Latency CDFs: x the latency in seconds, y the cumulative fraction q, one line per series joining
 * the given quantiles in order of q, one panel per metric with its own x axis.
 *
 * A quantile with q outside [0, 1] is a caller's bug and throws. On a log axis a quantile whose value
 * is ≤ 0 is dropped (the line starts at the first positive latency); non-finite values are dropped.
 */
export function cdfSpec(series: readonly CdfSeries[], opts: CdfOptions): TopLevelSpec {
  for (const s of series) {
    const bad = s.quantiles.find((p) => !(p.q >= 0 && p.q <= 1));
    if (bad) throw new RangeError(`cdfSpec: ${s.series} ${s.metric}: quantile q must lie in [0, 1], got ${bad.q}`);
  }
  const domain = seriesDomain(series.map((s) => s.series), opts);
  const color = colourEncoding('series', 'series', domain, opts);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: opts.title,
    vconcat: opts.metrics.map((m) => cdfPanel(series, m, color, opts)),
    resolve: { scale: { x: 'independent', y: 'shared', color: 'shared' } },
  };
}

function cdfPanel(series: readonly CdfSeries[], metric: MetricAxis, color: ColourEncoding, opts: CdfOptions): Panel {
  const rows = series
    .filter((s) => s.metric === metric.key)
    .flatMap((s) => s.quantiles.filter((p) => isDrawable(p.value, metric.log)).map((p) => ({ series: s.series, q: p.q, value: p.value })));
  return {
    data: { values: rows },
    width: opts.width ?? 480,
    height: opts.panelHeight ?? 200,
    mark: { type: 'line', interpolate: 'linear' },
    encoding: {
      x: { field: 'value', type: 'quantitative', title: metric.title, scale: logScale(metric.log) },
      y: { field: 'q', type: 'quantitative', title: 'cumulative fraction', scale: { domain: [0, 1] }, axis: { format: '%' } },
      color,
      order: { field: 'q', type: 'quantitative' },
      tooltip: [
        { field: 'series', type: 'nominal' },
        { field: 'q', type: 'quantitative', title: 'quantile', format: '.3~p' },
        { field: 'value', type: 'quantitative', title: metric.title, format: NUMBER_FORMAT },
      ],
    },
  };
}
