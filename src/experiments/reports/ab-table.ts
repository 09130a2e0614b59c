import { formatTable } from '../../report/table.js';
import type { AbPlan, AbPointResult } from '../ab/ab.js';
import { METRICS } from '../metrics.js';
import { formatDiffIn, formatIn, signed } from './format.js';

/** Per point: each metric's A and B means, B − A with its 95 % interval, relative change, verdict. */
export function renderAbTable(plan: AbPlan, results: readonly AbPointResult[]): string {
  const [a, b] = plan.arms;
  const lines = [`A/B: A = ${a.label}, B = ${b.label}; ${plan.replications} replications on common random numbers (seeds ${plan.baseSeed}..${plan.baseSeed + plan.replications - 1})`];
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
