import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, fixture, runFixture } from './helpers.js';

const DAY = ['--set', 'workload.arrival.period=3600', '--set', 'stop.duration=3600'];

describe('variant autoscaler, end to end', () => {
  it('fleetsim run resizes the pool over a diurnal day and bills GPU-hours', async () => {
    const s = await runFixture('autoscale-day.yaml');
    const a = s.autoscaling!;
    expect(a.variants[0].scaleUps).toBeGreaterThan(0);
    expect(a.variants[0].scaleDowns).toBeGreaterThan(0);
    expect(a.variants[0].peakReplicas).toBeGreaterThan(1);
    // Billed between 1 replica all day and the peak all day (8B on one H100: 1 GPU per replica).
    const hours = s.sim.simulatedSeconds / 3600;
    expect(a.gpuHours).toBeGreaterThan(hours);
    expect(a.gpuHours).toBeLessThan(a.variants[0].peakReplicas * hours);
    expect(s.requests.completed + s.requests.rejected + (s.requests.failed ?? 0)).toBe(s.requests.arrived);
  });

  it('a P/D fleet: a decode-bound load step grows the decode pool and leaves the prefill pool alone', async () => {
    const s = await runFixture('pd-autoscale.yaml');
    const a = s.autoscaling!;
    const [prefill, decode] = a.variants;
    expect([prefill.name, decode.name]).toEqual(['prefill', 'decode']);
    expect(prefill.scaleUps + prefill.scaleDowns).toBe(0);
    expect(decode.peakReplicas).toBeGreaterThan(3);
    expect(decode.scaleDowns).toBeGreaterThan(0);
    // The first scale-up follows the step (t = 120) within two reconciles.
    expect(a.events[0].t).toBeGreaterThan(120);
    expect(a.events[0].t).toBeLessThanOrEqual(150);
    // Each new decode pod joined the EPP's decode endpoints; every request went prefill → decode.
    const served = s.pods.filter((p) => p.name.startsWith('decode-') && p.requests > 0);
    expect(served.length).toBe(decode.peakReplicas);
    expect(s.pods.filter((p) => p.name.startsWith('prefill-') && p.requests > 0).map((p) => p.name)).toEqual(['prefill-0']);
    expect(s.kvTransfer!.transfers).toBe(s.requests.arrived);
    expect(s.requests.completed).toBe(s.requests.arrived);
    expect(a.gpuHours).toBeCloseTo(prefill.gpuHours + decode.gpuHours, 6);
  });

  it('a P/D fleet: a prefill-bound load step (long prompts, 2-token answers) grows the prefill pool; decode at most one pod, briefly', async () => {
    const s = await runFixture(
      'pd-autoscale.yaml',
      '--set', 'workload.prompt={dist: fixed, value: 4000}',
      '--set', 'workload.output={dist: fixed, value: 2}',
      '--set', 'workload.arrival.stages=1:120, 20:240, 1:240',
    );
    const a = s.autoscaling!;
    const [prefill, decode] = a.variants;
    expect(prefill.peakReplicas).toBe(3);
    // The step (t = 120) grows the prefill pool first, to its max within two reconciles.
    expect(a.events.slice(0, 2).map((e) => [e.variant, e.to])).toEqual([['prefill', 2], ['prefill', 3]]);
    expect(a.events[1].t).toBeLessThanOrEqual(150);
    // The decode pool is not grown by the step itself. When the prefill backlog (built while the
    // prefill pool was scaled down mid-step) drains, bursts of KV pulls wait in decode-0's queue
    // (vLLM counts them in num_requests_waiting), and since H100 BF16 GEMMs took vLLM's measured
    // kernel times that burst lands on a scrape: one decode pod more for 90 s (t 345-435), 56 of
    // 5118 requests. So: at most one more decode pod (after the prefill pool's two scale-ups, above),
    // and the decode pool billed less than the prefill pool.
    expect(decode.peakReplicas).toBeLessThanOrEqual(2);
    expect(decode.gpuHours).toBeLessThan(prefill.gpuHours);
    // The new prefill pods joined the EPP's prefill endpoints and took prompts.
    const prefills = s.pods.filter((p) => p.name.startsWith('prefill-'));
    expect(prefills.every((p) => p.requests > 0)).toBe(true);
    expect(prefills.reduce((n, p) => n + p.requests, 0)).toBe(s.requests.arrived);
    expect(s.requests.completed).toBe(s.requests.arrived);
  });

  it('scale to zero: the idle pool goes to zero, the first request after the lull wakes it and waits for the cold start', async () => {
    const s = await runFixture('scale-to-zero.yaml');
    const a = s.autoscaling!;
    expect(a.variants[0].minReplicas).toBe(0);
    const [down, up] = a.events;
    // Idle from ~60 s: 60 s without a request, then the 30 s stabilization, at a 15 s reconcile.
    expect(down).toMatchObject({ t: 150, from: 1, to: 0 });
    // The first arrival of the last stage (t ≥ 360) scales it from zero at once.
    expect(up.from).toBe(0);
    expect(up.to).toBe(1);
    expect(up.t).toBeGreaterThanOrEqual(360);
    expect(up.t).toBeLessThan(362);
    const c = a.coldStarts!;
    // That request waits the 20 s provisioning delay plus the pod's start-up (10 s init + weights).
    expect(c.maxWaitSeconds).toBeGreaterThan(30);
    expect(c.maxWaitSeconds).toBeLessThan(40);
    expect(c.requests).toBeGreaterThan(40);
    expect(s.requests.completed).toBe(s.requests.arrived);
    expect(s.stages![2].ttft.p95).toBeGreaterThan(20); // the waits show in TTFT
    // With a 5 s client timeout, those that would wait longer give up at their deadline.
    const t = await runFixture('scale-to-zero.yaml', '--set', 'workload.requestTimeout=5');
    expect(t.autoscaling!.coldStarts!.maxWaitSeconds).toBe(5);
    expect(t.requests.timedOut).toBeGreaterThan(0);
    expect(t.requests.completed + t.requests.failed!).toBe(t.requests.arrived);
  });

  it('minReplicas 0 on a P/D pool is a named error with exit 2', async () => {
    const r = await cli('run', fixture('pd-autoscale.yaml'), '--set', 'autoscaler.variants.decode.minReplicas=0');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/autoscaler\.variants\.decode\.minReplicas: pool `decode` has role decode: scale to zero is for aggregated pools/);
  });

  it('a variant naming no pool, or a start outside its bounds, is a named error with exit 2', async () => {
    const bad = await cli('run', fixture('autoscale-day.yaml'), '--set', 'autoscaler.variants={h200: {maxReplicas: 4}}');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/autoscaler\.variants\.h200: no pool `h200`/);
    const out = await cli('run', fixture('autoscale-day.yaml'), '--set', 'cluster.pools.0.replicas=9');
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/autoscaler\.variants\.h100\.maxReplicas: the pool starts with 9 replicas/);
    const typo = await cli('run', fixture('autoscale-day.yaml'), '--set', 'autoscaler.kvCacheTreshold=0.7');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/kvCacheTreshold/);
  });

  it('plan --over-time: the QoS-aware autoscaler uses fewer GPU-hours than the static peak-sized fleet at ≥ 99 % SLO attainment', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fleetsim-over-time-'));
    const r = await cli('plan', fixture('autoscale-day.yaml'), '--over-time', '--accelerators', 'h100-sxm', '--precisions', 'bf16', '--tp', '1', '--probe-duration', '60', '--workers', '2', '--out', out, '--json', ...DAY);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as { overTime: { chosen: string; gpuHourSavings: number; autoscaledMeetsSlo: boolean; arms: { name: string; gpuHours: number; sloAttainment: number; maxReplicas: number; minReplicas: number }[] } };
    const ot = res.overTime;
    const [stat, sat, qos] = ot.arms;
    expect(ot.arms.map((a) => a.name)).toEqual(['static', 'wva-saturation', 'wva-qos']);
    expect(stat.minReplicas).toBe(stat.maxReplicas);
    expect(qos.sloAttainment).toBeGreaterThanOrEqual(0.99);
    expect(qos.gpuHours).toBeLessThan(stat.gpuHours * 0.9);
    expect(ot.autoscaledMeetsSlo).toBe(true);
    expect(ot.gpuHourSavings).toBeGreaterThan(0.1);
    // The saturation analyzer alone reacts later than the rate-sized optimizer.
    expect(sat.sloAttainment).toBeLessThanOrEqual(qos.sloAttainment);
    // Each fleet's scenario reruns with fleetsim run and gives the same figures.
    const rerun = await cli('run', join(out, 'over-time', `${ot.chosen}.yaml`), '--json', '--out', out);
    expect(rerun.code).toBe(0);
    const again = JSON.parse(rerun.stdout) as { autoscaling: { gpuHours: number } };
    expect(again.autoscaling.gpuHours).toBeCloseTo(ot.arms.find((a) => a.name === ot.chosen)!.gpuHours, 6);
    expect(readFileSync(join(out, 'over-time', 'index.html'), 'utf8')).toContain('over-time.svg');
  }, 120_000);

  it('plan --over-time replays a trace (sized for --rate): every fleet sees the same requests', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fleetsim-over-time-trace-'));
    const trace = join(__dirname, '..', 'fixtures', 'traces', 'azure_llm_2023_conv.yaml');
    const engine = 'cluster.pools.0.engine={maxNumSeqs: 16, gpuMemoryUtilization: 0.3, maxModelLen: 16384}';
    const r = await cli('plan', trace, '--over-time', '--rate', '12', '--slo', 'ttftP95=1', '--accelerators', 'h100-sxm', '--precisions', 'bf16', '--tp', '1', '--probe-duration', '120', '--set', engine, '--out', out, '--json');
    expect(r.stderr).toBe('');
    const res = JSON.parse(r.stdout) as { overTime: { gpuHourSavings: number; arms: { name: string; gpuHours: number; sloAttainment: number }[] } };
    const [stat, , qos] = res.overTime.arms;
    expect(qos.gpuHours).toBeLessThan(stat.gpuHours);
    expect(qos.sloAttainment).toBeGreaterThanOrEqual(0.99);
    // Without --rate a trace gives no peak to size for.
    const bad = await cli('plan', trace, '--over-time', '--slo', 'ttftP95=1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/replays a trace: give the peak rate to size for with --rate/);
  }, 60_000);

  it('fleetsim run autoscales a replayed trace', async () => {
    const trace = join(__dirname, '..', 'fixtures', 'traces', 'azure_llm_2023_conv.yaml');
    const r = await cli('run', trace, '--json', '--out', mkdtempSync(join(tmpdir(), 'fleetsim-')),
      '--set', 'cluster.pools.0.engine={maxNumSeqs: 16, gpuMemoryUtilization: 0.3, maxModelLen: 16384}', '--set', 'cluster.pools.0.replicas=1',
      '--set', 'autoscaler={interval: 15, sampleInterval: 5, metricsWindow: 15, scaleDownStabilization: 60, variants: {main: {maxReplicas: 6}}}');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { requests: { arrived: number; completed: number }; autoscaling: { variants: { scaleUps: number; peakReplicas: number }[] } };
    expect(s.requests.completed).toBe(s.requests.arrived);
    expect(s.requests.arrived).toBe(19366); // the whole trace
    expect(s.autoscaling.variants[0].scaleUps).toBeGreaterThan(0);
  }, 60_000);

  it('plan --over-time on a workload without a rate over time is an input error', async () => {
    const r = await cli('plan', fixture('autoscale-day.yaml'), '--over-time', '--set', 'workload.arrival={process: burst}', '--set', 'stop.requests=10');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--over-time: .*workload\.arrival: needs a rate over time/);
  });

  it('plan --over-time --pd 1:1: both P/D pools are variants; the autoscaled arms resize them; each arm reruns', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fleetsim-over-time-pd-'));
    // Kept fast: four P/D candidates, 60 s probes, the fixture's 20-minute day.
    const r = await cli('plan', fixture('autoscale-day.yaml'), '--over-time', '--pd', '1:1', '--accelerators', 'h100-sxm', '--precisions', 'bf16,fp8', '--tp', '1,2', '--probe-duration', '60', '--workers', '2', '--out', out, '--json');
    expect(r.stderr).toBe('');
    type Pool = { name: string; initialReplicas: number; minReplicas: number; maxReplicas: number };
    const res = JSON.parse(r.stdout) as { best: { pd: string; replicas: number }; overTime: { arms: { name: string; gpuHours: number; pools: Pool[]; scaleEvents: number }[] } };
    expect(res.best.pd).toBe('1:1');
    const units = res.best.replicas;
    const arms = res.overTime.arms;
    expect(arms.map((a) => a.name)).toEqual(['static', 'wva-saturation', 'wva-qos']);
    const [stat, ...scaled] = arms;
    expect(stat.pools.map((p) => [p.name, p.minReplicas, p.maxReplicas])).toEqual([
      ['prefill', units, units],
      ['decode', units, units],
    ]);
    expect(stat.scaleEvents).toBe(0);
    for (const a of scaled) {
      expect(a.pools.map((p) => p.name)).toEqual(['prefill', 'decode']);
      expect(a.pools.every((p) => p.minReplicas === 1 && p.maxReplicas >= units)).toBe(true);
      expect(a.scaleEvents).toBeGreaterThan(0);
    }
    // Each arm's scenario reruns with fleetsim run: same bill, summed over both pools, both pools variants.
    for (const a of arms) {
      const rerun = await cli('run', join(out, 'over-time', `${a.name}.yaml`), '--json', '--out', out);
      expect(rerun.code).toBe(0);
      const s = JSON.parse(rerun.stdout) as { autoscaling: { gpuHours: number; variants: { name: string; gpuHours: number; scaleUps: number }[] } };
      expect(s.autoscaling.gpuHours).toBeCloseTo(a.gpuHours, 6);
      expect(s.autoscaling.variants.map((v) => v.name)).toEqual(['prefill', 'decode']);
      expect(s.autoscaling.gpuHours).toBeCloseTo(s.autoscaling.variants[0].gpuHours + s.autoscaling.variants[1].gpuHours, 6);
      if (a.name !== 'static') expect(s.autoscaling.variants.some((v) => v.scaleUps > 0)).toBe(true);
    }
    // The report's table gives both pools' replicas.
    expect(readFileSync(join(out, 'over-time', 'over-time.csv'), 'utf8')).toContain(`prefill ${units}, decode ${units}`);
  }, 120_000);
});
