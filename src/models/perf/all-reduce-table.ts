import type { Accelerator, AllReduceTable, KernelRuntime } from '../hardware/types.js';
import { ascendingAxisProblem, createPiecewiseLinear } from './piecewise-linear.js';

/**
 * Seconds one TP all-reduce of `bytes` takes at `tensorParallel` GPUs, from a runtime's measured
 * kernel times (hardware/types.ts AllReduceTable): linear in bytes between measured sizes; below
 * the smallest, the smallest's time (latency-bound there: the measured times are flat below ~64 KiB);
 * beyond the largest, on at the last segment's seconds per byte (bandwidth-bound there). Undefined
 * when the table has no row for this TP. The returned function allocates nothing (every step).
 */
export function createAllReduceTableSeconds(table: AllReduceTable, tensorParallel: number): ((bytes: number) => number) | undefined {
  const row = table.micros[tensorParallel];
  if (!row) return undefined;
  return createPiecewiseLinear(table.bytes, row.map((us) => us * 1e-6));
}

/**
 * The measured TP all-reduce of `runtime` on this chip at this TP degree, or undefined where there
 * is none (no runtime given, none measured for it on this chip, or not at this TP): the caller then
 * keeps the link model (collectives.ts allReduceCost).
 */
export function measuredAllReduce(
  acc: Accelerator,
  runtime: KernelRuntime | undefined,
  tensorParallel: number,
): ((bytes: number) => number) | undefined {
  const table = runtime === undefined || tensorParallel <= 1 ? undefined : acc.efficiency.allReduce?.[runtime];
  return table && createAllReduceTableSeconds(table, tensorParallel);
}

/**
 * Why a table is unusable, or undefined: two or more positive ascending sizes, at least one TP
 * degree (an integer ≥ 2), each with one positive finite time per size rising over the last two
 * sizes, and a source. Elsewhere times may fall with size: a runtime switches kernels at set sizes,
 * and a measured dip is kept.
 */
export function allReduceTableProblem(t: AllReduceTable): string | undefined {
  const xs = t.bytes;
  if (xs.length < 2) return `bytes needs at least two sizes, got ${xs.length}`;
  const axis = ascendingAxisProblem('bytes', xs);
  if (axis) return axis;
  const tps = Object.keys(t.micros);
  if (tps.length === 0) return 'micros needs at least one TP degree';
  for (const key of tps) {
    const tp = Number(key);
    if (!Number.isInteger(tp) || tp < 2) return `micros is keyed by TP degree (an integer ≥ 2), got ${key}`;
    const row = t.micros[tp] as readonly number[];
    if (row.length !== xs.length) return `micros[${tp}] needs one time per size (${xs.length}), got ${row.length}`;
    for (let i = 0; i < row.length; i++) {
      if (!(row[i] > 0 && Number.isFinite(row[i]))) return `micros[${tp}] at ${xs[i]} bytes must be a positive finite time, got ${row[i]}`;
    }
    const n = xs.length - 1;
    if (!(row[n] > row[n - 1])) return `micros[${tp}] must rise over its last two sizes (beyond them it extends at that rate), got ${row[n - 1]} → ${row[n]} µs`;
  }
  if (t.source.trim() === '') return 'source must name where the times were measured';
  return undefined;
}
