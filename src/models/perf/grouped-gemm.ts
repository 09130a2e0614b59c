import type { GroupedGemmCurve } from '../hardware/types.js';
import { ascendingAxisProblem } from './piecewise-linear.js';

/**
 * Fraction of the dense GEMM rate a MoE grouped GEMM reaches with `rows` rows per expert: the
 * accelerator's measured curve (hardware/types.ts GroupedGemmCurve), linear in log2(rows) between
 * its points and flat beyond its ends; 1 without a curve. Allocation-free (called every step).
 */
export function groupedGemmRate(curve: GroupedGemmCurve | undefined, rows: number): number {
  if (!curve) return 1;
  const xs = curve.rowsPerExpert;
  const ys = curve.relativeRate;
  const n = xs.length;
  if (!(rows > xs[0])) return ys[0];
  if (rows >= xs[n - 1]) return ys[n - 1];
  let i = 1;
  while (xs[i] < rows) i++;
  const f = Math.log2(rows / xs[i - 1]) / Math.log2(xs[i] / xs[i - 1]);
  return ys[i - 1] + f * (ys[i] - ys[i - 1]);
}

/** Why a curve is unusable (rows not strictly ascending and positive, rates outside (0, 1]), or undefined. */
export function groupedGemmCurveProblem(curve: GroupedGemmCurve): string | undefined {
  const { rowsPerExpert: xs, relativeRate: ys } = curve;
  if (xs.length === 0 || xs.length !== ys.length) return `needs as many rates as rows (got ${xs.length} and ${ys.length})`;
  const axis = ascendingAxisProblem('rowsPerExpert', xs);
  if (axis) return axis;
  for (let i = 0; i < xs.length; i++) {
    if (!(ys[i] > 0 && ys[i] <= 1)) return `relativeRate must be in (0, 1], got ${ys[i]}`;
  }
  return undefined;
}
