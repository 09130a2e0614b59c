import { B200_SXM } from './b200-sxm.js';
import { GAUDI3 } from './gaudi3.js';
import { H100_SXM } from './h100-sxm.js';
import { H200_SXM } from './h200-sxm.js';
import { MI300X } from './mi300x.js';
import { MI325X } from './mi325x.js';
import { TPU_V5E } from './tpu-v5e.js';
import { TPU_V5P } from './tpu-v5p.js';
import { TPU_V6E } from './tpu-v6e.js';
import type { Accelerator } from './types.js';

/** Every accelerator profile, keyed by its `id` (the name scenario files use). */
export const ACCELERATORS: Readonly<Record<string, Accelerator>> = Object.freeze(
  Object.fromEntries(
    [H100_SXM, H200_SXM, B200_SXM, MI300X, MI325X, GAUDI3, TPU_V5E, TPU_V5P, TPU_V6E].map((a) => [a.id, a]),
  ),
);

/**
 * The accelerator with this id. Scenario validation checks ids against ACCELERATORS first, so an
 * unknown id here is a bug and throws.
 */
export function getAccelerator(id: string): Accelerator {
  if (!Object.hasOwn(ACCELERATORS, id)) {
    throw new Error(`unknown accelerator id '${id}'; known: ${Object.keys(ACCELERATORS).join(', ')}`);
  }
  return ACCELERATORS[id];
}
