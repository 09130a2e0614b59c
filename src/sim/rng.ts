import seedrandom from 'seedrandom';

/** A uniform source on [0, 1). */
export type Uniform = () => number;

/**
 * Named random streams derived from one scenario seed. Each consumer draws from its own stream
 * (`arrivals`, `lengths`, `tokens`, `routing`, ...), so adding draws to one stream never shifts
 * another: an A/B pair that differs only in routing sees identical arrivals and lengths
 * (common random numbers).
 */
export class RngStreams {
  private readonly streams = new Map<string, Uniform>();

  constructor(readonly seed: number) {}

  stream(name: string): Uniform {
    let s = this.streams.get(name);
    if (!s) {
      s = seedrandom(`fleetsim/${this.seed}/${name}`);
      this.streams.set(name, s);
    }
    return s;
  }
}

/** mulberry32's state step: the state after `a`. */
export const mulberry32Step = (a: number): number => (a + 0x6d2b79f5) >>> 0;

/** mulberry32's output for state `a` (already stepped): a uint32. */
export function mulberry32Output(a: number): number {
  let t = a;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/**
 * mulberry32: a tiny, fast 32-bit generator for bulk fills (synthetic token ids), seeded from a
 * named stream so it stays deterministic. Not for anything statistical beyond filling ids.
 * Bulk loops should step the state themselves (mulberry32Step/Output): this closure keeps its
 * state in a context slot, which makes a per-token call ~2.5× slower.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = mulberry32Step(a);
    return mulberry32Output(a);
  };
}
