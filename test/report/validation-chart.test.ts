import { describe, expect, it } from 'vitest';
import { summarizeValidation, type ValidationRow } from '../../src/experiments/validate.js';
import { renderSvg, validationChartSpec } from '../../src/report/validation-chart.js';

const rows: ValidationRow[] = [
  { case: 'a', role: 'calibration', source: 's', metric: 'throughput.outputTokensPerSec', published: 24524.9, predicted: 29708, errorPct: 21.13, outOfSamplePct: null },
  { case: 'b', role: 'holdout', source: 's', metric: 'tpot.mean', published: 0.155, predicted: 0.0223, errorPct: -85.6, outOfSamplePct: null },
  { case: 'c', role: 'holdout', source: 's', metric: 'requests.preempted', published: 3, predicted: 0, errorPct: -100, outOfSamplePct: null },
];

describe('validationChartSpec', () => {
  it('plots predicted against published on log axes spanning whole decades, with y = x and a ±10 % band', () => {
    const spec = validationChartSpec(summarizeValidation(rows)) as unknown as { layer: { data: { values: Record<string, unknown>[] }; mark: { type: string }; encoding: Record<string, { scale?: { type: string; domain: number[] } }> }[] };
    expect(spec.layer.map((l) => l.mark.type)).toEqual(['area', 'line', 'point']);
    const [band, diagonal, points] = spec.layer;
    expect(points.encoding.x.scale).toEqual({ type: 'log', domain: [0.01, 100000], nice: false });
    expect(points.encoding.y.scale).toEqual({ type: 'log', domain: [0.01, 100000], nice: false });
    expect(diagonal.data.values.map((v) => [v.x, v.y])).toEqual([[0.01, 0.01], [100000, 100000]]);
    expect(band.data.values[1].lower).toBeCloseTo(90000, 6);
    expect(band.data.values[1].upper).toBeCloseTo(110000, 6);
    // a zero cannot be drawn on log axes: left to the table
    expect(points.data.values.map((v) => [v.case, v.role])).toEqual([['a', 'calibration'], ['b', 'holdout']]);
  });

  it('renders to an SVG string with vega headless', async () => {
    const svg = await renderSvg(validationChartSpec(summarizeValidation(rows)));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('</svg>');
    expect(svg).toContain('predicted vs published');
    expect(svg).toContain('holdout');
  });
});
