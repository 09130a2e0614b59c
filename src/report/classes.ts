import type { Summary } from '../sim/metrics/summary.js';
import { formatTable, ms, pct } from './table.js';

/** The per-class table of a multi-tenant run (empty string without classes). It formats only. */
export function renderClasses(s: Summary): string {
  if (!s.classes) return '';
  const rows = [['class', 'prio', 'adapter', 'arrived', 'done', 'req/s', 'TTFT p50', 'TTFT p95', 'TPOT p95', 'hit rate', 'in SLO', 'SLO']];
  for (const [name, c] of Object.entries(s.classes)) {
    rows.push([
      name,
      String(c.priority),
      c.adapter ?? '-',
      String(c.requests.arrived),
      String(c.requests.completed),
      c.throughput.requestsPerSec.toFixed(2),
      ms(c.ttft.p50),
      ms(c.ttft.p95),
      ms(c.tpot.p95),
      pct(c.prefixCache.hitRate),
      pct(c.slo.goodput),
      c.slo.targets.ttftP95 === undefined && c.slo.targets.tpotP95 === undefined ? '-' : c.slo.met ? 'met' : 'NOT met',
    ]);
  }
  return `\nper class (latency in ms)\n${formatTable(rows)}\n`;
}
