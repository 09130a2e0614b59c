/**
 * Experiment results → the plain data the report charts take (src/report/charts/types.ts).
 * Series are named by what differs: the arm of an A/B, or the point of a sweep.
 */
import type { CdfSeries, CurvePoint, PodSample } from '../../report/charts/types.js';
import type { Summary } from '../../sim/metrics/summary.js';
import { METRICS, metricValue } from '../metrics.js';
import type { RunDetail } from '../run.js';
import type { Point, SweepAxis } from '../sweep.js';

/** The figures drawn against the swept value, each in its own panel. */
export const CURVE_METRICS = ['ttft.p50', 'ttft.p95', 'tpot.p95', 'throughput.outputTokensPerSec', 'prefixCache.hitRate', 'slo.goodput'];

/** The latency CDF panels, log x: latencies span milliseconds to minutes under overload. */
export const CDF_AXES = [
  { key: 'ttft', title: 'TTFT (s)', log: true },
  { key: 'tpot', title: 'TPOT (s)', log: true },
  { key: 'e2e', title: 'E2E latency (s)', log: true },
];

export function metricAxes(keys: readonly string[]) {
  return keys.map((key) => ({ key, title: `${METRICS[key]?.label ?? key}${unitSuffix(METRICS[key]?.unit)}`, log: key.startsWith('ttft') }));
}

function unitSuffix(unit: string | undefined): string {
  return unit === 's' ? ' (s)' : unit === 'fraction' ? ' (0–1)' : unit ? ` (${unit})` : '';
}

/**
 * The axis drawn along x: the first whose values are all numbers (a rate ladder); the other axes'
 * values name the series. Undefined when no axis is numeric (then x is the point's index).
 */
export function xAxisOf(axes: readonly SweepAxis[]): SweepAxis | undefined {
  return axes.find((a) => a.values.every((v) => typeof v === 'number'));
}

export function seriesOf(point: Point, x: SweepAxis | undefined, fallback: string): string {
  const rest = Object.entries(point).filter(([k]) => k !== x?.path);
  return rest.length === 0 ? fallback : rest.map(([k, v]) => `${k.split('.').pop()}=${String(v)}`).join(', ');
}

export function curvePoints(rows: readonly { point: Point; summary: Summary }[], axes: readonly SweepAxis[], series: (row: { point: Point }) => string, keys = CURVE_METRICS): CurvePoint[] {
  const x = xAxisOf(axes);
  const out: CurvePoint[] = [];
  rows.forEach((row, i) => {
    const xv = x ? (row.point[x.path] as number) : i + 1;
    for (const key of keys) {
      const value = metricValue(row.summary, key);
      if (Number.isFinite(value)) out.push({ series: series(row), x: xv, metric: key, value });
    }
  });
  return out;
}

export function cdfSeries(detail: RunDetail, series: string): CdfSeries[] {
  return detail.cdf.filter((c) => c.quantiles.length > 0).map((c) => ({ series, metric: c.metric, quantiles: c.quantiles }));
}

export function podSamples(detail: RunDetail, series?: string): PodSample[] {
  const { pods, samples } = detail.timeline;
  const out: PodSample[] = [];
  for (const s of samples) {
    pods.forEach((pod, i) => out.push({ t: s.t, pod, kvUtil: s.kvUtil[i], waiting: s.waiting[i], running: s.running[i], ...(series !== undefined && { series }) }));
  }
  return out;
}

/** At most `n` items spread evenly, first and last included (CDF panels stay readable). */
export function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.round((i * (items.length - 1)) / (n - 1))]);
}
