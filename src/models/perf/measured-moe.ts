import { TRTLLM_MOE_LAYERS, type MeasuredMoeLayer } from '../hardware/trtllm-moe-layer.js';
import type { Deployment } from './memory.js';
import { ascendingAxisProblem, createPiecewiseLinear } from './piecewise-linear.js';

/**
 * The measured MoE layer (hardware/trtllm-moe-layer.ts) for this deployment, or undefined: a
 * TensorRT-LLM deployment on the table's accelerator and weight precision, of the table's expert
 * shape and layout. Under expert parallelism the layout is whole experts over EP ranks
 * (moeTp 1, moeEp = EP size), otherwise every expert split over the TP ranks (moeTp = TP, moeEp 1).
 * Expert imbalance 1 (EP only) selects the balanced rows; otherwise the skewed rows the table keeps
 * for that shape, the distribution aiconfigurator prices the model with (without EP too, as it
 * does). Their time is already the busiest rank's, so the imbalance does not scale it again.
 */
export function findMeasuredMoeLayer(d: Deployment, table: readonly MeasuredMoeLayer[] = TRTLLM_MOE_LAYERS): MeasuredMoeLayer | undefined {
  const moe = d.model.moe;
  if (!moe || d.runtime !== 'trtllm') return undefined;
  const ep = d.expertParallel;
  const moeTp = ep ? 1 : d.tensorParallel;
  const moeEp = ep ? ep.size : 1;
  const balanced = ep !== undefined && ep.imbalance === 1;
  return table.find(
    (t) =>
      t.accelerator === d.accelerator.id &&
      t.precision === d.precision &&
      t.hiddenSize === d.model.hiddenSize &&
      t.moeIntermediateSize === moe.moeIntermediateSize &&
      t.topK === moe.numExpertsPerTok &&
      t.numExperts === moe.numExperts &&
      t.moeTp === moeTp &&
      t.moeEp === moeEp &&
      (t.distribution === 'balanced') === balanced,
  );
}

/**
 * Seconds of the measured layer at `numTokens` tokens entering the op: linear between the grid's
 * points, the first point's time below it, and past the last point that time plus the last
 * segment's seconds per token (piecewise-linear.ts); calls allocate nothing.
 */
export function createMeasuredMoeSeconds(t: MeasuredMoeLayer): (numTokens: number) => number {
  const problem = measuredMoeLayerProblem(t);
  if (problem) throw new Error(`measured MoE table ${t.source}: ${problem}`);
  return createPiecewiseLinear(t.numTokens, t.ms.map((ms) => ms / 1e3));
}

/** Why a table is unusable (fewer than 2 points, lengths differ, tokens not ascending positive, a time not positive), or undefined. */
export function measuredMoeLayerProblem(t: MeasuredMoeLayer): string | undefined {
  const { numTokens: x, ms } = t;
  if (x.length < 2) return `needs at least 2 points, got ${x.length}`;
  if (ms.length !== x.length) return `numTokens has ${x.length} points but ms has ${ms.length}`;
  const axis = ascendingAxisProblem('numTokens', x);
  if (axis) return axis;
  for (let i = 0; i < x.length; i++) {
    if (!(ms[i] > 0 && Number.isFinite(ms[i]))) return `ms[${i}] must be a positive number, got ${ms[i]}`;
  }
  if (t.source.trim() === '') return 'source must name where the points were measured';
  return undefined;
}
