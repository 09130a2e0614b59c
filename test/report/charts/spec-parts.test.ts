import { describe, expect, it } from 'vitest';
import { distinct, isDrawable, logScale } from '../../../src/report/charts/spec-parts.js';

describe('spec parts', () => {
  it('draws finite values, and only positive ones on a log scale', () => {
    expect([0, -1, 2, Number.NaN, Number.POSITIVE_INFINITY, undefined].map((v) => isDrawable(v, false))).toEqual([true, true, true, false, false, false]);
    expect([0, -1, 2, 1e-300].map((v) => isDrawable(v, true))).toEqual([false, false, true, true]);
  });

  it('ends a log scale at the data instead of the next decade', () => {
    expect(logScale(true)).toEqual({ type: 'log', nice: false });
    expect(logScale(false)).toEqual({});
  });

  it('keeps the first appearance of each name', () => {
    expect(distinct(['x', 'y', 'x'])).toEqual(['x', 'y']);
  });
});
