import { describe, expect, it } from 'vitest';
import { CATEGORY_COLOURS, colourEncoding, seriesColourScale, seriesDomain } from '../../../src/report/charts/series-colours.js';

describe('series colours', () => {
  it('orders series by first appearance, after the ones the caller lists', () => {
    expect(seriesDomain(['b', 'a', 'b', 'c'])).toEqual(['b', 'a', 'c']);
    expect(seriesDomain(['b', 'a', 'c'], { order: ['c', 'a'] })).toEqual(['c', 'a', 'b']);
  });

  it('gives each series its palette colour by position unless the caller names one, wrapping past ten', () => {
    const names = Array.from({ length: 11 }, (_, i) => `s${i}`);
    const scale = seriesColourScale(names, { colours: { s1: 'black' } });
    expect(scale.range.slice(0, 3)).toEqual([CATEGORY_COLOURS[0], 'black', CATEGORY_COLOURS[2]]);
    expect(scale.range[10]).toBe(CATEGORY_COLOURS[0]);
  });

  it('shows a legend only when there is more than one name', () => {
    expect(colourEncoding('series', 'series', ['a']).legend).toBeNull();
    expect(colourEncoding('series', 'series', ['a', 'b']).legend).toEqual({});
  });
});
