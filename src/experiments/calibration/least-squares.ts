import { lusolve, matrix, multiply, transpose, type Matrix } from 'mathjs';

/**
 * A small non-linear least-squares problem: minimise Σ r_i(θ)² over a few parameters θ.
 * Residuals here are log(predicted ÷ published), so a factor error counts the same either way.
 */
export interface LeastSquaresProblem {
  numParams: number;
  /** Residuals at θ. Expensive (simulations); called once per trial point. */
  residuals(theta: readonly number[]): Promise<number[]>;
  /**
   * Residuals at θ + h·e_j for every parameter j, for the Jacobian: one call, so the caller can
   * run them all at once and re-simulate only what each parameter affects, reusing `base`.
   */
  perturbed(theta: readonly number[], h: number, base: readonly number[]): Promise<number[][]>;
  lower: readonly number[];
  upper: readonly number[];
}

export interface FitResult {
  theta: number[];
  residuals: number[];
  /** ∂r_i/∂θ_j at the solution, rows = residuals. */
  jacobian: number[][];
  iterations: number;
  cost: number;
}

const sumSq = (r: readonly number[]) => r.reduce((a, x) => a + x * x, 0);
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

async function jacobianAt(p: LeastSquaresProblem, theta: number[], r: number[], h: number): Promise<number[][]> {
  const moved = await p.perturbed(theta, h, r);
  return r.map((ri, i) => moved.map((rj) => (rj[i] - ri) / h));
}

/** Solves (JᵀJ + λ·diag(JᵀJ) + εI) δ = −Jᵀr with mathjs. */
function lmStep(J: number[][], r: number[], lambda: number): number[] {
  const Jm: Matrix = matrix(J);
  const JT = transpose(Jm);
  const A = multiply(JT, Jm).toArray() as number[][];
  const g = multiply(JT, matrix(r)).toArray() as number[];
  for (let j = 0; j < A.length; j++) A[j][j] += lambda * A[j][j] + 1e-9;
  const x = lusolve(A, g.map((v) => -v)) as unknown as number[][];
  return x.map((row) => row[0]);
}

/**
 * Levenberg–Marquardt with forward-difference Jacobians and box bounds (steps are clamped).
 * Deterministic: the same problem gives the same iterates.
 */
export async function levenbergMarquardt(
  p: LeastSquaresProblem,
  theta0: readonly number[],
  opts: { maxIterations?: number; h?: number; tolerance?: number; onIteration?: (it: number, cost: number, theta: number[]) => void } = {},
): Promise<FitResult> {
  const h = opts.h ?? 0.02;
  const maxIterations = opts.maxIterations ?? 8;
  const tol = opts.tolerance ?? 1e-4;
  let theta = theta0.map((t, j) => clamp(t, p.lower[j], p.upper[j]));
  let r = await p.residuals(theta);
  let cost = sumSq(r);
  let J = await jacobianAt(p, theta, r, h);
  let lambda = 1e-2;
  let it = 0;
  for (; it < maxIterations; it++) {
    opts.onIteration?.(it, cost, theta);
    const delta = lmStep(J, r, lambda);
    const trial = theta.map((t, j) => clamp(t + delta[j], p.lower[j], p.upper[j]));
    const rTrial = await p.residuals(trial);
    const costTrial = sumSq(rTrial);
    if (costTrial < cost) {
      const improvement = cost - costTrial;
      theta = trial;
      r = rTrial;
      cost = costTrial;
      lambda = Math.max(lambda / 3, 1e-6);
      J = await jacobianAt(p, theta, r, h);
      if (improvement < tol * Math.max(cost, 1e-12)) break;
    } else {
      lambda *= 4;
      if (lambda > 1e4) break;
    }
  }
  return { theta, residuals: r, jacobian: J, iterations: it, cost };
}

/**
 * Leverages h_ii of a fitted least-squares problem, linearised at the solution: the diagonal of
 * the hat matrix h = J(JᵀJ)⁻¹Jᵀ. A row's leverage is the share of its own fitted value it
 * decides: near 1, that row alone fixes some parameter, so its fit is no evidence of anything and
 * its leave-one-out error is undefined. Parameters whose Jacobian column is all zero (no data) are
 * dropped first.
 */
export function leverages(J: number[][]): number[] {
  const cols = J[0] ? J[0].map((_, j) => j).filter((j) => J.some((row) => Math.abs(row[j]) > 1e-12)) : [];
  if (cols.length === 0) return J.map(() => 0);
  const X = J.map((row) => cols.map((j) => row[j]));
  const XT = transpose(matrix(X));
  const A = multiply(XT, matrix(X)).toArray() as number[][];
  for (let j = 0; j < A.length; j++) A[j][j] += 1e-9;
  return X.map((xi) => {
    const sol = lusolve(A, xi) as unknown as number[][];
    return xi.reduce((a, x, k) => a + x * sol[k][0], 0);
  });
}

/**
 * Leave-one-out residuals of a fitted least-squares problem, linearised at the solution (exact
 * for a linear model: the PRESS residuals r_i / (1 − h_ii)). They answer "how far off would row i
 * be if it had not been used for fitting", without refitting once per row. NaN for a row that
 * alone determines a parameter (h_ii = 1).
 */
export function leaveOneOutResiduals(J: number[][], r: number[]): number[] {
  const h = leverages(J);
  return r.map((ri, i) => (h[i] < 1 - 1e-9 ? ri / (1 - h[i]) : Number.NaN));
}
