import type { Summary } from '../sim/metrics/summary.js';
import { formatTable, ms, pct } from './table.js';

/** The per-stage table of a rate-ladder run (empty string without stages). It formats only. */
export function renderStages(s: Summary): string {
  if (!s.stages) return '';
  const rows = [['stage', 'rate', 'from s', 'to s', 'arrived', 'done', 'req/s', 'out tok/s', 'TTFT p50', 'TTFT p95', 'TPOT p95', 'hit rate', 'in SLO']];
  s.stages.forEach((st, i) => {
    rows.push([
      String(i),
      String(st.rate),
      st.start.toFixed(0),
      st.end.toFixed(0),
      String(st.requests.arrived),
      String(st.requests.completed),
      st.throughput.requestsPerSec.toFixed(2),
      st.throughput.outputTokensPerSec.toFixed(0),
      ms(st.ttft.p50),
      ms(st.ttft.p95),
      ms(st.tpot.p95),
      pct(st.prefixCache.hitRate),
      pct(st.slo.goodput),
    ]);
  });
  const l = s.ladder;
  const ladder = l
    ? `peak stage output ${l.peakOutputTokensPerSec.toFixed(0)} tok/s at ${l.peakOutputRate} QPS` +
      (l.sloRate !== undefined ? `; highest stage holding the SLO from the bottom: ${l.sloRate > 0 ? `${l.sloRate} QPS` : 'none'}` : '') +
      '\n'
    : '';
  return `\nper load stage (latency in ms; figures by the stage a request arrived in)\n${formatTable(rows)}\n${ladder}`;
}
