import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_FONT, renderPng, renderSvg } from '../../src/report/render.js';
import { renderSvg as reExported } from '../../src/report/validation-chart.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the PNG header (IHDR follows the signature). */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

const bars: TopLevelSpec = {
  title: 'Queue depth',
  data: { values: [{ pod: 'main-0', n: 3 }, { pod: 'main-1', n: 5 }] },
  mark: 'bar',
  encoding: { x: { field: 'pod', type: 'nominal' }, y: { field: 'n', type: 'quantitative' } },
};

const TEXT_ONLY = (text: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="4" y="20" font-family="${CHART_FONT}" font-size="14">${text}</text></svg>`;

describe('renderSvg', () => {
  it('renders a spec to SVG whose text uses the chart font stack, and is still exported from validation-chart', async () => {
    const svg = await renderSvg(bars);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Queue depth');
    expect(svg).toContain(`font-family="${CHART_FONT}"`);
    expect(svg).not.toContain('font-family="sans-serif"');
    expect(reExported).toBe(renderSvg);
  });
});

describe('renderPng', () => {
  it('writes PNG bytes at twice the SVG size by default, or at the width asked', async () => {
    const svg = await renderSvg(bars);
    const own = Number(/width="(\d+)"/.exec(svg)?.[1]);
    const png = await renderPng(svg);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png).width).toBe(2 * own);
    expect(pngSize(await renderPng(svg, { width: 300 })).width).toBe(300);
  });

  it('draws text with a system font (a PNG with text differs from the same PNG without)', async () => {
    const withText = await renderPng(TEXT_ONLY('TTFT p95'));
    const blank = await renderPng(TEXT_ONLY(''));
    expect(withText.equals(blank)).toBe(false);
  });

  it('rejects a width that is not a positive integer', async () => {
    await expect(renderPng(TEXT_ONLY('x'), { width: 0 })).rejects.toThrow('width must be a positive integer, got 0');
  });
});
