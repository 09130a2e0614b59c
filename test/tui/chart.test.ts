import { describe, expect, it } from 'vitest';
import { renderChart } from '../../src/tui/chart.js';

describe('renderChart', () => {
  it('places each point by its value, with the y axis from 0 and the x range at the edges', () => {
    const lines = renderChart(
      [
        { x: 1, y: 0, mark: 'o' },
        { x: 3, y: 1, mark: 'x' },
      ],
      { width: 16, height: 3 },
    );
    expect(lines).toEqual([
      '   1.1 |       x', // 1 × 1.1 headroom at the top; x = 3 is the last column
      '       |        ',
      '     0 |o       ',
      '       +--------',
      '        1      3',
    ]);
  });

  it('draws the SLO line under the points and labels it', () => {
    const lines = renderChart([{ x: 1, y: 2, mark: 'o' }, { x: 2, y: 0.1, mark: 'o' }], { width: 16, height: 5, yLine: 1 });
    expect(lines[2]).toBe('     1 |--------');
    expect(lines[0]).toBe('   2.2 |o       ');
  });

  it('caps the axis and marks points above it with ^', () => {
    const lines = renderChart([{ x: 1, y: 50, mark: 'x' }, { x: 2, y: 0.5, mark: 'o' }], { width: 16, height: 4, yLine: 0.5, yCap: 2 });
    expect(lines[0]).toBe('     2 |^       ');
    expect(lines.some((l) => l.includes('o'))).toBe(true);
  });

  it('says so when there is nothing to draw, and a single point gets a range around it', () => {
    expect(renderChart([], { width: 20, height: 4 })).toEqual(['(no points yet)']);
    const one = renderChart([{ x: 4, y: 1, mark: 'o' }], { width: 20, height: 3 });
    expect(one.at(-1)).toBe('        2          6');
  });

  it('never draws wider than asked', () => {
    const lines = renderChart([{ x: 0.5, y: 123.4, mark: 'o' }, { x: 900, y: 3, mark: 'x' }], { width: 30, height: 6, yLine: 2 });
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30);
  });
});
