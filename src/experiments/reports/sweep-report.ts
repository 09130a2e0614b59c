import type { Summary } from '../../sim/metrics/summary.js';
import { cdfSpec } from '../../report/charts/cdf.js';
import { curvesSpec } from '../../report/charts/curves.js';
import { podTimelineSpec } from '../../report/charts/pod-timeline.js';
import { toCsv } from '../../report/csv.js';
import { writeReport } from '../../report/report-page.js';
import type { MaxRateResult } from '../max-rate.js';
import { metricValue, SWEEP_CSV_KEYS } from '../metrics.js';
import type { SweepAxis, SweepRow } from '../sweep.js';
import { CDF_AXES, cdfSeries, curvePoints, metricAxes, podSamples, seriesOf, spread, xAxisOf } from './charts-data.js';
import { ms, num, pct } from './format.js';
import { SWEEP_TABLE_HEAD, sweepFigures } from './sweep-table.js';

/** A summary's CSV columns (SWEEP_CSV_KEYS). */
function csvFigures(s: Summary): Record<string, number> {
  return Object.fromEntries(SWEEP_CSV_KEYS.map((k) => [k, metricValue(s, k)]));
}

/** sweep.csv: one row per point, the axes' values then the summary figures. */
export function sweepCsv(axes: readonly SweepAxis[], rows: readonly SweepRow[]): string {
  const records = rows.map((r) => ({
    ...Object.fromEntries(axes.map((a) => [a.path, r.point[a.path] as string | number | boolean])),
    ...csvFigures(r.summary),
  }));
  return toCsv(records, [...axes.map((a) => a.path), ...SWEEP_CSV_KEYS]);
}

function pointsTable(axes: readonly SweepAxis[], rows: readonly SweepRow[]) {
  return {
    header: [...axes.map((a) => a.path), ...SWEEP_TABLE_HEAD],
    rows: rows.map((r) => [...axes.map((a) => String(r.point[a.path])), ...sweepFigures(r)]),
  };
}

/** reports/<name>/sweep/: index.html with the curves, CDFs and the busiest point's pod timeline. */
export async function writeSweepReport(dir: string, r: { scenario: string; axes: SweepAxis[]; rows: SweepRow[] }): Promise<string[]> {
  const x = xAxisOf(r.axes);
  const xTitle = x?.path ?? 'point';
  const curves = curvePoints(r.rows, r.axes, (row) => seriesOf(row.point, x, r.scenario));
  const cdfRows = spread(r.rows.filter((row) => row.detail), 6);
  const cdfs = cdfRows.flatMap((row) => cdfSeries(row.detail!, Object.entries(row.point).map(([k, v]) => `${k.split('.').pop()}=${String(v)}`).join(', ')));
  const last = r.rows[r.rows.length - 1];
  const sections = [
    {
      heading: 'Curves',
      text: `${r.rows.length} points of ${r.axes.map((a) => `${a.path} ∈ {${a.values.join(', ')}}`).join(' × ')}.`,
      charts: [{ name: 'curves', spec: curvesSpec(curves, { title: `${r.scenario}: figures vs ${xTitle}`, xTitle, metrics: metricAxes(['ttft.p50', 'ttft.p95', 'tpot.p95', 'throughput.outputTokensPerSec', 'prefixCache.hitRate', 'slo.goodput']) }) }],
    },
    { heading: 'Points', table: pointsTable(r.axes, r.rows) },
    ...(cdfs.length > 0 ? [{ heading: 'Latency distributions', charts: [{ name: 'cdf', spec: cdfSpec(cdfs, { title: `${r.scenario}: latency CDFs`, metrics: CDF_AXES }) }] }] : []),
    ...(last?.detail
      ? [{ heading: 'Per-pod load, last point', text: `KV-cache utilisation and waiting requests per pod over simulated time at ${JSON.stringify(last.point)}.`, charts: [{ name: 'pods', spec: podTimelineSpec(podSamples(last.detail), { title: `${r.scenario}: per-pod load` }) }] }]
      : []),
  ];
  return writeReport(dir, {
    title: `fleetsim sweep: ${r.scenario}`,
    sections,
    files: [
      { name: 'sweep.csv', content: sweepCsv(r.axes, r.rows) },
      { name: 'sweep.json', content: JSON.stringify(r.rows.map((row) => row.summary), null, 2) + '\n' },
    ],
  });
}

export async function writeMaxRateReport(dir: string, r: { scenario: string; goodput: number; slo: { ttftP95?: number; tpotP95?: number }; result: MaxRateResult }): Promise<string[]> {
  const probes = r.result.probes;
  const axis = [{ path: 'workload.arrival.rate', values: probes.map((p) => p.rate) }];
  const rows = probes.map((p) => ({ point: p.summary.point, summary: p.summary }));
  const curves = curvePoints(rows, axis, () => r.scenario, ['ttft.p95', 'tpot.p95', 'throughput.outputTokensPerSec', 'slo.goodput']);
  const targets = [r.slo.ttftP95 !== undefined && `TTFT p95 ≤ ${r.slo.ttftP95} s`, r.slo.tpotP95 !== undefined && `TPOT p95 ≤ ${r.slo.tpotP95} s`].filter(Boolean).join(', ');
  const verdict = r.result.maxRate === undefined ? 'No rate probed meets the SLO.' : `Max rate: ${num(r.result.maxRate, 3)} req/s${r.result.failRate !== undefined ? ` (${num(r.result.failRate, 3)} req/s misses)` : ' (search ceiling reached)'}.`;
  const csvRows = probes.map((p) => ({ rate: p.rate, attainment: p.attainment, meets: p.ok, ...csvFigures(p.summary) }));
  return writeReport(dir, {
    title: `fleetsim find-max-rate: ${r.scenario}`,
    intro: `SLO: ${targets}; a rate meets it when ≥ ${pct(r.goodput)} of requests do. ${verdict}`,
    sections: [
      { heading: 'Probes', charts: [{ name: 'probes', spec: curvesSpec(curves, { title: `${r.scenario}: probes`, xTitle: 'arrival rate (req/s)', metrics: metricAxes(['ttft.p95', 'tpot.p95', 'throughput.outputTokensPerSec', 'slo.goodput']) }) }] },
      { heading: 'Table', table: { header: ['rate req/s', 'in SLO', 'meets', 'TTFT p95 ms', 'TPOT p95 ms', 'out tok/s'], rows: probes.map((p) => [num(p.rate, 3), pct(p.attainment), p.ok ? 'yes' : 'no', ms(p.summary.ttft.p95), ms(p.summary.tpot.p95), num(p.summary.throughput.outputTokensPerSec, 0)]) } },
    ],
    files: [{ name: 'probes.csv', content: toCsv(csvRows) }],
  });
}
