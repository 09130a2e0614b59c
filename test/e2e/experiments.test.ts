import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../src/sim/metrics/summary.js';
import { cli, fixture, runFixture } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'fleetsim-exp-'));
const strip = (s: Summary) => JSON.stringify({ ...s, point: {}, sim: { ...s.sim, wallSeconds: 0, peakRssMB: 0 } });
const suiteDir = join(__dirname, '..', '..', 'regress');

describe('fleetsim sweep', () => {
  it('runs the sweep block on two workers; each point equals running it alone; CSV, summaries and report written', async () => {
    const out = tmp();
    const r = await cli('sweep', fixture('sweep-ladder.yaml'), '--workers', '2', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sweep of sweep-ladder: 4 points/);
    const csv = parseCsv(readFileSync(join(out, 'sweep.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(csv.map((row) => Number(row['workload.arrival.rate']))).toEqual([2, 8, 16, 32]);
    const dirs = readdirSync(join(out, 'points')).sort();
    expect(dirs).toHaveLength(4);
    for (const [i, rate] of [[0, 2], [3, 32]] as const) {
      const swept = JSON.parse(readFileSync(join(out, 'points', dirs[i], 'summary.json'), 'utf8')) as Summary;
      expect(swept.point).toEqual({ 'workload.arrival.rate': rate });
      const alone = await runFixture('sweep-ladder.yaml', '--set', `workload.arrival.rate=${rate}`);
      expect(strip(swept)).toBe(strip(alone));
      expect(Number(csv[i]['ttft.p95'])).toBe(alone.ttft.p95);
    }
    // load shows in the curves: higher rate, more throughput and a longer TTFT tail
    expect(Number(csv[3]['throughput.outputTokensPerSec'])).toBeGreaterThan(Number(csv[0]['throughput.outputTokensPerSec']) * 4);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html).not.toMatch(/<script/);
    expect(existsSync(join(out, 'curves.png'))).toBe(true);
  });

  it('--set path=v1,v2 replaces the file axis; a bad value is a named --set error, exit 2', async () => {
    const out = tmp();
    const r = await cli('sweep', fixture('sweep-ladder.yaml'), '--set', 'workload.arrival.rate=3,6', '--workers', '1', '--out', out, '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Summary[];
    expect(rows.map((s) => s.point)).toEqual([{ 'workload.arrival.rate': 3 }, { 'workload.arrival.rate': 6 }]);
    const bad = await cli('sweep', fixture('sweep-ladder.yaml'), '--set', 'workload.arrival.rate=3,-6', '--out', out);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--set: workload\.arrival\.rate: /);
    expect(bad.stderr).not.toMatch(/ at /);
  });

  it('--find-max-rate brackets the highest rate meeting the SLO', async () => {
    const out = tmp();
    const r = await cli('sweep', fixture('sweep-ladder.yaml'), '--find-max-rate', '--tolerance', '0.1', '--workers', '2', '--out', out, '--json');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as { maxRate: number; failRate: number; probes: { rate: number; attainment: number; ok: boolean }[] };
    expect(res.maxRate).toBeGreaterThan(2);
    expect(res.failRate).toBeGreaterThan(res.maxRate);
    expect((res.failRate - res.maxRate) / res.failRate).toBeLessThanOrEqual(0.1);
    expect(res.probes.find((p) => p.rate === res.maxRate)!.attainment).toBeGreaterThanOrEqual(0.99);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  });
});

describe('fleetsim ab', () => {
  it('a policy against itself: no significant difference on any metric', async () => {
    const r = await cli('ab', fixture('sweep-ladder.yaml'), '--router', 'optimized-baseline', '--router', 'optimized-baseline', '--replications', '3', '--set', 'workload.arrival.rate=16', '--workers', '2', '--out', tmp(), '--json');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as { points: { deltas: { metric: string; verdict: string }[] }[] };
    expect(res.points).toHaveLength(1);
    expect(res.points[0].deltas.map((d) => d.metric)).toEqual(['ttft.p50', 'ttft.p95', 'ttft.p99', 'tpot.p95', 'throughput.outputTokensPerSec', 'prefixCache.hitRate', 'slo.goodput']);
    for (const d of res.points[0].deltas) expect(d.verdict).toBe('no significant difference');
  });

  it('prefix-aware routing against round robin: lower TTFT with an interval excluding 0, higher hit rate', async () => {
    const out = tmp();
    const r = await cli('ab', fixture('sweep-ladder.yaml'), '--router', 'round-robin', '--router', 'optimized-baseline', '--replications', '3', '--set', 'workload.arrival.rate=16,24', '--workers', '2', '--out', out, '--json');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as { arms: string[]; points: { point: Record<string, number>; deltas: { metric: string; verdict: string; upper: number; relPct: number }[] }[] };
    expect(res.arms).toEqual(['round-robin', 'optimized-baseline']);
    for (const p of res.points) {
      const ttft = p.deltas.find((d) => d.metric === 'ttft.p95')!;
      expect(ttft.verdict).toBe('better');
      expect(ttft.upper).toBeLessThan(0);
      expect(ttft.relPct).toBeLessThan(-30);
      expect(p.deltas.find((d) => d.metric === 'ttft.p50')!.verdict).toBe('better');
      expect(p.deltas.find((d) => d.metric === 'prefixCache.hitRate')!.verdict).toBe('better');
    }
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toMatch(/round-robin vs optimized-baseline/);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4);
  });

  it('bad arms: a named error and exit 2', async () => {
    const one = await cli('ab', fixture('sweep-ladder.yaml'), '--router', 'optimized-baseline');
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/exactly two --router/);
    const missing = await cli('ab', fixture('sweep-ladder.yaml'), '--router', 'nope.yaml', '--router', 'random');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--router: no shipped router config `nope\.yaml`/);
    const reps = await cli('ab', fixture('sweep-ladder.yaml'), fixture('sweep-ladder.yaml'), '--replications', '1');
    expect(reps.code).toBe(2);
    expect(reps.stderr).toMatch(/--replications must be ≥ 2/);
  });
});

