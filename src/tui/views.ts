/**
 * The terminal UI's screens as plain lines fitted to a width: the candidates table, the selected
 * fleet's TTFT-vs-rate chart, its per-pod stats and its over-time comparison. Pure; the ink
 * components only colour them.
 */
import { NO_TIER, tierLabel } from '../experiments/plan/axes.js';
import type { CandidateConfig } from '../experiments/plan/candidates.js';
import { renderOverTimeTable } from '../experiments/reports/over-time-report.js';
import { renderChart, type ChartPoint } from './chart.js';
import type { OverTimeView, Row } from './state.js';

/** Cuts or pads a line to exactly `width` columns. */
export function fit(line: string, width: number): string {
  return line.length > width ? line.slice(0, Math.max(0, width - 1)) + '…' : line.padEnd(width);
}

/** An id cut to `width` from the middle: the accelerator's head and the TP's tail both stay readable. */
export function shorten(id: string, width: number): string {
  if (id.length <= width) return id;
  const tail = Math.min(7, Math.floor((width - 1) / 2));
  return `${id.slice(0, width - 1 - tail)}…${id.slice(id.length - tail)}`;
}

const money = (v: number | undefined) => (v === undefined ? '-' : `$${v.toFixed(v >= 100 ? 0 : 2)}`);
const num = (v: number | undefined, digits = 2) => (v === undefined ? '-' : v.toFixed(digits));

/** `1:2` prefill:decode pods per unit, `agg` for aggregated pods. */
const pdLabel = (c: CandidateConfig) => (c.pd ? `${c.pd.prefill}:${c.pd.decode}` : 'agg');
const kvLabel = (c: CandidateConfig) => c.kvTier?.name ?? 'none';

/**
 * The axes the table gives a column: P/D and KV tier once a candidate has a split or a tier,
 * router once the aggregated candidates differ in it (P/D ones all take the P/D router).
 */
function axisColumns(rows: readonly Row[]): { pd: boolean; kv: boolean; routerWidth: number } {
  const configs = rows.map((r) => r.result.config);
  const routers = new Set(configs.filter((c) => !c.pd).map((c) => c.router));
  return {
    pd: configs.some((c) => c.pd),
    kv: configs.some((c) => kvLabel(c) !== 'none'),
    // as wide as the longest name (shipped configs' are up to 20), 0: no column
    routerWidth: routers.size > 1 ? Math.min(20, Math.max(6, ...configs.map((c) => c.router.length))) : 0,
  };
}

/** Header and rows of the candidates table, a window of `height` rows that keeps the selection in view. */
export function tableLines(rows: readonly Row[], selectedId: string | undefined, width: number, height: number): { header: string; lines: { text: string; selected: boolean; live: Row['live'] }[] } {
  const axes = axisColumns(rows);
  const axesWidth = (axes.pd ? 6 : 0) + (axes.kv ? 9 : 0) + (axes.routerWidth > 0 ? axes.routerWidth + 1 : 0);
  // Narrow terminals lose the TTFT column and the long status names' tail before the fleet's id.
  const room = width - axesWidth;
  const statusWidth = room < 70 ? 11 : 17;
  const withTtft = room >= 64;
  const idWidth = Math.max(12, Math.min(28, room - 29 - statusWidth - (withTtft ? 7 : 0)));
  const axisCells = (pd: string, kv: string, router: string) => `${axes.pd ? ` ${pd.padEnd(5)}` : ''}${axes.kv ? ` ${kv.padEnd(8)}` : ''}${axes.routerWidth > 0 ? ` ${shorten(router, axes.routerWidth).padEnd(axes.routerWidth)}` : ''}`;
  const cells = (id: string, axis: string, status: string, reps: string, gpus: string, cost: string, rate: string, ttft: string) =>
    `${shorten(id, idWidth).padEnd(idWidth)}${axis} ${status.padEnd(statusWidth).slice(0, statusWidth)} ${reps.padStart(4)} ${gpus.padStart(4)} ${cost.padStart(8)} ${rate.padStart(7)}${withTtft ? ` ${ttft.padStart(6)}` : ''}`;
  // With the axes in columns, the id column keeps what they leave: accelerator, precision, TP.
  const shownId = (c: CandidateConfig) => (axesWidth > 0 ? `${c.accelerator}-${c.precision}-tp${c.tensorParallel}` : c.id);
  const header = fit(cells('candidate', axisCells('P/D', 'KV tier', 'router'), 'status', 'reps', 'GPUs', '$/h', 'SLO r/s', 'TTFT95'), width);
  const sel = Math.max(0, rows.findIndex((r) => r.result.config.id === selectedId));
  const start = Math.min(Math.max(0, sel - Math.floor(height / 2)), Math.max(0, rows.length - height));
  const lines = rows.slice(start, start + height).map((r) => {
    const x = r.result;
    const rate = x.fleetRate ?? x.replicaRate;
    return {
      text: fit(cells(shownId(x.config), axisCells(pdLabel(x.config), kvLabel(x.config), x.config.router), r.live, x.replicas === undefined ? '-' : String(x.replicas), x.gpus === undefined ? '-' : String(x.gpus), money(x.costPerHour), num(rate, 1), num(x.atTarget?.ttft.p95)), width),
      selected: x.config.id === selectedId,
      live: r.live,
    };
  });
  return { header, lines };
}

