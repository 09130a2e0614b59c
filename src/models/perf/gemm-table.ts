import type { Efficiencies, GemmTable, KernelRuntime, Precision } from '../hardware/types.js';
import { ascendingAxisProblem, createPiecewiseLinear } from './piecewise-linear.js';

/**
 * Seconds one GEMM of M rows × K inputs → N outputs takes, from the accelerator's measured kernel
 * times (hardware/types.ts GemmTable), for one weight shape (N, K) fixed when a step-time model is
 * built:
 * - across (N, K), bilinear in N and K of the time at each measured M. A GEMM's time is close to
 *   a + b·N + c·K + d·N·K (launch, output write, activation read, weights and FLOPs), which bilinear
 *   interpolation reproduces exactly; it beat bilinear-in-log N, K (of time or log time) and
 *   N·K-scaling on the left-out grid points (scripts/gemm-tables.mjs <name> --check).
 *   Beyond the largest N (or K) the time grows in proportion (a GEMM twice as wide is two side by
 *   side); below the smallest it is the smallest's (latency-bound there);
 * - across M, linear between measured rows; below the first, the first's time; beyond the last,
 *   on at the last segment's seconds per row.
 * The column over M is computed once here; the returned function is allocation-free (every step).
 */
export function createGemmTableSeconds(table: GemmTable, n: number, k: number): (m: number) => number {
  const [i, u, scaleN] = locate(table.ns, n);
  const [j, v, scaleK] = locate(table.ks, k);
  const ms = table.ms;
  const cell = (a: number, b: number, l: number): number => table.micros[a][b][l];
  const col = ms.map((_, l) => {
    const lowK = cell(i, j, l) + u * (cell(i + 1, j, l) - cell(i, j, l));
    const highK = cell(i, j + 1, l) + u * (cell(i + 1, j + 1, l) - cell(i, j + 1, l));
    return (lowK + v * (highK - lowK)) * scaleN * scaleK * 1e-6;
  });
  return createPiecewiseLinear(ms, col);
}

/**
 * The measured GEMM table a deployment's dense layers take: the chip's table for the weight
 * precision, unless it is one runtime's own kernel (`runtimes`) and the deployment runs another
 * (or names none).
 */
export function measuredGemmTable(e: Efficiencies, precision: Precision, runtime: KernelRuntime | undefined): GemmTable | undefined {
  const t = e.gemmTable?.[precision];
  return t && (!t.runtimes || (runtime !== undefined && t.runtimes.includes(runtime))) ? t : undefined;
}

/** [lower index, weight of the upper point, scale beyond the last point] of x on an ascending axis. */
function locate(xs: readonly number[], x: number): [number, number, number] {
  const last = xs.length - 1;
  if (x >= xs[last]) return [last - 1, 1, x / xs[last]];
  if (!(x > xs[0])) return [0, 0, 1];
  let i = 0;
  while (xs[i + 1] < x) i++;
  return [i, (x - xs[i]) / (xs[i + 1] - xs[i]), 1];
}

/**
 * Why a table is unusable, or undefined: each axis needs two or more positive ascending sizes,
 * `micros` one positive finite time per (N, K, M), non-decreasing in M (more rows never take less
 * time), and a source.
 */
export function gemmTableProblem(t: GemmTable): string | undefined {
  if (t.runtimes !== undefined && t.runtimes.length === 0) return 'runtimes, when given, names at least one runtime';
  for (const [name, xs] of [['ms', t.ms], ['ns', t.ns], ['ks', t.ks]] as const) {
    if (xs.length < 2) return `${name} needs at least two sizes, got ${xs.length}`;
    const axis = ascendingAxisProblem(name, xs);
    if (axis) return axis;
  }
  if (t.micros.length !== t.ns.length) return `micros needs one entry per N (${t.ns.length}), got ${t.micros.length}`;
  for (let a = 0; a < t.ns.length; a++) {
    if (t.micros[a].length !== t.ks.length) return `micros[${a}] (N ${t.ns[a]}) needs one entry per K (${t.ks.length}), got ${t.micros[a].length}`;
    for (let b = 0; b < t.ks.length; b++) {
      const row = t.micros[a][b];
      const at = `micros[${a}][${b}] (N ${t.ns[a]}, K ${t.ks[b]})`;
      if (row.length !== t.ms.length) return `${at} needs one time per M (${t.ms.length}), got ${row.length}`;
      for (let l = 0; l < row.length; l++) {
        if (!(row[l] > 0 && Number.isFinite(row[l]))) return `${at} at M ${t.ms[l]} must be a positive finite time, got ${row[l]}`;
        if (l > 0 && row[l] < row[l - 1]) return `${at} falls from M ${t.ms[l - 1]} to M ${t.ms[l]} (${row[l - 1]} → ${row[l]} µs)`;
      }
    }
  }
  if (t.source.trim() === '') return 'source must name where the times were measured';
  return undefined;
}
