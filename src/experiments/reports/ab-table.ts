import { formatTable } from '../../report/table.js';
import type { AbPlan, AbPointResult } from '../ab/ab.js';
import { METRICS } from '../metrics.js';
import { formatDiffIn, formatIn, signed } from './format.js';

const CURVE_COLUMNS: [string, string][] = [
  ['ttft.p50', 'TTFT p50'],
  ['ttft.p95', 'TTFT p95'],
  ['throughput.outputTokensPerSec', 'out tok/s'],
  ['prefixCache.hitRate', 'hit rate'],
];

/**
 * Over a sweep, one line per point: A and B side by side for the headline figures, with B's
 * ratio to A and the TTFT p95 verdict; the per-metric intervals are in the report.
 */
export function renderAbCurveTable(results: readonly AbPointResult[]): string {
  const axes = [...new Set(results.flatMap((r) => Object.keys(r.point)))];
  const header = [...axes.map((k) => k.split('.').pop()!), ...CURVE_COLUMNS.flatMap(([, l]) => [`${l} A`, `${l} B`]), 'TTFT p50 A÷B', 'TTFT p95'];
  const rows = results.map((r) => {
    const d = (key: string) => r.deltas.find((x) => x.metric === key);
    const cells = CURVE_COLUMNS.flatMap(([key]) => {
      const x = d(key);
      const unit = METRICS[key]?.unit ?? '';
      return x ? [formatIn(unit, x.a), formatIn(unit, x.b)] : ['–', '–'];
    });
    const p50 = d('ttft.p50');
    const ratio = p50 && p50.b > 0 ? `${(p50.a / p50.b).toFixed(1)}×` : '–';
    const verdict = d('ttft.p95')?.verdict ?? '–';
    return [...axes.map((k) => String(r.point[k])), ...cells, ratio, verdict === 'no significant difference' ? 'no sig. diff.' : `B ${verdict}`];
  });
  return formatTable([header, ...rows]);
}

/** Per point: each metric's A and B means, B − A with its 95 % interval, relative change, verdict. */
export function renderAbTable(plan: AbPlan, results: readonly AbPointResult[], opts: { details?: boolean } = {}): string {
  const [a, b] = plan.arms;
  const lines = [`A/B: A = ${a.label}, B = ${b.label}; ${plan.replications} replications on common random numbers (seeds ${plan.baseSeed}..${plan.baseSeed + plan.replications - 1})`];
  if (results.length > 1) {
    lines.push('', renderAbCurveTable(results));
    if (!opts.details) return lines.join('\n') + '\n(per-metric 95 % intervals: --details, or the report)\n';
  }
  for (const r of results) {
    const entries = Object.entries(r.point);
    if (entries.length > 0) lines.push('', `point ${entries.map(([k, v]) => `${k}=${String(v)}`).join(', ')}`);
    else lines.push('');
    const rows = r.deltas.map((d) => {
      const unit = METRICS[d.metric]?.unit ?? '';
      return [
        d.label,
        formatIn(unit, d.a),
        formatIn(unit, d.b),
        formatDiffIn(unit, d.diff),
        `[${formatDiffIn(unit, d.lower)}, ${formatDiffIn(unit, d.upper)}]`,
        Number.isFinite(d.relPct) ? `${signed(d.relPct)} %` : '–',
        d.verdict === 'no significant difference' ? 'no sig. difference' : `B ${d.verdict}`,
      ];
    });
    lines.push(formatTable([['metric', 'A', 'B', 'B − A', '95 % CI', 'rel', 'verdict'], ...rows]));
  }
  return lines.join('\n') + '\n';
}
