import type { DecodeAttentionCurve } from '../hardware/types.js';
import { ascendingAxisProblem, createPiecewiseLinear } from './piecewise-linear.js';

/**
 * Seconds one attention kernel takes to read `bytes` of K/V, from the accelerator's measured
 * decode-attention curve (hardware/types.ts DecodeAttentionCurve): the curve's times, rescaled to
 * this chip's peak HBM bandwidth × `scale` (the deployment's memory efficiencyScale), are
 * interpolated linearly in bytes; below the first point the kernel takes the first point's time (it
 * is latency-bound there), beyond the last it streams on at the last segment's marginal rate, never
 * faster than the curve's ceiling fraction of peak.
 * Returns undefined without a curve (the caller then reads K/V at the flat memory efficiency).
 * The returned function is allocation-free (called every step).
 */
export function createDecodeAttentionSeconds(
  curve: DecodeAttentionCurve | undefined,
  peakBytesPerSecond: number,
  scale: number,
): ((bytes: number) => number) | undefined {
  if (!curve) return undefined;
  const xs = curve.kernelBytes;
  const rate = peakBytesPerSecond * scale;
  const ts = xs.map((b, i) => b / (curve.fractionOfPeak[i] * rate));
  const last = xs[xs.length - 1];
  const seconds = createPiecewiseLinear(xs, ts, xs.length > 1 ? undefined : 1 / rate);
  const ceiling = curve.maxFractionOfPeak * rate;
  return (bytes) => (bytes >= last ? Math.max(seconds(bytes), bytes / ceiling) : seconds(bytes));
}

/** Why a curve is unusable (bytes not positive and ascending, fractions outside (0, 1], times falling), or undefined. */
export function decodeAttentionCurveProblem(curve: DecodeAttentionCurve): string | undefined {
  const { kernelBytes: xs, fractionOfPeak: fs } = curve;
  if (xs.length === 0 || xs.length !== fs.length) return `needs as many fractions as byte counts (got ${xs.length} and ${fs.length})`;
  const axis = ascendingAxisProblem('kernelBytes', xs);
  if (axis) return axis;
  for (let i = 0; i < xs.length; i++) {
    if (!(fs[i] > 0 && fs[i] <= 1)) return `fractionOfPeak must be in (0, 1], got ${fs[i]}`;
    // A bigger read never takes less time.
    if (i > 0 && xs[i] / fs[i] < xs[i - 1] / fs[i - 1]) return `time must not fall as bytes grow (point ${i})`;
    if (fs[i] > curve.maxFractionOfPeak) return `fractionOfPeak ${fs[i]} is above maxFractionOfPeak ${curve.maxFractionOfPeak}`;
  }
  if (!(curve.maxFractionOfPeak > 0 && curve.maxFractionOfPeak <= 1)) return `maxFractionOfPeak must be in (0, 1], got ${curve.maxFractionOfPeak}`;
  return undefined;
}