/**
 * TTFT p95 against rate for the selected fleet: one replica's probes at N × their rate (o met the
 * SLO, x missed it), the whole fleet's run at the target (#), the SLO target as a dashed line.
 */
export function chartLines(row: Row | undefined, sloTtft: number | undefined, targetRate: number | undefined, width: number, height: number): string[] {
  if (!row) return [];
  const r = row.result;
  const n = r.replicas ?? 1;
  const points: ChartPoint[] = (r.probes ?? []).map((p) => ({ x: p.rate * n, y: p.ttftP95, mark: p.ok ? 'o' : 'x' }));
  const target = r.atTarget;
  if (target && targetRate !== undefined) points.push({ x: targetRate, y: target.ttft.p95, mark: '#' });
  const title = fit(`TTFT p95 (s) vs fleet req/s, ${r.config.id}${n > 1 ? `: one replica's probes × ${n}` : ''}; o met, x missed, ^ off the top, # the fleet at the target`, width);
  if (points.length === 0) return [title, r.status === 'pruned' ? fit(`pruned: ${r.reason ?? ''}`, width) : '(no probes yet)'];
  // Past 4 × the SLO a probe has failed anyway; capping the axis keeps the SLO line readable.
  const yCap = sloTtft === undefined ? undefined : sloTtft * 4;
  return [title, ...renderChart(points, { width, height: Math.max(2, height - 3), yLine: sloTtft, yCap }).map((l) => fit(l, width))];
}

/** What a P/D or tiered fleet's replica is (its id's `-p1d2-kvcpu`), the tier with its sizes; nothing for a plain pod. */
function shapeLines(c: CandidateConfig): string[] {
  if (!c.pd && kvLabel(c) === 'none') return [];
  const unit = c.pd ? `a P/D unit of ${c.pd.prefill} prefill + ${c.pd.decode} decode pods` : 'one pod';
  return [`each replica: ${unit}; KV offload per pod: ${tierLabel(c.kvTier ?? NO_TIER, c.tensorParallel)}`];
}

/** The fleet's run at the target rate: its figures, then one line per pod from `podsOffset`. */
export function podLines(row: Row, width: number, height: number, podsOffset: number): string[] {
  const s = row.result.atTarget;
  if (!s) return [fit('no run at the target rate', width)];
  const r = row.result;
  const head = [
    fit(`${r.config.id} × ${r.replicas} replicas (${r.gpus} GPUs, ${money(r.costPerHour)}/h): ${r.status}; served ${num(s.throughput.requestsPerSec, 1)} req/s`, width),
    ...shapeLines(r.config).map((l) => fit(l, width)),
    fit(`TTFT p50 ${num(s.ttft.p50, 3)} s, p95 ${num(s.ttft.p95, 3)} s · TPOT p95 ${num(s.tpot.p95, 4)} s · goodput ${(s.slo.goodput * 100).toFixed(1)} % · ${num(s.throughput.outputTokensPerSec, 0)} out tok/s`, width),
    fit(`${'pod'.padEnd(18)} ${'requests'.padStart(8)} ${'KV util'.padStart(8)} ${'queue'.padStart(7)} ${'running'.padStart(8)} ${'steps'.padStart(8)} ${'blocks'.padStart(8)}`, width),
  ];
  const pods = s.pods.slice(podsOffset, podsOffset + Math.max(1, height - head.length)).map((p) =>
    fit(`${p.name.padEnd(18).slice(0, 18)} ${String(p.requests).padStart(8)} ${`${(p.kvUtilMean * 100).toFixed(1)}%`.padStart(8)} ${num(p.queueMean, 1).padStart(7)} ${num(p.runningMean, 1).padStart(8)} ${String(p.steps).padStart(8)} ${String(p.numGpuBlocks).padStart(8)}`, width),
  );
  return [...head, ...pods];
}

/** static, wva-saturation, wva-qos: the day runs overTime makes. */
const NUM_ARMS = 3;

/** The over-time comparison: its progress while the days run, then plan --over-time's own table and verdict. */
export function overTimeLines(ot: OverTimeView, width: number): string[] {
  if (ot.phase === 'failed') return [fit(ot.message ?? 'over time failed', width)];
  if (ot.phase === 'running' || !ot.result) {
    const done = ot.armsDone.length > 0 ? ` (done: ${ot.armsDone.join(', ')})` : '';
    return [
      fit(`running ${ot.fleetId} through the whole load, static and autoscaled, on identical traffic…`, width),
      fit(`${ot.armsDone.length} of ${NUM_ARMS} days done${done} · ${ot.elapsedSeconds.toFixed(0)} s`, width),
    ];
  }
  const lines = renderOverTimeTable(ot.result).split('\n');
  // The verdict is a sentence: wrapped, not cut; the table's rows keep their columns.
  const verdict = lines.pop()!;
  return [fit(`${ot.fleetId}, done in ${ot.elapsedSeconds.toFixed(1)} s`, width), ...lines.map((l) => fit(l, width)), ...wrap(verdict, width).map((l) => fit(l, width))];
}

/** Words into lines of at most `width` columns (a longer word gets a line of its own, cut by fit). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}
