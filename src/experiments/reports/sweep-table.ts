import { formatTable } from '../../report/table.js';
import type { MaxRateResult } from '../max-rate.js';
import type { SweepAxis, SweepRow } from '../sweep.js';
import { ms, num, pct } from './format.js';

export const SWEEP_TABLE_HEAD = ['completed', 'out tok/s', 'TTFT p50 ms', 'TTFT p95 ms', 'TPOT p95 ms', 'hit rate', 'in SLO'];

export function sweepFigures(row: SweepRow): string[] {
  const s = row.summary;
  return [
    String(s.requests.completed),
    num(s.throughput.outputTokensPerSec, 0),
    ms(s.ttft.p50),
    ms(s.ttft.p95),
    ms(s.tpot.p95),
    pct(s.prefixCache.hitRate),
    Object.keys(s.slo.targets).length > 0 ? pct(s.slo.goodput) : '–',
  ];
}

/** One line per point: the axes' values, then the headline figures. */
export function renderSweepTable(scenario: string, axes: readonly SweepAxis[], rows: readonly SweepRow[]): string {
  const header = [...axes.map((a) => a.path), ...SWEEP_TABLE_HEAD];
  const body = rows.map((r) => [...axes.map((a) => String(r.point[a.path])), ...sweepFigures(r)]);
  return `sweep of ${scenario}: ${rows.length} points\n\n${formatTable([header, ...body])}\n`;
}

export function renderMaxRateTable(scenario: string, goodput: number, r: MaxRateResult): string {
  const body = r.probes.map((p) => [num(p.rate, 3), pct(p.attainment), p.ok ? 'yes' : 'no', ms(p.summary.ttft.p95), ms(p.summary.tpot.p95), num(p.summary.throughput.outputTokensPerSec, 0)]);
  const table = formatTable([['rate req/s', 'in SLO', 'meets', 'TTFT p95 ms', 'TPOT p95 ms', 'out tok/s'], ...body]);
  const verdict =
    r.maxRate === undefined
      ? `no rate probed meets the SLO for ${pct(goodput)} of requests (lowest probe ${num(r.probes[0]?.rate ?? 0, 3)} req/s)`
      : r.failRate === undefined
        ? `every rate probed meets the SLO: max rate ≥ ${num(r.maxRate, 3)} req/s (search ceiling)`
        : `max rate meeting the SLO for ≥ ${pct(goodput)} of requests: ${num(r.maxRate, 3)} req/s (${num(r.failRate, 3)} req/s misses)`;
  return `find-max-rate of ${scenario}\n\n${table}\n\n${verdict}\n`;
}
