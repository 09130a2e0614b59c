/**
 * Reading vega's SVG output in tests: vega writes each mark as `<g class="mark-KIND role-mark NAME">`
 * holding one element per item (a path per symbol or line, a line per rule) and no nested groups.
 * A line mark coloured by series is one such group per series.
 */
export type MarkKind = 'line' | 'symbol' | 'rule' | 'area' | 'rect' | 'text';

/** The inner markup of every data mark group of a kind, in document order. */
export function markGroups(svg: string, kind: MarkKind): string[] {
  const re = new RegExp(`<g class="mark-${kind} role-mark[^"]*"[^>]*>(.*?)</g>`, 'gs');
  return [...svg.matchAll(re)].map((m) => m[1]);
}

/** How many items (paths, lines) the data marks of a kind drew, over all groups. */
export function countItems(svg: string, kind: MarkKind): number {
  return markGroups(svg, kind).reduce((n, g) => n + (g.match(/<(path|line|rect|text)\b/g)?.length ?? 0), 0);
}

/** The aria-labels vega writes for each item of a kind: `field: value; ...` from the tooltip fields. */
export function itemLabels(svg: string, kind: MarkKind): string[] {
  return markGroups(svg, kind).flatMap((g) => [...g.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]));
}

/** The fill or stroke colours of the items of a kind, in document order. */
export function itemColours(svg: string, kind: MarkKind, attr: 'fill' | 'stroke'): string[] {
  return markGroups(svg, kind).flatMap((g) => [...g.matchAll(new RegExp(`<(?:path|line)\\b[^>]*? ${attr}="([^"]*)"`, 'g'))].map((m) => m[1]));
}

/** Whether the chart drew a legend. */
export function hasLegend(svg: string): boolean {
  return svg.includes('role-legend');
}

/** Number of vertices of a line path (`M` then one `L` per further point). */
export function vertexCount(pathMarkup: string): number {
  const d = /\bd="([^"]*)"/.exec(pathMarkup)?.[1] ?? '';
  return (d.match(/[ML]/g) ?? []).length;
}
