import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBaseline, writeBaseline } from '../../src/experiments/baseline-file.js';
import { checkAgainstBaseline, DEFAULT_TOLERANCES, gateFails, limitOf, updatedBaseline, type Baseline } from '../../src/experiments/regress.js';
import type { Summary } from '../../src/sim/metrics/summary.js';

const summary = (ttftP95: number, hit: number) => ({ ttft: { p95: ttftP95 }, prefixCache: { hitRate: hit } }) as unknown as Summary;

const baseline: Baseline = {
  fleetsim: 'regress-baseline/1',
  tolerances: {
    'ttft.p95': { direction: 'lower', relative: 0.1, absolute: 0.01 },
    'prefixCache.hitRate': { direction: 'higher', relative: 0.02, absolute: 0.01 },
  },
  scenarios: { 'a.yaml': { 'ttft.p95': 1, 'prefixCache.hitRate': 0.8 } },
};

describe('regression gate', () => {
  it('limits take the larger of the relative and absolute slack, in the bad direction', () => {
    expect(limitOf(1, { direction: 'lower', relative: 0.1, absolute: 0.01 })).toBeCloseTo(1.1);
    expect(limitOf(0.05, { direction: 'lower', relative: 0.1, absolute: 0.01 })).toBeCloseTo(0.06);
    expect(limitOf(0.8, { direction: 'higher', relative: 0.02, absolute: 0.01 })).toBeCloseTo(0.784);
  });

  it('passes small moves and improvements, fails a worsening past the limit with its size', () => {
    const ok = checkAgainstBaseline(baseline, { 'a.yaml': summary(1.09, 0.79) });
    expect(ok.map((c) => c.status)).toEqual(['ok', 'ok']);
    expect(gateFails(ok)).toBe(false);
    const better = checkAgainstBaseline(baseline, { 'a.yaml': summary(0.5, 0.9) });
    expect(better.map((c) => c.status)).toEqual(['improved', 'improved']);
    const worse = checkAgainstBaseline(baseline, { 'a.yaml': summary(1.5, 0.7) });
    expect(worse.map((c) => c.status)).toEqual(['regressed', 'regressed']);
    expect(worse[0].changePct).toBeCloseTo(50);
    expect(gateFails(worse)).toBe(true);
  });

  it('a baseline scenario the suite lost fails; a new scenario does not', () => {
    const lost = checkAgainstBaseline(baseline, {});
    expect(lost.every((c) => c.status === 'missing')).toBe(true);
    expect(gateFails(lost)).toBe(true);
    const added = checkAgainstBaseline(baseline, { 'a.yaml': summary(1, 0.8), 'b.yaml': summary(1, 0.8) });
    expect(added.filter((c) => c.scenario === 'b.yaml').every((c) => c.status === 'new')).toBe(true);
    expect(gateFails(added)).toBe(false);
  });

  it('an updated baseline round-trips through its file and keeps the tolerances', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-baseline-'));
    const file = join(dir, 'baseline.json');
    const b = updatedBaseline(DEFAULT_TOLERANCES, { 'x.yaml': { ...summary(0.2, 0.5), tpot: { p95: 0.03 }, throughput: { outputTokensPerSec: 100 }, slo: { goodput: 1 } } as unknown as Summary });
    writeBaseline(file, b);
    const read = readBaseline(file);
    expect(read).toEqual({ ok: true, baseline: b });
    expect(Object.keys(b.scenarios['x.yaml'])).not.toContain('ttft.p50'); // absent from the summary
  });

  it('a misspelt metric or a bad direction in the baseline is named with its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-baseline-'));
    const file = join(dir, 'baseline.json');
    writeFileSync(
      file,
      JSON.stringify({ fleetsim: 'regress-baseline/1', tolerances: { 'ttft.p59': { direction: 'lower', relative: 0.1, absolute: 0 }, 'ttft.p95': { direction: 'down', relative: 0.1, absolute: 0 } }, scenarios: {} }, null, 2),
    );
    const r = readBaseline(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.join('\n')).toMatch(/baseline\.json:\d+:\d+: tolerances\.ttft\.p95\.direction: /);
    const missing = readBaseline(join(dir, 'nope.json'));
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems[0]).toMatch(/no such file/);
    writeFileSync(file, JSON.stringify({ fleetsim: 'regress-baseline/1', tolerances: { 'ttft.p59': { direction: 'lower', relative: 0.1, absolute: 0 } }, scenarios: {} }, null, 2));
    const typo = readBaseline(file);
    expect(typo.ok).toBe(false);
    if (!typo.ok) expect(typo.problems[0]).toMatch(/baseline\.json:4:\d+: tolerances\.ttft\.p59: unknown metric `ttft\.p59`; did you mean `ttft\.p50`/);
  });
});
