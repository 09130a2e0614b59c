/**
 * Vega numbers the ids of clip paths and gradients from 1 in every SVG it writes (`clip1`,
 * `gradient_0`), so two charts inlined in one HTML page would point at each other's definitions.
 * Prefixing each chart's ids, and the references to them, keeps every chart drawing its own.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const ids = new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  if (ids.size === 0) return svg;
  return svg.replace(/(\sid="|url\(#|\shref="#|\sxlink:href="#)([^")]+)/g, (whole, lead: string, id: string) =>
    ids.has(id) ? `${lead}${prefix}${id}` : whole,
  );
}
