import { describe, expect, it } from 'vitest';
import { HIGH_LEVERAGE, calibrate, type CalibrationCase, type PredictRuns } from '../../src/experiments/calibrate.js';
import type { FactorTable } from '../../src/models/perf/runtime.js';

/**
 * Synthetic cases whose "simulator" is a known formula: throughput ∝ compute^a · memory^(1−a),
 * with a = how compute-bound the case is. The published values were made with vllm factors
 * (0.8, 0.9) and trtllm (1.1, 0.7); calibration must recover them.
 */
type Synthetic = CalibrationCase & { model(factors: FactorTable): number };

function synthetic(name: string, stack: 'vllm/nvidia' | 'trtllm/nvidia', a: number, base: number, truth: { compute: number; memory: number }): Synthetic {
  const model = (f: { compute: number; memory: number }) => base * f.compute ** a * f.memory ** (1 - a);
  return {
    name,
    stack,
    observations: [{ metric: 'throughput.outputTokensPerSec', published: model(truth) }],
    model: (factors) => model(factors[stack]),
  };
}

/** The synthetic cases' predictions, as calibrate asks for them (a batch of runs). */
const predictOf =
  (cases: readonly Synthetic[]): PredictRuns =>
  async (runs) =>
    runs.map((r) => [cases[r.case].model(r.factors)]);

const fit = (cases: Synthetic[]) => calibrate(cases, predictOf(cases), { maxIterations: 30 });

describe('calibrate', () => {
  const vllm = { compute: 0.8, memory: 0.9 };
  const trt = { compute: 1.1, memory: 0.7 };
  const cases = [
    synthetic('v-prefill', 'vllm/nvidia', 0.9, 1000, vllm),
    synthetic('v-decode', 'vllm/nvidia', 0.1, 2000, vllm),
    synthetic('v-mixed', 'vllm/nvidia', 0.5, 1500, vllm),
    synthetic('t-prefill', 'trtllm/nvidia', 0.8, 3000, trt),
    synthetic('t-decode', 'trtllm/nvidia', 0.2, 5000, trt),
    synthetic('t-mixed', 'trtllm/nvidia', 0.6, 4000, trt),
  ];

  it('recovers the compute and memory factors of each software stack from its own cases', async () => {
    const r = await fit(cases);
    expect(r.fitted).toEqual(['vllm/nvidia.compute', 'vllm/nvidia.memory', 'trtllm/nvidia.compute', 'trtllm/nvidia.memory']);
    expect(r.factors['vllm/nvidia'].compute).toBeCloseTo(0.8, 3);
    expect(r.factors['vllm/nvidia'].memory).toBeCloseTo(0.9, 3);
    expect(r.factors['trtllm/nvidia'].compute).toBeCloseTo(1.1, 3);
    expect(r.factors['trtllm/nvidia'].memory).toBeCloseTo(0.7, 3);
    expect(r.factors['sglang/nvidia']).toBeUndefined(); // no case, not fitted
    for (const row of r.rows) expect(Math.abs(row.errorPct)).toBeLessThan(0.1);
  });

  it('reports leave-one-out errors that grow when a case is unlike the others', async () => {
    // An outlier the two factors cannot explain: its fitted error is diluted, its LOO error is not.
    const outlier = { ...synthetic('v-outlier', 'vllm/nvidia', 0.5, 1500, vllm) };
    outlier.observations = [{ metric: 'throughput.outputTokensPerSec', published: outlier.observations[0].published * 1.3 }];
    const r = await fit([...cases, outlier]);
    const row = r.rows.find((x) => x.case === 'v-outlier')!;
    expect(Math.abs(row.looErrorPct!)).toBeGreaterThan(Math.abs(row.errorPct));
  });

  it('gives each figure its leverage: they sum to the fitted factors, and one that alone fixes a factor has ≈ 1', async () => {
    const wellPosed = await fit(cases);
    expect(wellPosed.rows.reduce((a, r) => a + r.leverage, 0)).toBeCloseTo(4, 3); // 2 factors × 2 stacks
    for (const row of wellPosed.rows) expect(row.leverage).toBeLessThan(0.95);
    // One vllm case only: two factors, one figure — it decides its own fit entirely.
    const lone = await fit([cases[0], ...cases.slice(3)]);
    const row = lone.rows.find((x) => x.case === 'v-prefill')!;
    expect(row.leverage).toBeGreaterThan(HIGH_LEVERAGE);
    expect(row.leverage).toBeCloseTo(1, 3);
  });
});

