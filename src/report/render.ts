import type { TopLevelSpec } from 'vega-lite';

/**
 * Fonts tried in order for every chart's text. Vega's default is the generic `sans-serif`, which
 * resvg maps to Arial and, where Arial is missing (most Linux CI images), to whichever system font
 * it loaded first (on our images a DejaVu serif face). Naming the common sans faces keeps PNGs
 * legible everywhere; browsers showing the inline SVG pick the first one they have. The names are
 * unquoted on purpose: resvg 2.6 ignores a quoted name that follows `, ` and falls back again.
 */
export const CHART_FONT = 'Helvetica, Arial, DejaVu Sans, Liberation Sans, Noto Sans, sans-serif';

/** Renders a vega-lite spec to an SVG string with vega headless (no browser, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Loaded on first use: vega is large and only the report needs it.
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(spec, { config: { font: CHART_FONT } }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface PngOptions {
  /** Output width in pixels, height scaled to match; default twice the SVG's own width (sharp on HiDPI screens). */
  width?: number;
  /** Extra font files (.ttf/.otf) for machines with no system fonts, where text would otherwise be left out. */
  fontFiles?: readonly string[];
}

/** Rasterises an SVG (as renderSvg writes it) to PNG bytes with resvg, on a white background. */
export async function renderPng(svg: string, opts: PngOptions = {}): Promise<Buffer> {
  if (opts.width !== undefined && !(Number.isInteger(opts.width) && opts.width > 0)) {
    throw new RangeError(`renderPng: width must be a positive integer, got ${opts.width}`);
  }
  // Native module, loaded on first use so that importing the report layer costs nothing.
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: opts.width !== undefined ? { mode: 'width', value: opts.width } : { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, fontFiles: opts.fontFiles ? [...opts.fontFiles] : undefined },
    logLevel: 'off',
  });
  return resvg.render().asPng();
}
