import type { Uniform } from '../rng.js';
import type { LengthSpec } from './types.js';
import { createStandardNormal } from './variates.js';

/** Draws one token count: an integer ≥ 1. */
export type LengthSampler = () => number;

/**
 * The longest token count a length may take: 2^24, 100 times the longest context in the model
 * catalogue (DeepSeek-R1, 163,840). Prompts are held as Int32Arrays (64 MiB at this length), so
 * without a bound a length of 10^12 crashed the run; the schema refuses parameters above it and
 * the samplers clamp tails to it, as they clamp to `max`.
 */
export const MAX_LENGTH_TOKENS = 2 ** 24;

/** z of the standard normal's 99th percentile. */
const Z99 = 2.3263478740408408;

/**
 * Token-length samplers. Every value is rounded to an integer and clamped to
 * [max(min ?? 1, 1), max ?? MAX_LENGTH_TOKENS], because a request needs at least one prompt and one output token.
 * - fixed: always `value`.
 * - uniform: integers in [min, max], both ends included.
 * - normal: mean and stddev, then clamped (the clamp shifts the mean when it bites).
 * - lognormal: by mean and stddev (σ² = ln(1 + s²/m²), μ = ln m − σ²/2), or by mean and p99
 *   (see lognormalParams), the form in which published traces usually quote lengths.
 * - zipf: integers k in [min, max] with P(k) ∝ k^(−s), by inverse CDF over a table (the schema
 *   caps the span), so short lengths dominate with a heavy tail.
 * - empirical: one of `values` (e.g. a column of a real trace) uniformly at random, i.e. the
 *   bootstrap of the observed distribution.
 */
export function createLengthSampler(spec: LengthSpec, uniform: Uniform): LengthSampler {
  switch (spec.dist) {
    case 'fixed': {
      if (!Number.isFinite(spec.value)) throw new RangeError(`fixed length must be finite, got ${spec.value}`);
      const v = clampLength(Math.round(spec.value), 1, MAX_LENGTH_TOKENS);
      return () => v;
    }
    case 'uniform': {
      const lo = Math.max(1, Math.ceil(spec.min));
      const hi = Math.floor(spec.max);
      if (!(lo <= hi)) {
        throw new RangeError(`uniform length needs an integer in [max(min, 1), max], got [${spec.min}, ${spec.max}]`);
      }
      const span = hi - lo + 1;
      return () => lo + Math.floor(uniform() * span);
    }
    case 'normal': {
      const [lo, hi] = bounds(spec.min, spec.max);
      if (!(spec.stddev >= 0)) throw new RangeError(`normal stddev must be ≥ 0, got ${spec.stddev}`);
      const normal = createStandardNormal(uniform);
      const { mean, stddev } = spec;
      return () => clampLength(Math.round(mean + stddev * normal()), lo, hi);
    }
    case 'lognormal': {
      const [lo, hi] = bounds(spec.min, spec.max);
      const { mu, sigma } = lognormalParams(spec.mean, spec.stddev, spec.p99);
      const normal = createStandardNormal(uniform);
      return () => clampLength(Math.round(Math.exp(mu + sigma * normal())), lo, hi);
    }
    case 'zipf': {
      const lo = Math.max(1, Math.ceil(spec.min));
      const hi = Math.floor(spec.max);
      if (!(lo <= hi) || hi - lo > MAX_ZIPF_SPAN) {
        throw new RangeError(`zipf length needs integers in [max(min, 1), max] spanning at most ${MAX_ZIPF_SPAN}, got [${spec.min}, ${spec.max}]`);
      }
      if (!(spec.s > 0) || !Number.isFinite(spec.s)) throw new RangeError(`zipf s must be > 0, got ${spec.s}`);
      const cdf = new Float64Array(hi - lo + 1);
      let acc = 0;
      for (let k = lo; k <= hi; k++) cdf[k - lo] = acc += Math.pow(k, -spec.s);
      for (let i = 0; i < cdf.length; i++) cdf[i] /= acc;
      return () => lo + lowerBound(cdf, uniform());
    }
    case 'empirical': {
      if (!spec.values) throw new Error(`empirical lengths from ${spec.path} were not loaded; the scenario loader reads the file`);
      const values = Int32Array.from(spec.values, (v) => clampLength(Math.round(v), 1, MAX_LENGTH_TOKENS));
      if (values.length === 0) throw new RangeError('an empirical length distribution needs at least one value');
      const n = values.length;
      return () => values[Math.floor(uniform() * n)];
    }
    default:
      throw new Error(`unknown length distribution ${(spec as { dist: unknown }).dist}`);
  }
}

/**
 * μ and σ of the underlying normal for a lognormal with the given mean and either stddev or p99.
 * From p99 = exp(μ + zσ) and mean = exp(μ + σ²/2): σ²/2 − zσ + ln(p99/mean) = 0. The smaller
 * root is taken (the larger one puts most mass near zero with a huge tail); there is a real,
 * positive root only for mean < p99 ≤ mean·exp(z²/2) ≈ 15·mean.
 */
export function lognormalParams(mean: number, stddev?: number, p99?: number): { mu: number; sigma: number } {
  if (!(mean > 0)) throw new RangeError(`lognormal mean must be > 0, got ${mean}`);
  if ((stddev === undefined) === (p99 === undefined)) {
    throw new RangeError('lognormal needs exactly one of stddev or p99 besides mean');
  }
  let sigma: number;
  if (stddev !== undefined) {
    if (!(stddev >= 0)) throw new RangeError(`lognormal stddev must be ≥ 0, got ${stddev}`);
    sigma = Math.sqrt(Math.log1p((stddev * stddev) / (mean * mean)));
  } else {
    const c = Math.log(p99! / mean);
    const disc = Z99 * Z99 - 2 * c;
    if (!(c > 0) || disc < 0) {
      throw new RangeError(
        `lognormal with mean ${mean} cannot have p99 ${p99}: need mean < p99 ≤ ${(mean * Math.exp((Z99 * Z99) / 2)).toFixed(0)}`,
      );
    }
    sigma = Z99 - Math.sqrt(disc);
  }
  return { mu: Math.log(mean) - (sigma * sigma) / 2, sigma };
}

/** The largest max − min a zipf table may span (8 MB of table). */
export const MAX_ZIPF_SPAN = 1_000_000;

/** The first index whose cumulative probability exceeds u (inverse-CDF sampling of a table). */
export function lowerBound(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function bounds(min: number | undefined, max: number | undefined): [number, number] {
  const lo = Math.max(1, Math.ceil(min ?? 1));
  const hi = Math.min(max === undefined ? Infinity : Math.floor(max), MAX_LENGTH_TOKENS);
  if (!(lo <= hi)) throw new RangeError(`length bounds admit no integer ≥ 1: [${min}, ${max}]`);
  return [lo, hi];
}

function clampLength(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
