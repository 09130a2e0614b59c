import type { TopLevelSpec } from 'vega-lite';
import type { PodSample } from './types.js';
import { colourEncoding, seriesDomain } from './series-colours.js';
import { distinct, isDrawable, NUMBER_FORMAT, VEGA_LITE_SCHEMA, type Panel } from './spec-parts.js';

export interface PodTimelineOptions {
  title: string;
  /** Column order when samples carry `series`; default: order of first appearance. */
  seriesOrder?: readonly string[];
  /** Width of the whole row; split between the series columns. */
  width?: number;
  panelHeight?: number;
}

/** Past this many pods the legend is left out: the palette repeats and the lines tell the story. */
export const MAX_POD_LEGEND = 20;

interface TimelineRow { t: number; pod: string; series: string; value: number; running: number }

/**
 * Per-pod load over simulated time: KV-cache utilisation on top, waiting-queue length below, a line
 * per pod coloured by pod (the same pod name gets the same colour everywhere). When the samples carry
 * `series` (an A/B), each panel has a column per series sharing the y axis, so the runs compare at a
 * glance. Values are held until the next sample (step lines), as a scraped gauge is.
 *
 * Set `series` on all samples or on none; samples without it then go to a column named `(none)`.
 * Non-finite samples are dropped.
 */
export function podTimelineSpec(samples: readonly PodSample[], opts: PodTimelineOptions): TopLevelSpec {
  const faceted = samples.some((s) => s.series !== undefined);
  const seriesOf = (s: PodSample) => s.series ?? '(none)';
  const pods = distinct(samples.map((s) => s.pod));
  const columns = faceted ? seriesDomain(samples.map(seriesOf), { order: opts.seriesOrder }) : [];
  const color = { ...colourEncoding('pod', 'pod', pods), legend: pods.length > 1 && pods.length <= MAX_POD_LEGEND ? {} : null };
  const rows = (value: (s: PodSample) => number): TimelineRow[] =>
    samples
      .filter((s) => isDrawable(s.t, false) && isDrawable(value(s), false))
      .map((s) => ({ t: s.t, pod: s.pod, series: seriesOf(s), value: value(s), running: s.running }));
  const width = Math.round((opts.width ?? 560) / Math.max(1, columns.length));
  const height = opts.panelHeight ?? 180;

  const panel = (values: TimelineRow[], yTitle: string, y: object): Panel => {
    const unit = {
      mark: { type: 'line' as const, interpolate: 'step-after' as const },
      encoding: {
        x: { field: 't', type: 'quantitative' as const, title: 'simulated time (s)' },
        y: { field: 'value', type: 'quantitative' as const, title: yTitle, ...y },
        color,
        order: { field: 't', type: 'quantitative' as const },
        tooltip: [
          ...(faceted ? [{ field: 'series', type: 'nominal' as const }] : []),
          { field: 'pod', type: 'nominal' as const },
          { field: 't', type: 'quantitative' as const, title: 'time (s)', format: NUMBER_FORMAT },
          { field: 'value', type: 'quantitative' as const, title: yTitle, format: NUMBER_FORMAT },
          { field: 'running', type: 'quantitative' as const },
        ],
      },
      width,
      height,
    };
    if (!faceted) return { data: { values }, ...unit };
    return {
      data: { values },
      facet: { column: { field: 'series', type: 'nominal', sort: columns, header: { title: null, labelFontSize: 12 } } },
      spec: unit,
    };
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: opts.title,
    vconcat: [
      panel(rows((s) => s.kvUtil), 'KV-cache utilisation', { scale: { domain: [0, 1] }, axis: { format: '%' } }),
      panel(rows((s) => s.waiting), 'waiting requests', { axis: { tickMinStep: 1 } }),
    ],
    resolve: { scale: { x: 'shared', color: 'shared' } },
  };
}
