/**
 * The summary figures experiments compare, with the direction that counts as better. One list, so
 * a sweep's CSV, an A/B verdict and a regression gate agree on what "TTFT p95" is and which way
 * is good.
 */
import type { Summary } from '../sim/metrics/summary.js';

export type Unit = 's' | 'tok/s' | 'req/s' | 'fraction' | 'count';

export interface MetricDef {
  /** A path into summary.json. */
  key: string;
  label: string;
  unit: Unit;
  lowerIsBetter: boolean;
}

const m = (key: string, label: string, unit: Unit, lowerIsBetter: boolean): MetricDef => ({ key, label, unit, lowerIsBetter });

export const METRICS: Record<string, MetricDef> = Object.fromEntries(
  [
    m('ttft.p50', 'TTFT p50', 's', true),
    m('ttft.p90', 'TTFT p90', 's', true),
    m('ttft.p95', 'TTFT p95', 's', true),
    m('ttft.p99', 'TTFT p99', 's', true),
    m('ttft.mean', 'TTFT mean', 's', true),
    m('tpot.p50', 'TPOT p50', 's', true),
    m('tpot.p95', 'TPOT p95', 's', true),
    m('tpot.p99', 'TPOT p99', 's', true),
    m('itl.p50', 'ITL p50', 's', true),
    m('itl.p95', 'ITL p95', 's', true),
    m('e2e.p50', 'E2E p50', 's', true),
    m('e2e.p95', 'E2E p95', 's', true),
    m('throughput.outputTokensPerSec', 'output tok/s', 'tok/s', false),
    m('throughput.inputTokensPerSec', 'input tok/s', 'tok/s', false),
    m('throughput.requestsPerSec', 'req/s', 'req/s', false),
    m('prefixCache.hitRate', 'prefix hit rate', 'fraction', false),
    m('slo.goodput', 'SLO goodput', 'fraction', false),
    m('requests.preempted', 'preemptions', 'count', true),
    m('requests.rejected', 'rejected', 'count', true),
    m('ladder.peakOutputTokensPerSec', 'peak stage output tok/s', 'tok/s', false),
    m('ladder.sloRate', 'highest stage within SLO', 'req/s', false),
  ].map((d) => [d.key, d]),
);

/**
 * What `fleetsim ab` compares (the list), then a rate ladder's two headline figures, which
 * only runs with load stages have (an A/B drops a metric no run of either arm has).
 */
export const AB_METRIC_KEYS = [
  'ttft.p50', 'ttft.p95', 'ttft.p99', 'tpot.p95', 'throughput.outputTokensPerSec', 'prefixCache.hitRate', 'slo.goodput',
  'ladder.peakOutputTokensPerSec', 'ladder.sloRate',
];

/** The columns of sweep.csv after the point's own. */
export const SWEEP_CSV_KEYS = [
  'requests.arrived', 'requests.completed', 'requests.rejected', 'requests.preempted',
  'throughput.requestsPerSec', 'throughput.inputTokensPerSec', 'throughput.outputTokensPerSec',
  'ttft.mean', 'ttft.p50', 'ttft.p90', 'ttft.p95', 'ttft.p99',
  'tpot.mean', 'tpot.p50', 'tpot.p90', 'tpot.p95', 'tpot.p99',
  'itl.p50', 'itl.p95', 'e2e.p50', 'e2e.p95', 'e2e.p99',
  'prefixCache.hitRate', 'slo.goodput', 'slo.met',
];

/** The figure at a dotted path of a summary; NaN when it is absent or not a number/boolean. */
export function metricValue(summary: Summary, key: string): number {
  let node: unknown = summary;
  for (const k of key.split('.')) {
    if (typeof node !== 'object' || node === null) return NaN;
    node = (node as Record<string, unknown>)[k];
  }
  if (typeof node === 'boolean') return node ? 1 : 0;
  return typeof node === 'number' ? node : NaN;
}
