import { describe, expect, it } from 'vitest';
import { enumerate, knownAccelerators } from '../../src/experiments/plan/candidates.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { defaultForm, planRequest, type FormValues } from '../../src/tui/form.js';
import { join } from 'node:path';
import { fixture } from '../e2e/helpers.js';

const file = fixture('sweep-ladder.yaml');
const raw = () => {
  const l = loadScenarioFile(file);
  if (!l.ok) throw new Error('fixture');
  return l.raw;
};

describe('the planning form', () => {
  it('starts from the scenario: its model, rate, SLO, router and stop (at most a minute), plan\'s default search space', () => {
    const f = defaultForm(raw(), { workers: 3 });
    expect(f).toMatchObject({ model: 'llama-3.1-8b', rate: '4', ttftP95: '0.5', tpotP95: '', budget: '', precisions: 'bf16,fp8', tp: '1,2,4,8', probeDuration: '40', workers: '3' });
    // plan's defaults for the other axes: the scenario's router, aggregated pods, no KV tier, 64 replicas
    expect(f).toMatchObject({ routers: 'optimized-baseline', pd: '0', pdRouter: 'pd', kvTiers: 'none', maxReplicas: '64' });
    expect(f.accelerators.split(',')).toContain('h100-sxm');
  });

  it('makes plan options: the model and SLO as overrides, a shorter probe run with its warmup scaled down', () => {
    const f: FormValues = { ...defaultForm(raw(), { workers: 2 }), rate: '8', tpotP95: '0.05', budget: '30', accelerators: 'h100-sxm, mi300x', precisions: 'bf16', tp: '1,2', probeDuration: '20' };
    const r = planRequest(file, f);
    if (!r.ok) throw new Error(r.problems.join('\n'));
    const o = r.request.options;
    expect(r.request).toMatchObject({ scenarioName: 'sweep-ladder', targetRate: 8, workers: 2 });
    expect(o.sets).toEqual(['model="llama-3.1-8b"', 'slo.ttftP95=0.5', 'slo.tpotP95=0.05', 'stop.duration=20', 'stop.requests=1000000000', 'stop.warmup=4']);
    expect(o.space).toEqual({ accelerators: ['h100-sxm', 'mi300x'], precisions: ['bf16'], tensorParallel: [1, 2], routers: ['optimized-baseline'], pd: [undefined], kvTiers: [{ name: 'none' }], pdRouter: 'pd' });
    expect(o.maxReplicas).toBe(64);
    expect(o.budget).toBe(30);
    expect(o.prices['h100-sxm']).toBeGreaterThan(0);
    expect((o.raw as { sweep?: unknown }).sweep).toBeUndefined();
    expect(o.ratePath).toBe('workload.arrival.rate');
  });

  it('a trace file replaces the workload, replayed at the rate the planner varies, and the model override reaches the screened scenario', () => {
    const trace = fixture('../../fixtures/traces/azure_llm_2023_conv.yaml'); // any existing file will do for the form
    const r = planRequest(file, { ...defaultForm(raw(), { workers: 2 }), model: 'qwen3-32b', rate: '3', trace, traceFormat: 'azure' });
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(r.request.options.ratePath).toBe('workload.trace.rate');
    expect(r.request.options.sets[1]).toBe(`workload={"trace":{"format":"azure","path":${JSON.stringify(trace)},"rate":3}}`);
    expect(r.request.options.raw).toMatchObject({ model: 'qwen3-32b', workload: { trace: { format: 'azure', path: trace, rate: 3 } } });
    const missing = planRequest(file, { ...defaultForm(raw(), { workers: 2 }), trace: 'no/such.csv' });
    expect(missing.ok || missing.problems).toEqual(['trace file: no/such.csv does not exist']);
  });

  it('searches the P/D splits, KV tiers, routers and max replicas typed, as plan\'s --pd, --kv-tiers, --routers, --pd-router, --max-replicas', () => {
    const f: FormValues = { ...defaultForm(raw(), { workers: 2 }), accelerators: 'h100-sxm', precisions: 'bf16', tp: '2', routers: 'optimized-baseline, round-robin', pd: '0,1:2', pdRouter: 'pd', kvTiers: 'none,cpu:256+nvme:2048', maxReplicas: '16' };
    const r = planRequest(file, f);
    if (!r.ok) throw new Error(r.problems.join('\n'));
    const o = r.request.options;
    expect(o.space).toEqual({
      accelerators: ['h100-sxm'],
      precisions: ['bf16'],
      tensorParallel: [2],
      routers: ['optimized-baseline', 'round-robin'],
      pd: [undefined, { prefill: 1, decode: 2 }],
      kvTiers: [{ name: 'none' }, { name: 'cpu+nvme', cpuGiB: 256, nvmeGiB: 2048 }],
      pdRouter: 'pd',
    });
    expect(o.maxReplicas).toBe(16);
    // the candidates the planner will screen: two routers for aggregated pods, the P/D router for the split
    expect(enumerate(o.space, o.raw).map((c) => `${c.id} ${c.router}`)).toEqual([
      'h100-sxm-bf16-tp2-optimized-baseline optimized-baseline',
      'h100-sxm-bf16-tp2-round-robin round-robin',
      'h100-sxm-bf16-tp2-kvcpu-nvme-optimized-baseline optimized-baseline',
      'h100-sxm-bf16-tp2-kvcpu-nvme-round-robin round-robin',
      'h100-sxm-bf16-tp2-p1d2 pd',
      'h100-sxm-bf16-tp2-p1d2-kvcpu-nvme pd',
    ]);
  });

  it('an empty routers field is the scenario\'s router, an empty P/D router plan\'s default', () => {
    const r = planRequest(file, { ...defaultForm(raw(), { workers: 2 }), routers: ' ', pdRouter: '' });
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(r.request.options.space.routers).toEqual(['optimized-baseline']);
    expect(r.request.options.space.pdRouter).toBeUndefined();
  });

  it('a bad P/D split, KV tier or max replicas gets fleetsim plan\'s message under the field\'s name', () => {
    const r = planRequest(file, { ...defaultForm(raw(), { workers: 2 }), pd: '0,2', kvTiers: 'none,ssd', maxReplicas: '0' });
    expect(r.ok || r.problems).toEqual([
      'P/D splits: expected 0 (aggregated) or PREFILL:DECODE pods such as 1:2 (1-16 each), got `2`',
      'KV tiers: expected none, cpu, cpu+nvme (sizes per pod optional: cpu:256+nvme:2048 GiB), got `ssd`',
      'max replicas must be a positive integer, got 0',
    ]);
    const empty = planRequest(file, { ...defaultForm(raw(), { workers: 2 }), pd: '', kvTiers: ' , ' });
    expect(empty.ok || empty.problems).toEqual(['P/D splits: name at least one', 'KV tiers: name at least one']);
  });

  it('lists every bad value at once', () => {
    const r = planRequest(file, { ...defaultForm(raw(), { workers: 2 }), rate: 'x', ttftP95: '', tpotP95: '', accelerators: 'h100', precisions: 'fp16', tp: '3', workers: '1.5' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      'rate: expected a positive number, got `x`',
      'SLO: set TTFT p95 or TPOT p95',
      'workers: expected a whole number, got 1.5',
      `accelerators: unknown accelerator \`h100\`; known: ${knownAccelerators().join(', ')}`,
      'precisions: unknown precision `fp16`; use bf16, fp8, fp4, int8',
      'TP sizes: tensor-parallel sizes are 1, 2, 4, 8, got `3`',
    ]);
  });

  it('a load that varies over time starts the form at its peak and is probed as plan --over-time probes it; the day keeps its own arrivals and length', () => {
    const day = join(__dirname, '..', 'fixtures', 'tui', 'short-day.yaml');
    const l = loadScenarioFile(day);
    if (!l.ok) throw new Error('fixture');
    const f = defaultForm(l.raw, { workers: 2, peak: 10.8 });
    expect(f.rate).toBe('10.8');
    const r = planRequest(day, { ...f, probeDuration: '30' });
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(r.request.options.sets).toEqual([
      'model="llama-3.1-8b"',
      'slo.ttftP95=1',
      'workload.arrival={"process":"poisson","rate":1}',
      'autoscaler.variants={}',
      'stop.duration=30',
      'stop.requests=1000000000',
      'stop.warmup=0',
    ]);
    expect(r.request.day.sets).toEqual(['model="llama-3.1-8b"', 'slo.ttftP95=1']);
    expect(r.request.day.poolName).toBe('h100');
    expect(r.request.day.load).toMatchObject({ varies: true, duration: 600 });
    // a constant load carries the message the `o` key shows, and its probes are the scenario's own
    const constant = planRequest(file, defaultForm(raw(), { workers: 2 }));
    if (!constant.ok) throw new Error(constant.problems.join('\n'));
    expect(constant.request.day.load.varies).toBe(false);
    expect(constant.request.options.sets.some((s) => s.startsWith('workload.arrival='))).toBe(false);
  });
});