describe('fleetsim regress', () => {
  it('passes on the shipped suite and baseline', async () => {
    const md = join(tmp(), 'summary.md');
    const r = await cli('regress', suiteDir, '--baseline', join(suiteDir, 'baseline.json'), '--markdown', md, '--workers', '2');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/regress passed: no regression/);
    expect(readFileSync(md, 'utf8')).toMatch(/✅ no regression/);
  });

  it('fails (exit 1) when the prefix scorer is swapped for random picking, naming the metric and the size', async () => {
    const dir = tmp();
    cpSync(suiteDir, dir, { recursive: true });
    const cfg = join(dir, 'configs', 'prefix-aware.yaml');
    writeFileSync(cfg, 'apiVersion: llm-d.ai/v1alpha1\nkind: EndpointPickerConfig\nplugins:\n- type: random-picker\n');
    const md = join(dir, 'summary.md');
    const r = await cli('regress', dir, '--baseline', join(dir, 'baseline.json'), '--markdown', md, '--workers', '2');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/regress FAILED/);
    const text = readFileSync(md, 'utf8');
    expect(text).toMatch(/❌ routing quality regressed/);
    expect(text).toMatch(/shared-prefix\.yaml: TTFT p95 regressed [\d.]+ ms → [\d.]+ ms \(\+\d+\.\d %, limit/);
    expect(text).toMatch(/shared-prefix\.yaml: prefix hit rate regressed/);
    expect(text).not.toMatch(/optimized-baseline\.yaml: .* regressed/); // its policy did not change
  });

  it('bad suite or baseline: named error, exit 2', async () => {
    const nodir = await cli('regress', join(tmp(), 'nope'), '--baseline', 'b.json');
    expect(nodir.code).toBe(2);
    expect(nodir.stderr).toMatch(/suite directory not found/);
    const nobase = await cli('regress', suiteDir, '--baseline', join(tmp(), 'none.json'));
    expect(nobase.code).toBe(2);
    expect(nobase.stderr).toMatch(/none\.json: cannot read baseline: no such file/);
    const noflag = await cli('regress', suiteDir);
    expect(noflag.code).toBe(2);
  });
});
