import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  asCalibrationCase,
  casePredictions,
  CaseProblemsError,
  compareCase,
  errorStats,
  loadCaseFile,
  predictCase,
  signedErrorPct,
  summarizeValidation,
  validateCases,
  type ValidationRow,
} from '../../src/experiments/validate.js';
import { CALIBRATED_FACTORS } from '../../src/models/perf/runtime.js';
import { CasePool } from '../../src/experiments/validation/case-pool.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/validation/${name}`, import.meta.url));
const DECODE = fixture('cases/tiny-8b-decode.yaml');
const PREFILL = fixture('cases/tiny-8b-prefill.yaml');

function row(name: string, errorPct: number, role: 'calibration' | 'holdout' = 'holdout', metric = 'throughput.outputTokensPerSec'): ValidationRow {
  return { case: name, role, source: 's', metric, published: 100, predicted: 100 + errorPct, errorPct, outOfSamplePct: role === 'holdout' ? errorPct : null };
}

function loaded(file: string) {
  const r = loadCaseFile(file);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.case;
}

describe('error arithmetic', () => {
  it('is signed and relative to the published figure', () => {
    expect(signedErrorPct(110, 100)).toBeCloseTo(10, 12);
    expect(signedErrorPct(90, 100)).toBeCloseTo(-10, 12);
    expect(signedErrorPct(0.2, 0.25)).toBeCloseTo(-20, 12);
    expect(signedErrorPct(4205, 4205)).toBe(0);
  });

  it('gives one row per expected figure, in order, with the case role and source', () => {
    const c = loaded(DECODE);
    const rows = compareCase(c, [3300, 0.008]);
    expect(rows).toEqual([
      { case: 'tiny-8b-decode', role: 'calibration', source: 'test fixture, not a measurement', metric: 'throughput.outputTokensPerSec', published: 3000, predicted: 3300, errorPct: 10, outOfSamplePct: null },
      { case: 'tiny-8b-decode', role: 'calibration', source: 'test fixture, not a measurement', metric: 'tpot.mean', published: 0.01, predicted: 0.008, errorPct: -20, outOfSamplePct: null },
    ]);
  });

  it('takes the median and mean of absolute errors and names the worst row', () => {
    const s = errorStats([row('a', 5), row('b', -30), row('c', 10), row('c', -2, 'holdout', 'ttft.mean')]);
    expect(s).toEqual({ count: 4, numCases: 3, medianAbsErrorPct: 7.5, meanAbsErrorPct: 11.75, worst: { case: 'b', metric: 'throughput.outputTokensPerSec', errorPct: -30 } });
    expect(errorStats([row('a', -4), row('b', 1), row('c', 2)]).medianAbsErrorPct).toBe(2);
  });

  it('reports no statistics for no rows', () => {
    expect(errorStats([])).toEqual({ count: 0, numCases: 0, medianAbsErrorPct: null, meanAbsErrorPct: null, worst: null });
  });

  it('summarises per role as well as over all rows', () => {
    const r = summarizeValidation([row('a', 5, 'calibration'), row('b', -30), row('c', 10)]);
    expect(r.stats.calibration.count).toBe(1);
    expect(r.stats.holdout.count).toBe(2);
    expect(r.stats.holdout.medianAbsErrorPct).toBe(20);
    expect(r.stats.all.worst?.case).toBe('b');
  });
});

describe('validateCases', () => {
  it('runs the fixture cases end to end, deterministically', async () => {
    const seen: string[] = [];
    const r = await validateCases([DECODE, PREFILL], { jobs: 1, onCase: (name, done, total) => seen.push(`${name} ${done}/${total}`) });
    expect(seen).toEqual(['tiny-8b-decode 1/2', 'tiny-8b-prefill 2/2']);
    expect(r.rows.map((x) => [x.case, x.metric, x.role])).toEqual([
      ['tiny-8b-decode', 'throughput.outputTokensPerSec', 'calibration'],
      ['tiny-8b-decode', 'tpot.mean', 'calibration'],
      ['tiny-8b-prefill', 'ttft.mean', 'holdout'],
    ]);
    for (const x of r.rows) {
      expect(x.predicted).toBeGreaterThan(0);
      expect(x.errorPct).toBeCloseTo(signedErrorPct(x.predicted, x.published), 6);
    }
    expect([r.stats.all.count, r.stats.all.numCases, r.stats.calibration.count, r.stats.holdout.count]).toEqual([3, 2, 2, 1]);
    expect(await validateCases([DECODE, PREFILL], { jobs: 1 })).toEqual(r);
  });

  it('gives the same rows, to the last digit and in case order, on two worker threads', async () => {
    const one = await validateCases([DECODE, PREFILL], { jobs: 1 });
    const seen: string[] = [];
    const two = await validateCases([DECODE, PREFILL], { jobs: 2, onCase: (name) => seen.push(name) });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(seen.sort()).toEqual(['tiny-8b-decode', 'tiny-8b-prefill']);
  });

  it('reads the predicted figures from the same summary a run writes', () => {
    const c = loaded(DECODE);
    const p = predictCase(c);
    expect(p.values).toEqual([p.summary.throughput.outputTokensPerSec, p.summary.tpot.mean]);
    expect(p.summary.requests.completed).toBe(16);
  });

  it('predicts with the runtime factors it is given (the calibration hook)', () => {
    const c = loaded(DECODE);
    const base = predictCase(c).values[0];
    const faster = predictCase(c, { factors: { ...CALIBRATED_FACTORS, 'vllm/nvidia': { compute: 1.25, memory: 1.25 } } }).values[0];
    expect(faster).toBeGreaterThan(base);
    const cc = asCalibrationCase(c);
    expect([cc.name, cc.stack, cc.observations]).toEqual(['tiny-8b-decode', 'vllm/nvidia', [{ metric: 'throughput.outputTokensPerSec', published: 3000 }, { metric: 'tpot.mean', published: 0.01 }]]);
  });

  it('gives calibration its predictions under trial factors, one list per run, in run order', async () => {
    const c = loaded(DECODE);
    const faster = { ...CALIBRATED_FACTORS, 'vllm/nvidia': { compute: 1.25, memory: 1.25 } };
    const predict = casePredictions([c], new CasePool(1, [c]));
    expect(await predict([{ case: 0, factors: faster }, { case: 0, factors: CALIBRATED_FACTORS }])).toEqual([
      predictCase(c, { factors: faster }).values,
      predictCase(c).values,
    ]);
  });

  it('reports every bad file before simulating anything', async () => {
    let ran = 0;
    const e = await validateCases([DECODE, fixture('bad-case.yaml')], { jobs: 2, onCase: () => ran++ }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CaseProblemsError);
    expect((e as CaseProblemsError).problems).toHaveLength(3);
    expect(ran).toBe(0);
  });
});
