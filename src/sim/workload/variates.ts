import type { Uniform } from '../rng.js';

/**
 * Non-uniform variates built only from a given uniform stream, so every draw stays on a named,
 * seeded stream (no Math.random, no library RNG state).
 */

/**
 * Standard normal by the Box–Muller transform. Each pair of uniforms yields two normals; the
 * second is kept for the next call, so a sampler costs one uniform per normal on average.
 */
export function createStandardNormal(uniform: Uniform): () => number {
  let spare = 0;
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    hasSpare = true;
    return r * Math.cos(theta);
  };
}

/**
 * Gamma(shape, scale = 1) by Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables". For shape < 1 it samples Gamma(shape + 1) and multiplies by U^(1/shape), the
 * boost the same paper gives, because the squeeze needs shape ≥ 1.
 */
export function createGamma(shape: number, uniform: Uniform, normal: () => number): () => number {
  if (!(shape > 0) || !Number.isFinite(shape)) {
    throw new RangeError(`gamma shape must be a positive finite number, got ${shape}`);
  }
  const boost = shape < 1;
  const d = (boost ? shape + 1 : shape) - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const invShape = 1 / shape;
  return () => {
    let g: number;
    for (;;) {
      const x = normal();
      let v = 1 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      const u = uniform();
      const x2 = x * x;
      // Cheap squeeze first; the logarithmic test only for the rare rejects.
      if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
        g = d * v;
        break;
      }
    }
    return boost ? g * Math.pow(uniform(), invShape) : g;
  };
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** The gamma function Γ(x) for x > 0, by the Lanczos approximation (g = 7, ~15 digits). */
export function gammaFunction(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gammaFunction(1 - x));
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * a;
}
