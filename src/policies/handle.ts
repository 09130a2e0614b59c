/**
 * A PluginHandle from a seed and a clock: the seeded uniform stream plugins draw tie-breaks from.
 */
import seedrandom from 'seedrandom';
import type { PluginHandle } from './types.js';

export function createPluginHandle(seed: string | number, now: () => number = () => 0): PluginHandle {
  const prng = seedrandom(String(seed));
  return { rng: () => prng(), now };
}
