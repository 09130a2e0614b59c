import type { TopLevelSpec } from 'vega-lite';

/**
 * Building blocks shared by the chart specs. The panel and layer types are derived from vega-lite's
 * public TopLevelSpec, so they follow the installed version without importing its unstable paths.
 */
type VConcatSpec = Extract<TopLevelSpec, { vconcat: unknown }>;
/** One panel of a vconcat: a unit, layer or facet spec. */
export type Panel = VConcatSpec['vconcat'][number];
/** One layer of a layered panel. */
export type Layer = Extract<Panel, { layer: unknown }>['layer'][number];

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Tooltip and axis number format: four significant digits, trailing zeros trimmed. */
export const NUMBER_FORMAT = '.4~g';

/**
 * Whether a value can be drawn on a scale: finite, and positive on a log scale. Charts drop the
 * values that cannot (a zero latency on a log axis, a NaN mean of a point where nothing completed);
 * the tables and CSV next to the chart still hold them.
 */
export function isDrawable(value: number | undefined, log: boolean | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && (!log || value > 0);
}

/** A log scale ending at the data, not at the next decade (a 1–16 sweep would otherwise span 1–100). */
export function logScale(log: boolean | undefined): { type?: 'log'; nice?: boolean } {
  return log ? { type: 'log', nice: false } : {};
}

/** The distinct names in order of first appearance. */
export function distinct(names: Iterable<string>): string[] {
  return [...new Set(names)];
}
