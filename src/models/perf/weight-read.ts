import type { WeightReadCurve } from '../hardware/types.js';

/**
 * Seconds one memory-bound GEMM takes to read `bytes` of weights, from the accelerator's measured
 * weight-read fit for the deployment's weight precision (hardware/types.ts WeightReadCurve): the
 * fit's fixed cost plus the bytes at its streaming fraction of this chip's peak × `scale` (the
 * deployment's memory efficiencyScale, applied to the streaming rate as to every other HBM rate).
 * Returns undefined without a fit (the caller then reads weights at the flat memory efficiency).
 * Called once per GEMM shape when a step-time model is built, not per step.
 */
export function createWeightReadSeconds(
  curve: WeightReadCurve | undefined,
  peakBytesPerSecond: number,
  scale: number,
): ((bytes: number) => number) | undefined {
  if (!curve) return undefined;
  const rate = curve.streamingFractionOfPeak * peakBytesPerSecond * scale;
  return (bytes) => curve.fixedSeconds + bytes / rate;
}

/** Why a fit is unusable (fixed cost negative or not finite, fraction outside (0, 1], no source), or undefined. */
export function weightReadCurveProblem(curve: WeightReadCurve): string | undefined {
  if (!(curve.fixedSeconds >= 0 && Number.isFinite(curve.fixedSeconds))) {
    return `fixedSeconds must be a finite number ≥ 0, got ${curve.fixedSeconds}`;
  }
  const f = curve.streamingFractionOfPeak;
  if (!(f > 0 && f <= 1)) return `streamingFractionOfPeak must be in (0, 1], got ${f}`;
  if (curve.source.trim() === '') return 'source must name where the points were measured';
  return undefined;
}
