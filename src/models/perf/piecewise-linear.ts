/**
 * y(x) through measured points (`xs` ascending): linear between neighbouring points; below the first
 * point, the first's y (a kernel is latency-bound there, so a smaller one takes no less); beyond the
 * last, on along the last segment's slope, or `tailSlope` when given (a single point has no
 * segment). The measured-kernel curves and tables (decode attention, GEMMs, TP all-reduces, fused
 * MoE) all extend this way. The returned function is called several times a step and allocates
 * nothing: the points are copied once into typed arrays (so every curve's lookups see one element
 * kind), and it starts from the segment the previous call used (consecutive steps have similar
 * batches), falling back to a binary search; a linear scan over a 24-row GEMM table was ~10 % of a
 * BF16 H100 run's CPU.
 */
export function createPiecewiseLinear(xs: ArrayLike<number>, ys: ArrayLike<number>, tailSlope?: number): (x: number) => number {
  const n = xs.length;
  if (n === 0 || ys.length !== n) throw new Error(`a piecewise-linear curve needs as many y as x values (got ${n} and ${ys.length})`);
  const slope = tailSlope ?? (n > 1 ? (ys[n - 1] - ys[n - 2]) / (xs[n - 1] - xs[n - 2]) : NaN);
  if (!Number.isFinite(slope)) throw new Error('a single-point curve needs a tail slope');
  const px = Float64Array.from(xs);
  const py = Float64Array.from(ys);
  const first = px[0];
  const last = px[n - 1];
  let hint = 1; // the segment [px[hint - 1], px[hint]] the last interior lookup fell in
  return (x) => {
    if (!(x > first)) return py[0];
    if (x >= last) return py[n - 1] + (x - last) * slope;
    let i = hint;
    if (!(px[i - 1] < x && x <= px[i])) {
      let lo = 1;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (px[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      i = hint = lo;
    }
    return py[i - 1] + ((x - px[i - 1]) / (px[i] - px[i - 1])) * (py[i] - py[i - 1]);
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
