/**
 * Paired-difference statistics for A/B runs on common random numbers: replication r of both arms
 * sees the same arrivals and lengths, so the difference B − A of each replication cancels the
 * traffic's noise and a paired t interval on the differences is far tighter than comparing means.
 */

/** Two-sided 95 % Student t quantiles t(0.975, df) for df = 1..30 (standard tables). */
const T975 = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
  2.200985, 2.178813, 2.160369, 2.144787, 2.13145, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
  2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.04523, 2.042272,
];

const Z975 = 1.959963984540054;

/** t(0.975, df): the table to 30, a Cornish–Fisher expansion beyond (error < 1e-5 there). */
export function t975(df: number): number {
  if (!(df >= 1) || !Number.isInteger(df)) throw new RangeError(`degrees of freedom must be a positive integer, got ${df}`);
  if (df <= T975.length) return T975[df - 1];
  const z = Z975;
  const z3 = z ** 3, z5 = z ** 5, z7 = z ** 7;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n − 1), as mathjs std() computes it. */
export function sampleStd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

export interface PairedInterval {
  n: number;
  /** Mean of B − A. */
  diff: number;
  lower: number;
  upper: number;
}

/** The mean paired difference B − A with its 95 % t interval; needs at least two pairs. */
export function pairedInterval(a: readonly number[], b: readonly number[]): PairedInterval {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in length: ${a.length} vs ${b.length}`);
  if (a.length < 2) throw new RangeError('a confidence interval needs at least two replications');
  const d = a.map((x, i) => b[i] - x);
  const diff = mean(d);
  const half = (t975(d.length - 1) * sampleStd(d)) / Math.sqrt(d.length);
  return { n: d.length, diff, lower: diff - half, upper: diff + half };
}

export type Verdict = 'better' | 'worse' | 'no significant difference';

/** B against A: significant when the interval excludes 0, better or worse by the metric's direction. */
export function verdictOf(ci: { lower: number; upper: number }, lowerIsBetter: boolean): Verdict {
  if (ci.lower > 0) return lowerIsBetter ? 'worse' : 'better';
  if (ci.upper < 0) return lowerIsBetter ? 'better' : 'worse';
  return 'no significant difference';
}
