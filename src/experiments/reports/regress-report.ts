import { formatTable } from '../../report/table.js';
import { METRICS } from '../metrics.js';
import type { MetricCheck } from '../regress.js';
import { formatIn, signed } from './format.js';

const STATUS_WORD: Record<MetricCheck['status'], string> = {
  ok: 'ok',
  improved: 'improved',
  regressed: 'REGRESSED',
  new: 'new (no baseline)',
  missing: 'MISSING (in baseline, not in suite)',
};

function cells(c: MetricCheck): string[] {
  const unit = METRICS[c.metric]?.unit ?? '';
  const fmt = (x: number | undefined) => (x === undefined ? '–' : formatIn(unit, x));
  return [c.scenario, c.label, fmt(c.baseline), fmt(c.current), Number.isFinite(c.changePct) ? `${signed(c.changePct)} %` : '–', fmt(c.limit), STATUS_WORD[c.status]];
}

const HEADER = ['scenario', 'metric', 'baseline', 'current', 'change', 'limit', 'status'];

export function renderRegressTable(checks: readonly MetricCheck[]): string {
  return formatTable([HEADER, ...checks.map(cells)]);
}

/** One line a reader can act on: which metric of which scenario moved, by how much, past what. */
export function regressionLines(checks: readonly MetricCheck[]): string[] {
  return checks
    .filter((c) => c.status === 'regressed' || c.status === 'missing')
    .map((c) => {
      if (c.status === 'missing') return `${c.scenario}: ${c.label}: in the baseline but the suite produced no result`;
      const unit = METRICS[c.metric]?.unit ?? '';
      return `${c.scenario}: ${c.label} regressed ${formatIn(unit, c.baseline!)} → ${formatIn(unit, c.current!)} (${signed(c.changePct)} %, limit ${formatIn(unit, c.limit!)})`;
    });
}

/** The Markdown summary (a CI job summary): verdict first, regressions named, then the whole table. */
export function regressMarkdown(suite: string, baseline: string, checks: readonly MetricCheck[], failed: boolean): string {
  const regressions = regressionLines(checks);
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `## fleetsim regress: ${failed ? '❌ routing quality regressed' : '✅ no regression'}`,
    '',
    `Suite \`${suite}\` against \`${baseline}\`: ${new Set(checks.map((c) => c.scenario)).size} scenarios, ${checks.length} checks, ${checks.filter((c) => c.status === 'regressed').length} regressed, ${checks.filter((c) => c.status === 'improved').length} improved.`,
    '',
  ];
  if (regressions.length > 0) lines.push('### Regressions', '', ...regressions.map((r) => `- ${r}`), '');
  lines.push(`| ${HEADER.join(' | ')} |`, `|${HEADER.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`);
  for (const c of checks) lines.push(`| ${cells(c).map(escape).join(' | ')} |`);
  return lines.join('\n') + '\n';
}
