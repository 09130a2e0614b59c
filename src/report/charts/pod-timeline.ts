import type { TopLevelSpec } from 'vega-lite';
import type { PodSample } from './types.js';
import { colourEncoding, seriesDomain, type ColourEncoding } from './series-colours.js';
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
  const layout: PanelLayout = {
    faceted,
    columns,
    color: { ...colourEncoding('pod', 'pod', pods), legend: pods.length > 1 && pods.length <= MAX_POD_LEGEND ? {} : null },
    width: Math.round((opts.width ?? 560) / Math.max(1, columns.length)),
    height: opts.panelHeight ?? 180,
  };
  const rows = (value: (s: PodSample) => number): TimelineRow[] =>
    samples
      .filter((s) => isDrawable(s.t, false) && isDrawable(value(s), false))
      .map((s) => ({ t: s.t, pod: s.pod, series: seriesOf(s), value: value(s), running: s.running }));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: opts.title,
    vconcat: [
      timelinePanel(rows((s) => s.kvUtil), 'KV-cache utilisation', { scale: { domain: [0, 1] }, axis: { format: '%' } }, layout),
      timelinePanel(rows((s) => s.waiting), 'waiting requests', { axis: { tickMinStep: 1 } }, layout),
    ],
    resolve: { scale: { x: 'shared', color: 'shared' } },
  };
}

interface PanelLayout {
  faceted: boolean;
  /** Series columns in order; empty when not faceted. */
  columns: string[];
  color: ColourEncoding;
  /** Of one cell. */
  width: number;
  height: number;
}

/** How the y axis of a panel differs: a fixed domain for a fraction, whole ticks for a count. */
interface YAxisStyle { scale?: { domain: [number, number] }; axis: { format?: string; tickMinStep?: number } }

function timelinePanel(values: TimelineRow[], yTitle: string, yStyle: YAxisStyle, layout: PanelLayout): Panel {
  const unit = {
    mark: { type: 'line' as const, interpolate: 'step-after' as const },
    encoding: {
      x: { field: 't', type: 'quantitative' as const, title: 'simulated time (s)' },
      y: { field: 'value', type: 'quantitative' as const, title: yTitle, ...yStyle },
      color: layout.color,
      order: { field: 't', type: 'quantitative' as const },
      tooltip: [
        ...(layout.faceted ? [{ field: 'series', type: 'nominal' as const }] : []),
        { field: 'pod', type: 'nominal' as const },
        { field: 't', type: 'quantitative' as const, title: 'time (s)', format: NUMBER_FORMAT },
        { field: 'value', type: 'quantitative' as const, title: yTitle, format: NUMBER_FORMAT },
        { field: 'running', type: 'quantitative' as const },
      ],
    },
    width: layout.width,
    height: layout.height,
  };
  if (!layout.faceted) return { data: { values }, ...unit };
  return {
    data: { values },
    facet: { column: { field: 'series', type: 'nominal', sort: layout.columns, header: { title: null, labelFontSize: 12 } } },
    spec: unit,
  };
}
