import { describe, expect, it } from 'vitest';
import { leaveOneOutResiduals, levenbergMarquardt, leverages, type LeastSquaresProblem } from '../../src/experiments/calibration/least-squares.js';

/** y = a·x + b observed with known noise: a linear model, where LM must land on the normal-equation solution. */
const xs = [1, 2, 3, 4, 5];
const ys = [2.1, 3.9, 6.2, 7.8, 10.1];
/** The least-squares problem of the line through rows `rows` of (xs, ys). */
function lineFit(rows: readonly number[]): LeastSquaresProblem {
  const at = (t: readonly number[]) => rows.map((i) => t[0] * xs[i] + t[1] - ys[i]);
  return {
    numParams: 2,
    residuals: async (t) => at(t),
    perturbed: async (t, h) => [0, 1].map((j) => at(t.map((v, k) => (k === j ? v + h : v)))),
    lower: [-10, -10],
    upper: [10, 10],
  };
}
const problem = lineFit(xs.map((_, i) => i));

describe('levenbergMarquardt', () => {
  it('recovers the least-squares line: slope 1.99, intercept 0.05 (hand-computed normal equations)', async () => {
    // Σx = 15, Σx² = 55, Σy = 30.1, Σxy = 110.2: a = (5·110.2 − 15·30.1)/(5·55 − 225) = 99.5/50 = 1.99; b = (30.1 − 1.99·15)/5 = 0.05
    const fit = await levenbergMarquardt(problem, [0, 0], { maxIterations: 20 });
    expect(fit.theta[0]).toBeCloseTo(1.99, 6);
    expect(fit.theta[1]).toBeCloseTo(0.05, 6);
  });

  it('respects bounds', async () => {
    const fit = await levenbergMarquardt({ ...problem, upper: [1.5, 10] }, [0, 0], { maxIterations: 20 });
    expect(fit.theta[0]).toBeLessThanOrEqual(1.5);
  });
});

describe('leaveOneOutResiduals', () => {
  it('equals refitting without each row, for a linear model', async () => {
    const fit = await levenbergMarquardt(problem, [0, 0], { maxIterations: 20 });
    const loo = leaveOneOutResiduals(fit.jacobian, fit.residuals);
    for (let k = 0; k < xs.length; k++) {
      const keep = xs.map((_, i) => i).filter((i) => i !== k);
      const refit = await levenbergMarquardt(lineFit(keep), [0, 0], { maxIterations: 20 });
      const heldOut = refit.theta[0] * xs[k] + refit.theta[1] - ys[k];
      expect(loo[k]).toBeCloseTo(heldOut, 5);
    }
  });
});

describe('leverages', () => {
  it('are the hat-matrix diagonal of a straight-line fit: 1/n + (x − x̄)²/Σ(x − x̄)², summing to the parameter count', () => {
    // x̄ = 3, Σ(x − x̄)² = 10: h = 0.2 + (x − 3)²/10 → 0.6, 0.3, 0.2, 0.3, 0.6
    const h = leverages(xs.map((x) => [x, 1]));
    [0.6, 0.3, 0.2, 0.3, 0.6].forEach((want, i) => expect(h[i]).toBeCloseTo(want, 6));
    expect(h.reduce((a, b) => a + b, 0)).toBeCloseTo(2, 6);
  });

  it('reach 1 for a row that alone fixes a parameter, whose leave-one-out residual is then undefined', () => {
    // The second parameter is seen only by row 2.
    const J = [
      [1, 0],
      [2, 0],
      [1, 3],
    ];
    const h = leverages(J);
    expect(h[2]).toBeCloseTo(1, 6);
    expect(h[0]).toBeLessThan(1);
    expect(leaveOneOutResiduals(J, [0.1, -0.1, 0.05])[2]).toBeNaN();
  });
});
