import type { TopLevelSpec } from 'vega-lite';
import type { AbDelta, Verdict } from './types.js';
import { isDrawable, NUMBER_FORMAT, VEGA_LITE_SCHEMA } from './spec-parts.js';

/** Fixed verdict colours, so green always means B is better whatever the metric's direction. */
export const VERDICT_COLOURS: Readonly<Record<Verdict, string>> = {
  better: '#2e7d32',
  worse: '#c62828',
  'no significant difference': '#9e9e9e',
};

export interface AbDeltaOptions {
  title: string;
  /** Caption of the x axis; say which run is B. */
  xTitle?: string;
  width?: number;
}

/**
 * A/B deltas as a forest plot: one row per metric (in the order given, labelled by `label`), a point
 * at B's change relative to A (`relPct`) and a bar over its 95 % CI, a vertical rule at zero, coloured
 * by the verdict the experiment reached (drawn as given, never recomputed here).
 *
 * A delta whose relative figures are not finite (A's mean is 0) cannot be placed and is dropped; the
 * table beside the chart still lists it. Labels must be unique, since each names a row.
 */
export function abDeltaSpec(deltas: readonly AbDelta[], opts: AbDeltaOptions): TopLevelSpec {
  const labels = deltas.map((d) => d.label);
  const duplicate = labels.find((l, i) => labels.indexOf(l) !== i);
  if (duplicate !== undefined) throw new Error(`abDeltaSpec: label "${duplicate}" names two rows`);
  const rows = deltas
    .filter((d) => [d.relPct, d.relLowerPct, d.relUpperPct].every((v) => isDrawable(v, false)))
    .map((d) => ({
      ...d,
      direction: d.lowerIsBetter ? 'lower is better' : 'higher is better',
      ci: `[${fmt(d.relLowerPct)} %, ${fmt(d.relUpperPct)} %]`,
    }));
  const x = { type: 'quantitative' as const, title: opts.xTitle ?? 'B − A, % of A (95 % CI)' };
  const y = { field: 'label', type: 'nominal' as const, title: null, sort: rows.map((r) => r.label) };
  const verdicts = Object.keys(VERDICT_COLOURS) as Verdict[];
  const color = {
    field: 'verdict',
    type: 'nominal' as const,
    title: 'verdict',
    scale: { domain: verdicts, range: verdicts.map((v) => VERDICT_COLOURS[v]) },
    legend: { labelLimit: 0 }, // "no significant difference" in full
  };
  const tooltip = [
    { field: 'label', type: 'nominal' as const, title: 'metric' },
    { field: 'a', type: 'quantitative' as const, title: 'A', format: NUMBER_FORMAT },
    { field: 'b', type: 'quantitative' as const, title: 'B', format: NUMBER_FORMAT },
    { field: 'diff', type: 'quantitative' as const, title: 'B − A', format: NUMBER_FORMAT },
    { field: 'lower', type: 'quantitative' as const, title: 'CI low', format: NUMBER_FORMAT },
    { field: 'upper', type: 'quantitative' as const, title: 'CI high', format: NUMBER_FORMAT },
    { field: 'relPct', type: 'quantitative' as const, title: '% of A', format: '+.3~f' },
    { field: 'ci', type: 'nominal' as const, title: '95 % CI (% of A)' },
    { field: 'direction', type: 'nominal' as const },
    { field: 'verdict', type: 'nominal' as const },
  ];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: opts.title,
    width: opts.width ?? 480,
    height: { step: 28 },
    data: { values: rows },
    layer: [
      { data: { values: [{}] }, mark: { type: 'rule', color: '#616161', strokeDash: [4, 4] }, encoding: { x: { datum: 0, type: 'quantitative' } } },
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'relLowerPct', ...x }, x2: { field: 'relUpperPct' }, y, color, tooltip } },
      { mark: { type: 'point', filled: true, size: 70 }, encoding: { x: { field: 'relPct', ...x }, y, color, tooltip } },
    ],
  };
}

/** A signed percentage to 3 significant digits, with the minus sign d3-format writes in the other fields. */
function fmt(pct: number): string {
  const magnitude = Number(Math.abs(pct).toPrecision(3));
  return `${magnitude === 0 ? '' : pct > 0 ? '+' : '−'}${magnitude}`;
}
