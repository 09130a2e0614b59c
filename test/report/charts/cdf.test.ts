import { describe, expect, it } from 'vitest';
import { cdfSpec } from '../../../src/report/charts/cdf.js';
import type { CdfSeries } from '../../../src/report/charts/types.js';
import { renderSvg } from '../../../src/report/render.js';
import { hasLegend, itemColours, markGroups, vertexCount } from './svg-marks.js';

const QS = [0, 0.25, 0.5, 0.75, 0.9, 0.99, 1];
const quantiles = (scale: number) => QS.map((q) => ({ q, value: scale * (q + 0.01) }));

const two: CdfSeries[] = [
  { series: 'A', metric: 'ttft', quantiles: quantiles(1) },
  { series: 'A', metric: 'tpot', quantiles: quantiles(0.05) },
  { series: 'B', metric: 'ttft', quantiles: quantiles(0.8) },
  { series: 'B', metric: 'tpot', quantiles: quantiles(0.04) },
];
const metrics = [
  { key: 'ttft', title: 'TTFT (s)', log: true },
  { key: 'tpot', title: 'TPOT (s)' },
];

describe('cdfSpec', () => {
  it('draws one line per series per metric panel, through every quantile, against the cumulative fraction', async () => {
    const svg = await renderSvg(cdfSpec(two, { title: 'latency CDFs', metrics }));
    const lines = markGroups(svg, 'line');
    expect(lines).toHaveLength(4);
    expect(lines.map(vertexCount)).toEqual([QS.length, QS.length, QS.length, QS.length]);
    expect(itemColours(svg, 'line', 'stroke')).toEqual(['#4c78a8', '#f58518', '#4c78a8', '#f58518']);
    for (const text of ['latency CDFs', 'TTFT (s)', 'TPOT (s)', 'cumulative fraction', '100%']) expect(svg).toContain(text);
    expect(hasLegend(svg)).toBe(true);
  });

  it('drops a zero latency on a log axis and keeps it on a linear one', () => {
    const zero: CdfSeries[] = [{ series: 'A', metric: 'ttft', quantiles: [{ q: 0, value: 0 }, { q: 0.5, value: 0.2 }, { q: 1, value: 0.9 }] }];
    const values = (log: boolean) =>
      (cdfSpec(zero, { title: 't', metrics: [{ key: 'ttft', title: 'TTFT', log }] }) as unknown as { vconcat: { data: { values: { q: number }[] } }[] }).vconcat[0].data.values.map((r) => r.q);
    expect(values(true)).toEqual([0.5, 1]);
    expect(values(false)).toEqual([0, 0.5, 1]);
  });

  it('renders a single series with a single quantile, without a legend', async () => {
    const svg = await renderSvg(cdfSpec([{ series: 'A', metric: 'ttft', quantiles: [{ q: 0.5, value: 0.3 }] }], { title: 't', metrics: [metrics[0]] }));
    expect(markGroups(svg, 'line')).toHaveLength(1);
    expect(hasLegend(svg)).toBe(false);
  });

  it('rejects a quantile outside [0, 1]', () => {
    const bad: CdfSeries[] = [{ series: 'A', metric: 'ttft', quantiles: [{ q: 50, value: 0.3 }] }];
    expect(() => cdfSpec(bad, { title: 't', metrics })).toThrow('A ttft: quantile q must lie in [0, 1], got 50');
  });
});
