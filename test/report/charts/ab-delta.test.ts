import { describe, expect, it } from 'vitest';
import { abDeltaSpec, VERDICT_COLOURS } from '../../../src/report/charts/ab-delta.js';
import type { AbDelta } from '../../../src/report/charts/types.js';
import { renderSvg } from '../../../src/report/render.js';
import { countItems, itemColours, itemLabels } from './svg-marks.js';

/** A delta with consistent absolute and relative figures: A = 100 so that rel% = diff. */
function delta(label: string, diff: number, halfWidth: number, verdict: AbDelta['verdict'], lowerIsBetter = true): AbDelta {
  return { metric: label, label, a: 100, b: 100 + diff, diff, lower: diff - halfWidth, upper: diff + halfWidth, relPct: diff, relLowerPct: diff - halfWidth, relUpperPct: diff + halfWidth, verdict, lowerIsBetter };
}

const deltas = [delta('TTFT p95', -25, 8, 'better'), delta('TPOT p95', 2, 4, 'no significant difference'), delta('output tok/s', -5, 2, 'worse', false)];

describe('abDeltaSpec', () => {
  it('draws a row per metric in the given order: a point at rel % and a CI bar, coloured by verdict, and a zero rule', async () => {
    const svg = await renderSvg(abDeltaSpec(deltas, { title: 'B vs A' }));
    expect(countItems(svg, 'symbol')).toBe(3);
    expect(countItems(svg, 'rule')).toBe(1 + 3); // zero rule + a CI bar per row
    expect(itemColours(svg, 'symbol', 'fill')).toEqual([VERDICT_COLOURS.better, VERDICT_COLOURS['no significant difference'], VERDICT_COLOURS.worse]);
    const labels = itemLabels(svg, 'symbol');
    // d3-format writes a minus sign (U+2212), and the CI text follows it
    expect(labels[0]).toContain('metric: TTFT p95; A: 100; B: 75; B − A: −25; CI low: −33; CI high: −17; % of A: −25; 95 % CI (% of A): [−33 %, −17 %]; direction: lower is better');
    expect(labels[0]).toContain('verdict: better');
    for (const text of ['B vs A', 'B − A, % of A (95 % CI)', 'no significant difference']) expect(svg).toContain(text);
    expect(svg.indexOf('>TTFT p95<')).toBeLessThan(svg.indexOf('>TPOT p95<'));
    expect(svg.indexOf('>TPOT p95<')).toBeLessThan(svg.indexOf('>output tok/s<'));
  });

  it('renders a single delta, and drops one whose relative change is not finite', async () => {
    const zeroA = { ...delta('rejected', 3, 1, 'worse'), a: 0, relPct: Number.POSITIVE_INFINITY };
    const svg = await renderSvg(abDeltaSpec([deltas[0], zeroA], { title: 'B vs A' }));
    expect(countItems(svg, 'symbol')).toBe(1);
    expect(svg).not.toContain('rejected');
  });

  it('rejects two rows with the same label', () => {
    expect(() => abDeltaSpec([deltas[0], deltas[0]], { title: 't' })).toThrow('label "TTFT p95" names two rows');
  });
});
