import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paretoFront, type CandidateResult } from '../../src/experiments/plan/plan.js';
import { enumerate } from '../../src/experiments/plan/candidates.js';
import { cli, fixture } from './helpers.js';

const fake = (id: string, cost: number, rate: number) => ({ config: { id }, status: 'meets', costPerHour: cost, fleetRate: rate }) as unknown as CandidateResult;

describe('plan building blocks', () => {
  it('enumerates the product of the search space', () => {
    const c = enumerate({ accelerators: ['h100-sxm', 'mi300x'], precisions: ['bf16', 'fp8'], tensorParallel: [1, 2, 4], routers: ['a'] });
    expect(c).toHaveLength(12);
    expect(c[0].sets).toContain('cluster.pools.0.accelerator="h100-sxm"');
    expect(new Set(c.map((x) => x.id)).size).toBe(12);
  });

  it('the Pareto front keeps a fleet only if it holds more rate than every cheaper one', () => {
    const front = paretoFront([fake('a', 10, 5), fake('b', 12, 4), fake('c', 12, 9), fake('d', 20, 9), fake('e', 30, 15)]);
    expect(front.map((f) => f.config.id)).toEqual(['a', 'c', 'e']);
  });
});

describe('fleetsim plan, end to end', () => {
  it('finds the cheapest fleet holding the rate under the SLO, and its exported scenario reruns within the SLO', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fleetsim-plan-'));
    const r = await cli('plan', fixture('sweep-ladder.yaml'), '--rate', '20', '--slo', 'ttftP95=0.5', '--accelerators', 'h100-sxm,mi300x', '--precisions', 'bf16', '--tp', '1,2,8', '--workers', '2', '--out', out, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as { best: { id: string; replicas: number; costPerHour: number }; front: { id: string }[]; candidates: { id: string; status: string; costPerHour: number | null }[] };
    expect(res.candidates).toHaveLength(6);
    const meets = res.candidates.filter((c) => c.status === 'meets');
    expect(meets.length).toBeGreaterThan(1);
    // the best is the cheapest of those that meet the target
    expect(res.best.costPerHour).toBe(Math.min(...meets.map((c) => c.costPerHour!)));
    expect(res.front[0].id).toBe(res.best.id);
    // the report explains the ranking per accelerator
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    for (const acc of ['h100-sxm', 'mi300x']) expect(html).toMatch(new RegExp(`${acc}-bf16-tp\\d[^<]*TB/s HBM[^<]*TP all-reduce`));
    const files = readdirSync(join(out, 'fleets'));
    expect(files).toContain(`${res.best.id}.yaml`);
    const rerun = await cli('run', join(out, 'fleets', `${res.best.id}.yaml`), '--json', '--out', out);
    expect(rerun.code).toBe(0);
    const s = JSON.parse(rerun.stdout);
    expect(s.throughput.requestsPerSec).toBeGreaterThan(18);
    expect(s.slo.goodput).toBeGreaterThanOrEqual(0.99);
    expect(s.ttft.p95).toBeLessThanOrEqual(0.5);
  });

  it('searches P/D splits and KV tiers: deterministic whatever the workers, exported fleets rerun to the same figures', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fleetsim-plan-pd-'));
    const args = ['plan', fixture('sweep-ladder.yaml'), '--rate', '12', '--slo', 'ttftP95=0.5', '--accelerators', 'h100-sxm', '--precisions', 'bf16', '--tp', '1', '--pd', '0,1:1', '--kv-tiers', 'none,cpu', '--probe-duration', '20', '--out', out, '--json'];
    const r = await cli(...args, '--workers', '2');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    type Brief = { id: string; pd: string | null; kvTier: string; status: string; replicas: number; gpus: number; ttftP95AtTarget: number | null; tpotP95AtTarget: number | null };
    const res = JSON.parse(r.stdout) as { best: Brief; front: Brief[]; candidates: Brief[] };
    expect(res.candidates.map((c) => c.id).sort()).toEqual(['h100-sxm-bf16-tp1', 'h100-sxm-bf16-tp1-kvcpu', 'h100-sxm-bf16-tp1-p1d1', 'h100-sxm-bf16-tp1-p1d1-kvcpu']);
    const pd = res.candidates.find((c) => c.id === 'h100-sxm-bf16-tp1-p1d1-kvcpu')!;
    expect(pd.pd).toBe('1:1');
    expect(pd.kvTier).toBe('cpu');
    if (pd.replicas !== null) expect(pd.gpus).toBe(2 * pd.replicas);
    // Same result with one worker: rounds decide from finished runs only.
    const one = await cli(...args, '--workers', '1');
    expect(one.stdout).toBe(r.stdout);
    for (const f of res.front) {
      const rerun = await cli('run', join(out, 'fleets', `${f.id}.yaml`), '--json', '--out', out);
      expect(rerun.code).toBe(0);
      const s = JSON.parse(rerun.stdout);
      expect(s.ttft.p95).toBe(f.ttftP95AtTarget);
      expect(s.tpot.p95).toBe(f.tpotP95AtTarget);
      expect(s.slo.goodput).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('bad flags are named, exit 2', async () => {
    const pd = await cli('plan', fixture('sweep-ladder.yaml'), '--pd', '0,2');
    expect(pd.code).toBe(2);
    expect(pd.stderr).toMatch(/--pd: expected 0 \(aggregated\) or PREFILL:DECODE .*got `2`/);
    const kv = await cli('plan', fixture('sweep-ladder.yaml'), '--kv-tiers', 'none,ssd');
    expect(kv.code).toBe(2);
    expect(kv.stderr).toMatch(/--kv-tiers: expected none, cpu, cpu\+nvme .*got `ssd`/);
    const slo = await cli('plan', fixture('sweep-ladder.yaml'), '--slo', 'ttft=2');
    expect(slo.code).toBe(2);
    expect(slo.stderr).toMatch(/--slo: unknown target `ttft`/);
    // an empty --slo (an unset shell variable) used to fall back to the scenario's SLO silently
    const emptySlo = await cli('plan', fixture('sweep-ladder.yaml'), '--slo', '');
    expect(emptySlo.code).toBe(2);
    expect(emptySlo.stderr).toMatch(/--slo: empty; use ttftP95=SECONDS/);
    const acc = await cli('plan', fixture('sweep-ladder.yaml'), '--accelerators', 'h100');
    expect(acc.code).toBe(2);
    expect(acc.stderr).toMatch(/--accelerators: unknown accelerator `h100`/);
    // an unknown router used to prune every candidate silently and exit 1 (no fleet found)
    const router = await cli('plan', fixture('sweep-ladder.yaml'), '--routers', 'round-robin,optimised-baseline');
    expect(router.code).toBe(2);
    expect(router.stderr).toMatch(/^--routers: no shipped router config `optimised-baseline` and no file .*optimised-baseline; shipped: /m);
    const pdRouter = await cli('plan', fixture('sweep-ladder.yaml'), '--pd', '1:1', '--pd-router', 'bad-epp-config.yaml');
    expect(pdRouter.code).toBe(2);
    expect(pdRouter.stderr).toMatch(/bad-epp-config\.yaml:5:9: plugins\.1\.type: unknown plugin type "prefix-cache-scorrer"/);
    const tp = await cli('plan', fixture('sweep-ladder.yaml'), '--tp', '2,x');
    expect(tp.code).toBe(2);
    expect(tp.stderr).toContain('--tp: tensor-parallel sizes are 1, 2, 4, 8, got `x`');
  });
});
