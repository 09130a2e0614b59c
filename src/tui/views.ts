/**
 * The terminal UI's screens as plain lines fitted to a width: the candidates table, the selected
 * fleet's TTFT-vs-rate chart and its per-pod stats. Pure; the ink components only colour them.
 */
import { renderChart, type ChartPoint } from './chart.js';
import type { Row } from './state.js';

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

/** Header and rows of the candidates table, a window of `height` rows that keeps the selection in view. */
export function tableLines(rows: readonly Row[], selectedId: string | undefined, width: number, height: number): { header: string; lines: { text: string; selected: boolean; live: Row['live'] }[] } {
  // Narrow terminals lose the TTFT column and the long status names' tail before the fleet's id.
  const statusWidth = width < 70 ? 11 : 17;
  const withTtft = width >= 64;
  const idWidth = Math.max(12, Math.min(28, width - 29 - statusWidth - (withTtft ? 7 : 0)));
  const cells = (id: string, status: string, reps: string, gpus: string, cost: string, rate: string, ttft: string) =>
    `${shorten(id, idWidth).padEnd(idWidth)} ${status.padEnd(statusWidth).slice(0, statusWidth)} ${reps.padStart(4)} ${gpus.padStart(4)} ${cost.padStart(8)} ${rate.padStart(7)}${withTtft ? ` ${ttft.padStart(6)}` : ''}`;
  const header = fit(cells('candidate', 'status', 'reps', 'GPUs', '$/h', 'SLO r/s', 'TTFT95'), width);
  const sel = Math.max(0, rows.findIndex((r) => r.result.config.id === selectedId));
  const start = Math.min(Math.max(0, sel - Math.floor(height / 2)), Math.max(0, rows.length - height));
  const lines = rows.slice(start, start + height).map((r) => {
    const x = r.result;
    const rate = x.fleetRate ?? x.replicaRate;
    return {
      text: fit(cells(x.config.id, r.live, x.replicas === undefined ? '-' : String(x.replicas), x.gpus === undefined ? '-' : String(x.gpus), money(x.costPerHour), num(rate, 1), num(x.atTarget?.ttft.p95)), width),
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

/** The fleet's run at the target rate: its figures, then one line per pod from `podsOffset`. */
export function podLines(row: Row, width: number, height: number, podsOffset: number): string[] {
  const s = row.result.atTarget;
  if (!s) return [fit('no run at the target rate', width)];
  const r = row.result;
  const head = [
    fit(`${r.config.id} × ${r.replicas} replicas (${r.gpus} GPUs, ${money(r.costPerHour)}/h): ${r.status}; served ${num(s.throughput.requestsPerSec, 1)} req/s`, width),
    fit(`TTFT p50 ${num(s.ttft.p50, 3)} s, p95 ${num(s.ttft.p95, 3)} s · TPOT p95 ${num(s.tpot.p95, 4)} s · goodput ${(s.slo.goodput * 100).toFixed(1)} % · ${num(s.throughput.outputTokensPerSec, 0)} out tok/s`, width),
    fit(`${'pod'.padEnd(18)} ${'requests'.padStart(8)} ${'KV util'.padStart(8)} ${'queue'.padStart(7)} ${'running'.padStart(8)} ${'steps'.padStart(8)} ${'blocks'.padStart(8)}`, width),
  ];
  const pods = s.pods.slice(podsOffset, podsOffset + Math.max(1, height - head.length)).map((p) =>
    fit(`${p.name.padEnd(18).slice(0, 18)} ${String(p.requests).padStart(8)} ${`${(p.kvUtilMean * 100).toFixed(1)}%`.padStart(8)} ${num(p.queueMean, 1).padStart(7)} ${num(p.runningMean, 1).padStart(8)} ${String(p.steps).padStart(8)} ${String(p.numGpuBlocks).padStart(8)}`, width),
  );
  return [...head, ...pods];
}
