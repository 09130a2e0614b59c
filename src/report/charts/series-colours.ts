import { distinct } from './spec-parts.js';

/** Vega's default categorical palette (tableau10), written out so colours can be reused by index. */
export const CATEGORY_COLOURS = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'] as const;

/**
 * How series are ordered and coloured. By default the order is that of first appearance in the
 * data and the colours follow the palette in that order, so an A/B passed as A's points then B's
 * is always blue for A and orange for B.
 */
export interface SeriesStyle {
  /** Series listed first, in this order; series not named here follow in order of appearance. */
  order?: readonly string[];
  /** A CSS colour per series name; series without one take the palette colour of their position. */
  colours?: Readonly<Record<string, string>>;
}

/** The series domain: `style.order` first, then the other names in order of first appearance. */
export function seriesDomain(names: Iterable<string>, style: SeriesStyle = {}): string[] {
  return distinct([...(style.order ?? []), ...names]);
}

/** An explicit vega-lite nominal colour scale, so every panel and every render gives a name the same colour. */
export function seriesColourScale(domain: readonly string[], style: SeriesStyle = {}): { domain: string[]; range: string[] } {
  return {
    domain: [...domain],
    range: domain.map((name, i) => style.colours?.[name] ?? CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]),
  };
}

/** The colour encoding of a nominal field; the legend is left out when there is a single name to tell apart. */
export function colourEncoding(field: string, title: string, domain: readonly string[], style: SeriesStyle = {}) {
  return {
    field,
    type: 'nominal' as const,
    title,
    scale: seriesColourScale(domain, style),
    legend: domain.length > 1 ? {} : null,
  };
}

export type ColourEncoding = ReturnType<typeof colourEncoding>;
