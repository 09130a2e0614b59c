import { describe, expect, it } from 'vitest';
import { curvesSpec, type CurvesOptions } from '../../../src/report/charts/curves.js';
import type { CurvePoint } from '../../../src/report/charts/types.js';
import { renderSvg } from '../../../src/report/render.js';
import { countItems, hasLegend, itemColours, itemLabels, markGroups } from './svg-marks.js';

const RATES = [1, 2, 4, 8, 16];

/** A sweep of two policies: TTFT p95 with CIs, TPOT p95 and throughput without. */
function sweep(): CurvePoint[] {
  return ['round-robin', 'prefix-aware'].flatMap((series, k) =>
    RATES.flatMap((x) => [
      { series, x, metric: 'ttft.p95', value: (0.1 + k * 0.02) * x, lower: (0.08 + k * 0.02) * x, upper: (0.12 + k * 0.02) * x },
      { series, x, metric: 'tpot.p95', value: 0.02 + 0.001 * x },
      { series, x, metric: 'throughput.outputTokensPerSec', value: 200 * x },
    ]),
  );
}

const options = (over: Partial<CurvesOptions> = {}): CurvesOptions => ({
  title: 'latency vs rate',
  xTitle: 'arrival rate (req/s)',
  metrics: [
    { key: 'ttft.p95', title: 'TTFT p95 (s)', log: true },
    { key: 'tpot.p95', title: 'TPOT p95 (s)' },
    { key: 'throughput.outputTokensPerSec', title: 'output tok/s' },
  ],
  ...over,
});

type Spec = { vconcat: { data: { values: Record<string, unknown>[] }; layer: { data?: { values: Record<string, unknown>[] }; mark: { type: string } }[] }[] };

describe('curvesSpec', () => {
  it('draws one panel per metric with a line and points per series, and CI bars where given', async () => {
    const svg = await renderSvg(curvesSpec(sweep(), options()));
    expect(markGroups(svg, 'line')).toHaveLength(3 * 2); // 3 panels × 2 series
    expect(countItems(svg, 'symbol')).toBe(3 * 2 * RATES.length);
    expect(countItems(svg, 'rule')).toBe(2 * RATES.length); // TTFT panel only
    for (const text of ['latency vs rate', 'arrival rate (req/s)', 'TTFT p95 (s)', 'TPOT p95 (s)', 'output tok/s', 'round-robin', 'prefix-aware']) {
      expect(svg).toContain(text);
    }
    expect(hasLegend(svg)).toBe(true);
    expect(itemLabels(svg, 'symbol')[0]).toBe('arrival rate (req/s): 1; TTFT p95 (s): 0.1; series: round-robin; 95 % CI low: 0.08; 95 % CI high: 0.12');
  });

  it('colours series in order of first appearance, or as ordered and coloured by the caller', async () => {
    const ordered = curvesSpec(sweep(), options({ order: ['prefix-aware'], colours: { 'round-robin': '#000000' } }));
    const scale = (ordered as unknown as { vconcat: { layer: { encoding: { color: { scale: unknown } } }[] }[] }).vconcat[0].layer[0].encoding.color.scale;
    expect(scale).toEqual({ domain: ['prefix-aware', 'round-robin'], range: ['#4c78a8', '#000000'] });
    const svg = await renderSvg(curvesSpec(sweep(), options({ metrics: [{ key: 'tpot.p95', title: 'TPOT' }] })));
    expect(itemColours(svg, 'line', 'stroke')).toEqual(['#4c78a8', '#f58518']); // round-robin first: it appears first
  });

  it('renders a single point of a single series, without a legend', async () => {
    const svg = await renderSvg(curvesSpec([{ series: 'only', x: 4, metric: 'ttft.p95', value: 0.5 }], options({ metrics: [{ key: 'ttft.p95', title: 'TTFT p95 (s)' }] })));
    expect(markGroups(svg, 'line')).toHaveLength(1);
    expect(countItems(svg, 'symbol')).toBe(1);
    expect(countItems(svg, 'rule')).toBe(0);
    expect(hasLegend(svg)).toBe(false);
  });

  it('drops points that a log axis cannot place (≤ 0, or not finite) and a CI bar whose lower bound is ≤ 0', async () => {
    const points: CurvePoint[] = [
      { series: 's', x: 0, metric: 'ttft', value: 0.2, lower: 0.1, upper: 0.3 }, // x = 0 on a log x axis
      { series: 's', x: 1, metric: 'ttft', value: 0, lower: 0, upper: 0.1 }, // value 0 on a log y axis
      { series: 's', x: 2, metric: 'ttft', value: 0.3, lower: -0.1, upper: 0.7 }, // CI crosses 0: point kept, bar dropped
      { series: 's', x: 4, metric: 'ttft', value: 0.5, lower: 0.4, upper: 0.6 },
      { series: 's', x: 8, metric: 'ttft', value: Number.NaN },
    ];
    const spec = curvesSpec(points, options({ xLog: true, metrics: [{ key: 'ttft', title: 'TTFT (s)', log: true }] })) as unknown as Spec;
    expect(spec.vconcat[0].data.values.map((r) => r.x)).toEqual([2, 4]);
    expect(spec.vconcat[0].layer[2].data?.values.map((r) => r.x)).toEqual([4]);
    const svg = await renderSvg(spec as never);
    expect(countItems(svg, 'symbol')).toBe(2);
    expect(countItems(svg, 'rule')).toBe(1);
    // on linear axes the same zero and negative bound are drawn
    const linear = curvesSpec(points, options({ metrics: [{ key: 'ttft', title: 'TTFT (s)' }] })) as unknown as Spec;
    expect(linear.vconcat[0].data.values.map((r) => r.x)).toEqual([0, 1, 2, 4]);
    expect(linear.vconcat[0].layer[2].data?.values.map((r) => r.x)).toEqual([0, 1, 2, 4]);
  });

  it('draws only the listed metrics, and an empty panel for a metric without points', async () => {
    const svg = await renderSvg(curvesSpec(sweep(), options({ metrics: [{ key: 'tpot.p95', title: 'TPOT p95 (s)' }, { key: 'e2e.p95', title: 'E2E p95 (s)', log: true }] })));
    expect(markGroups(svg, 'line')).toHaveLength(2);
    expect(countItems(svg, 'symbol')).toBe(2 * RATES.length);
    expect(svg).toContain('E2E p95 (s)');
    expect(svg).not.toContain('TTFT p95 (s)');
  });
});
