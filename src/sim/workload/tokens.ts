import { mulberry32Output, mulberry32Step, type Uniform } from '../rng.js';

/**
 * Synthetic token ids. A prompt of L tokens costs one draw from a named stream (the seed) plus L
 * steps of mulberry32, instead of L draws from seedrandom: cheaper, and the named stream
 * advances by one per prompt whatever its length, so lengths never shift later requests' ids.
 */

const TWO_POW_32 = 4294967296;

/** A 32-bit seed for mulberry32, drawn from a uniform stream. */
export function drawTokenSeed(uniform: Uniform): number {
  return Math.floor(uniform() * TWO_POW_32) >>> 0;
}

/** Fills out[from, to) with ids in [0, vocabSize) from mulberry32(seed). */
export function fillTokens(out: Int32Array, seed: number, vocabSize: number, from = 0, to = out.length): void {
  let state = seed >>> 0; // mulberry32(seed), stepped here rather than through its closure (rng.ts)
  // Multiply-shift uses the generator's high bits; the product is exact in float64 while
  // vocabSize ≤ 2^21, which covers every real vocabulary (≈ 2^18 at most).
  const scale = vocabSize / TWO_POW_32;
  for (let i = from; i < to; i++) {
    state = mulberry32Step(state);
    out[i] = Math.floor(mulberry32Output(state) * scale);
  }
}

/** A fresh prompt of `length` random ids. */
export function randomTokens(length: number, seed: number, vocabSize: number): Int32Array {
  const out = new Int32Array(length);
  fillTokens(out, seed, vocabSize);
  return out;
}

export function checkVocabSize(vocabSize: number): number {
  if (!Number.isInteger(vocabSize) || vocabSize < 1 || vocabSize > 2 ** 21) {
    throw new RangeError(`vocabSize must be an integer in [1, 2^21], got ${vocabSize}`);
  }
  return vocabSize;
}
