/**
 * y(x) through measured points (`xs` ascending): linear between neighbouring points; below the first
 * point, the first's y (a kernel is latency-bound there, so a smaller one takes no less); beyond the
 * last, on along the last segment's slope, or `tailSlope` when given (a single point has no
 * segment). The measured-kernel curves and tables (decode attention, GEMMs, TP all-reduces, fused
 * MoE) all extend this way. The points are read, not copied: the caller keeps them unchanged. The
 * returned function allocates nothing (it is called every step): a scan over the few points.
 */
export function createPiecewiseLinear(xs: ArrayLike<number>, ys: ArrayLike<number>, tailSlope?: number): (x: number) => number {
  const n = xs.length;
  if (n === 0 || ys.length !== n) throw new Error(`a piecewise-linear curve needs as many y as x values (got ${n} and ${ys.length})`);
  const slope = tailSlope ?? (n > 1 ? (ys[n - 1] - ys[n - 2]) / (xs[n - 1] - xs[n - 2]) : NaN);
  if (!Number.isFinite(slope)) throw new Error('a single-point curve needs a tail slope');
  return (x) => {
    if (!(x > xs[0])) return ys[0];
    if (x >= xs[n - 1]) return ys[n - 1] + (x - xs[n - 1]) * slope;
    let i = 1;
    while (xs[i] < x) i++;
    return ys[i - 1] + ((x - xs[i - 1]) / (xs[i] - xs[i - 1])) * (ys[i] - ys[i - 1]);
  };
}

/**
 * Why `xs` cannot be a measured curve's axis (every value a positive finite number, each above the
 * one before), or undefined. One message for every measured table's axis check.
 */
export function ascendingAxisProblem(name: string, xs: ArrayLike<number>): string | undefined {
  for (let i = 0; i < xs.length; i++) {
    if (!(xs[i] > 0 && Number.isFinite(xs[i])) || (i > 0 && !(xs[i] > xs[i - 1]))) {
      return `${name} must be positive and ascending, got ${Array.from(xs).join(', ')}`;
    }
  }
  return undefined;
}
