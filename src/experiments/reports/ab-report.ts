import { abDeltaSpec } from '../../report/charts/ab-delta.js';
import { cdfSpec } from '../../report/charts/cdf.js';
import { curvesSpec } from '../../report/charts/curves.js';
import { podTimelineSpec } from '../../report/charts/pod-timeline.js';
import type { CurvePoint } from '../../report/charts/types.js';
import { toCsv } from '../../report/csv.js';
import { writeReport } from '../../report/report-page.js';
import { mean, sampleStd, t975 } from '../ab/paired.js';
import type { AbPlan, AbPointResult } from '../ab/ab.js';
import { METRICS, metricValue } from '../metrics.js';
import type { SweepAxis } from '../sweep.js';
import { CDF_AXES, cdfSeries, CURVE_METRICS, metricAxes, podSamples, xAxisOf } from './charts-data.js';
import { formatDiffIn, formatIn, signed } from './format.js';

const label = (point: Record<string, unknown>) => {
  const e = Object.entries(point);
  return e.length === 0 ? 'the scenario' : e.map(([k, v]) => `${k.split('.').pop()} = ${String(v)}`).join(', ');
};

/** Each arm's mean over replications with a 95 % t interval (unpaired: for drawing the curves). */
function armCurves(plan: AbPlan, axes: readonly SweepAxis[], results: readonly AbPointResult[]): CurvePoint[] {
  const x = xAxisOf(axes);
  const out: CurvePoint[] = [];
  results.forEach((r, i) => {
    const xv = x ? (r.point[x.path] as number) : i + 1;
    for (const [arm, runs] of [[plan.arms[0].label, r.a], [plan.arms[1].label, r.b]] as const) {
      for (const key of CURVE_METRICS) {
        const xs = runs.map((s) => metricValue(s, key)).filter(Number.isFinite);
        if (xs.length === 0) continue;
        const m = mean(xs);
        const half = xs.length > 1 ? (t975(xs.length - 1) * sampleStd(xs)) / Math.sqrt(xs.length) : 0;
        // A fraction's interval is cut to [0, 1]: a share cannot leave it.
        const fraction = METRICS[key]?.unit === 'fraction';
        const lower = fraction ? Math.max(0, m - half) : m - half;
        const upper = fraction ? Math.min(1, m + half) : m + half;
        out.push({ series: arm, x: xv, metric: key, value: m, lower, upper });
      }
    }
  });
  return out;
}

function deltaTable(r: AbPointResult) {
  return {
    header: ['metric', 'A', 'B', 'B − A', '95 % CI', 'rel', 'verdict'],
    rows: r.deltas.map((d) => {
      const unit = METRICS[d.metric]?.unit ?? '';
      return [d.label, formatIn(unit, d.a), formatIn(unit, d.b), formatDiffIn(unit, d.diff), `[${formatDiffIn(unit, d.lower)}, ${formatDiffIn(unit, d.upper)}]`, Number.isFinite(d.relPct) ? `${signed(d.relPct)} %` : '–', d.verdict];
    }),
  };
}

export function abCsv(results: readonly AbPointResult[]): string {
  const rows = results.flatMap((r) => r.deltas.map((d) => ({ ...r.point, metric: d.metric, a: d.a, b: d.b, diff: d.diff, lower: d.lower, upper: d.upper, relPct: d.relPct, verdict: d.verdict }))) as Record<string, string | number>[];
  return toCsv(rows);
}

/** reports/<name>/ab/: the curves of both arms over the sweep, and per point the deltas with CI bars. */
export async function writeAbReport(dir: string, r: { scenario: string; plan: AbPlan; axes: SweepAxis[]; results: AbPointResult[] }): Promise<string[]> {
  const [a, b] = r.plan.arms;
  const x = xAxisOf(r.axes);
  const sections = [];
  if (r.results.length > 1) {
    sections.push({
      heading: 'Both arms over the sweep',
      text: 'Mean over replications; bands are 95 % t intervals of each arm (the paired intervals below are tighter).',
      charts: [{ name: 'curves', spec: curvesSpec(armCurves(r.plan, r.axes, r.results), { title: `${a.label} vs ${b.label}`, xTitle: x?.path ?? 'point', metrics: metricAxes(CURVE_METRICS) }) }],
    });
  }
  r.results.forEach((res, i) => {
    const charts = [{ name: `deltas-${i}`, spec: abDeltaSpec(res.deltas, { title: `B − A at ${label(res.point)} (% of A, 95 % CI)` }) }];
    const { a: da, b: db } = res.detail;
    if (da && db) {
      charts.push({ name: `cdf-${i}`, spec: cdfSpec([...cdfSeries(da, a.label), ...cdfSeries(db, b.label)], { title: `latency CDFs at ${label(res.point)} (first replication)`, metrics: CDF_AXES }) });
      charts.push({ name: `pods-${i}`, spec: podTimelineSpec([...podSamples(da, a.label), ...podSamples(db, b.label)], { title: `per-pod load at ${label(res.point)} (first replication)` }) });
    }
    sections.push({ heading: `At ${label(res.point)}`, table: deltaTable(res), charts });
  });
  return writeReport(dir, {
    title: `fleetsim A/B: ${a.label} vs ${b.label}`,
    intro: `Scenario ${r.scenario}. A = ${a.label}, B = ${b.label}. ${r.plan.replications} replications per arm on common random numbers (seeds ${r.plan.baseSeed}..${r.plan.baseSeed + r.plan.replications - 1}); each interval is the paired t interval of B − A.`,
    sections,
    files: [
      { name: 'ab.csv', content: abCsv(r.results) },
      { name: 'ab.json', content: JSON.stringify({ arms: [a.label, b.label], replications: r.plan.replications, points: r.results.map((p) => ({ point: p.point, deltas: p.deltas, a: p.a, b: p.b })) }, null, 2) + '\n' },
    ],
  });
}
