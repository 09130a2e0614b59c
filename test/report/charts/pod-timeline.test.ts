import { describe, expect, it } from 'vitest';
import { MAX_POD_LEGEND, podTimelineSpec } from '../../../src/report/charts/pod-timeline.js';
import type { PodSample } from '../../../src/report/charts/types.js';
import { renderSvg } from '../../../src/report/render.js';
import { hasLegend, markGroups, vertexCount } from './svg-marks.js';

/** `numPods` pods scraped once a second for `seconds`, optionally tagged with a series. */
function samples(numPods: number, seconds: number, series?: string): PodSample[] {
  const out: PodSample[] = [];
  for (let t = 0; t < seconds; t++) {
    for (let p = 0; p < numPods; p++) out.push({ t, pod: `main-${p}`, kvUtil: (t / seconds) * 0.9, waiting: (t + p) % 3, running: 4, series });
  }
  return out;
}

type Spec = { vconcat: ({ facet?: { column: { sort: string[] } }; encoding?: { color: { legend: unknown } }; spec?: { encoding: { color: { legend: unknown } } } })[] };

describe('podTimelineSpec', () => {
  it('draws KV-cache utilisation and waiting queue over time, one line per pod', async () => {
    const svg = await renderSvg(podTimelineSpec(samples(3, 10), { title: 'pods' }));
    const lines = markGroups(svg, 'line');
    expect(lines).toHaveLength(2 * 3);
    // step lines: a horizontal and a vertical segment per sample after the first
    expect(vertexCount(lines[0])).toBe(2 * 10 - 1);
    for (const text of ['pods', 'KV-cache utilisation', 'waiting requests', 'simulated time (s)', 'main-0', 'main-2']) expect(svg).toContain(text);
    expect(hasLegend(svg)).toBe(true);
  });

  it('puts each series in its own column when samples carry one, in the order asked', async () => {
    const both = [...samples(2, 5, 'A'), ...samples(2, 5, 'B')];
    const spec = podTimelineSpec(both, { title: 'pods', seriesOrder: ['B'] });
    expect((spec as unknown as Spec).vconcat.map((p) => p.facet?.column.sort)).toEqual([['B', 'A'], ['B', 'A']]);
    const svg = await renderSvg(spec);
    expect(markGroups(svg, 'line')).toHaveLength(2 * 2 * 2); // panels × series × pods
    expect(svg.indexOf('>B</text>')).toBeGreaterThan(-1);
    expect(svg.indexOf('>B</text>')).toBeLessThan(svg.indexOf('>A</text>'));
  });

  it('puts samples without a series in a column named (none) when others have one', () => {
    const mixed = [...samples(1, 2, 'A'), ...samples(1, 2)];
    expect((podTimelineSpec(mixed, { title: 'pods' }) as unknown as Spec).vconcat[0].facet?.column.sort).toEqual(['A', '(none)']);
  });

  it('leaves the legend out past MAX_POD_LEGEND pods and for a single pod', () => {
    const legend = (s: PodSample[]) => (podTimelineSpec(s, { title: 'pods' }) as unknown as Spec).vconcat[0].encoding?.color.legend;
    expect(legend(samples(MAX_POD_LEGEND, 2))).toEqual({});
    expect(legend(samples(MAX_POD_LEGEND + 1, 2))).toBeNull();
    expect(legend(samples(1, 2))).toBeNull();
  });

  it('renders a single sample and drops non-finite ones', async () => {
    const one: PodSample[] = [
      { t: 0, pod: 'p', kvUtil: 0.5, waiting: 1, running: 1 },
      { t: 1, pod: 'p', kvUtil: Number.NaN, waiting: 2, running: 1 },
    ];
    const spec = podTimelineSpec(one, { title: 'pods' }) as unknown as { vconcat: { data: { values: { t: number }[] } }[] };
    expect(spec.vconcat.map((p) => p.data.values.map((r) => r.t))).toEqual([[0], [0, 1]]);
    const svg = await renderSvg(spec as never);
    expect(markGroups(svg, 'line')).toHaveLength(2);
  });
});
