import type { ScaleUpLink } from '../hardware/types.js';

/**
 * TPU ICI: what a tensor-parallel group of TP chips can drive. Chips link only to their torus
 * neighbours, so a collective over a slice runs at (links in use) × (one link, one direction),
 * not at the chip's total over all ports. Source: jax-ml "How to Scale Your Model" (scaling book),
 * jax-ml.github.io/scaling-book/tpus and /sharding:
 * - An AllGather/ReduceScatter/AllReduce over several mesh axes gets one axis' bandwidth per axis
 *   ("increases the available bandwidth by a factor of N_axes").
 * - An axis with a wraparound link is a bidirectional ring (2 links' worth per chip); without it
 *   the data crosses the axis one way (one link's worth): "smaller topologies (e.g. 2x2x1, 2x2x2)
 *   can also be requested, albeit with no wraparounds ... it typically doubles the time of most
 *   communication".
 * - v5e/v6e (2D, 16x16 pods): wraparound only on an axis of 16 ("without wraps on dims < 16").
 *   v5p (3D): wraparound only on slices that are whole multiples of the 4x4x4 cube (a 2x2x4 has none).
 * The same count holds for a ring laid along the mesh: a 2x4 or 2x2 mesh has a Hamiltonian cycle
 * over neighbour links, a bidirectional ring at 2 links per chip, as the 2-axis rule gives.
 */

/** The slice a TP group occupies: TP = 2^k chips spread as evenly as powers of two allow over the torus axes (2x4, 2x2x2). */
export function iciSliceShape(tensorParallel: number, torusDims: 2 | 3): number[] {
  if (!Number.isInteger(tensorParallel) || tensorParallel < 1) {
    throw new Error(`tensorParallel must be a positive integer, got ${tensorParallel}`);
  }
  const shape = new Array<number>(torusDims).fill(1);
  const k = Math.log2(tensorParallel);
  if (!Number.isInteger(k)) {
    // TPU slices are powers of two; any other group is taken as one line of chips.
    shape[0] = tensorParallel;
    return shape;
  }
  // Round-robin the doublings over the axes, the last axis first: 2 → 1x2, 8 → 2x4 (2D) or 2x2x2 (3D).
  for (let i = 0; i < k; i++) shape[torusDims - 1 - (i % torusDims)] *= 2;
  return shape;
}

/** Whether the slice's axes have wraparound links (see the module comment). */
export function iciAxisWraps(shape: number[], torusDims: 2 | 3): boolean[] {
  if (torusDims === 2) return shape.map((n) => n === 16);
  const wholeCubes = shape.every((n) => n % 4 === 0);
  return shape.map(() => wholeCubes);
}

/**
 * One chip's bandwidth for a collective over a slice of this shape, GB/s one direction, before
 * efficiency: Σ over axes longer than 1 of one link's bandwidth (peerToPeerGBps), doubled on a
 * wrapped axis, capped at the chip's total (allToAllGBps).
 */
export function iciSliceGBps(link: ScaleUpLink, shape: number[]): number {
  if (link.torusDims === undefined) throw new Error(`ICI link "${link.name}" needs torusDims (2 or 3)`);
  const wraps = iciAxisWraps(shape, link.torusDims);
  let links = 0;
  shape.forEach((n, i) => {
    if (n > 1) links += wraps[i] ? 2 : 1;
  });
  return Math.min(link.allToAllGBps, links * link.peerToPeerGBps);
}

/** The same for a TP group on its slice (iciSliceShape). v6e TP8 (2x4, no wrap): 2 × 100 = 200. */
export function iciTpLinkGBps(link: ScaleUpLink, tensorParallel: number): number {
  if (link.torusDims === undefined) throw new Error(`ICI link "${link.name}" needs torusDims (2 or 3)`);
  if (tensorParallel <= 1) return link.allToAllGBps;
  return iciSliceGBps(link, iciSliceShape(tensorParallel, link.torusDims));
}
