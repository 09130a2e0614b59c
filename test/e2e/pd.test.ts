import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Summary } from '../../src/sim/metrics/summary.js';
import { describe, expect, it } from 'vitest';
import { cli, fixture, runFixture } from './helpers.js';

describe('P/D disaggregation, end to end from the CLI', () => {
  it('every request prefills on a prefill pod, its KV crosses the link, and it decodes on a decode pod', async () => {
    const s = await runFixture('pd-8b.yaml');
    expect(s.requests.completed).toBe(s.requests.arrived);
    const k = s.kvTransfer!;
    expect(k.transfers).toBe(s.requests.arrived);
    // 5000 prompt tokens × 128 KiB of Llama-3.1-8B KV each, every one sent (no prefix sharing)
    expect(k.gigabytes).toBeCloseTo((s.requests.arrived * 5000 * 131072) / 1e9, 3);
    // one transfer: 655 MB over one 400G NIC at 90 %: ~14.6 ms
    expect(k.seconds.p50).toBeCloseTo(0.65536 / 45 + 5e-6, 3);
    const byPool = (prefix: string) => s.pods.filter((p) => p.name.startsWith(prefix));
    // prefill pods ran one step per request (5000 tokens fit one 8192-token step); decode pods all the decoding
    for (const p of byPool('prefill')) expect(p.steps).toBe(p.requests);
    for (const p of byPool('decode')) expect(p.steps).toBeGreaterThan(20 * p.requests);
    expect(s.ttft.p50).toBeGreaterThan(k.seconds.p50);
  });

  it('decode pods free of prefills: steadier inter-token latency than the aggregated fleet of the same GPUs', async () => {
    const pd = await runFixture('pd-8b.yaml', '--set', 'workload.arrival.rate=16');
    const agg = await runFixture('pd-8b-aggregated.yaml', '--set', 'workload.arrival.rate=16');
    // aggregated pods stall decodes behind 5000-token prefills: the ITL tail is a prefill step
    expect(agg.itl.p99).toBeGreaterThan(5 * pd.itl.p99);
    expect(pd.tpot.p95).toBeLessThan(agg.tpot.p95);
  });

  it('transfers contend: on a 25 GbE link, transfer time per request grows with the rate', async () => {
    const slow = ['--set', 'cluster.kvTransfer.link=eth-25g'];
    const low = await runFixture('pd-8b.yaml', ...slow, '--set', 'workload.arrival.rate=2');
    const high = await runFixture('pd-8b.yaml', ...slow, '--set', 'workload.arrival.rate=8');
    // alone: 655 MB at 3.125 GB/s × 0.9 ≈ 0.233 s; at 8 QPS each decode NIC carries 4 × 655 MB/s > 2.8 GB/s
    expect(low.kvTransfer!.seconds.p50).toBeCloseTo(0.65536 / 2.8125, 2);
    expect(high.kvTransfer!.seconds.p50).toBeGreaterThan(3 * low.kvTransfer!.seconds.p50);
    expect(high.ttft.p50).toBeGreaterThan(low.ttft.p50);
  });

  it('a P/D config written for the deprecated pd-profile-handler (with prefill-header-handler) runs unchanged: the same run', async () => {
    const now = await runFixture('pd-8b.yaml');
    const legacy = await runFixture('pd-8b.yaml', '--set', 'router.config=pd-always-legacy.yaml');
    const { sim: _a, ...a } = now;
    const { sim: _b, ...b } = legacy;
    expect(b).toEqual(a);
    expect(legacy.kvTransfer!.transfers).toBe(legacy.requests.arrived);
  });

  it('P/D pools with a round-robin Service, or without a link, are named input errors (exit 2)', async () => {
    const rr = await cli('run', fixture('pd-8b.yaml'), '--set', 'router.config=round-robin');
    expect(rr.code).toBe(2);
    expect(rr.stderr).toMatch(/router\.config: P\/D pools need an EPP config with a disagg-profile-handler/);
    const typo = await cli('run', fixture('pd-8b.yaml'), '--set', 'cluster.kvTransfer.link=ib-400');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/--set: cluster\.kvTransfer\.link: unknown link `ib-400` \(did you mean `ib-400g`\?\)/);
  });
});

describe('tiered KV cache (engine.kvOffload), end to end', () => {
  it('a working set larger than GPU KV: a CPU tier raises the hit rate ≥ 2× and lowers TTFT; NVMe too, more', async () => {
    const none = await runFixture('kv-tiers.yaml');
    const cpu = await runFixture('kv-tiers.yaml', '--set', 'cluster.pools.0.engine.kvOffload.cpuGiB=16');
    const nvme = await runFixture('kv-tiers.yaml', '--set', 'cluster.pools.0.engine.kvOffload.cpuGiB=16', '--set', 'cluster.pools.0.engine.kvOffload.nvmeGiB=64');
    expect(none.prefixCache.byTier).toBeUndefined();
    expect(cpu.prefixCache.hitRate).toBeGreaterThan(2 * none.prefixCache.hitRate);
    expect(nvme.prefixCache.hitRate).toBeGreaterThan(cpu.prefixCache.hitRate + 0.2);
    expect(cpu.ttft.mean).toBeLessThan(none.ttft.mean);
    expect(nvme.ttft.mean).toBeLessThan(cpu.ttft.mean);
    // the GPU share is the same cache either way; the extra hits come from the tiers
    expect(cpu.prefixCache.byTier!.cpu).toBeGreaterThan(0.2);
    expect(cpu.prefixCache.byTier!.nvme).toBe(0);
    expect(nvme.prefixCache.byTier!.nvme).toBeGreaterThan(0.2);
    const t = nvme.prefixCache.byTier!;
    expect(t.gpu + t.cpu + t.nvme).toBeCloseTo(nvme.prefixCache.hitRate, 6);
  });

  it('lazy offload (evicted blocks only) also recovers hits the GPU lost', async () => {
    const none = await runFixture('kv-tiers.yaml');
    const lazy = await runFixture('kv-tiers.yaml', '--set', 'cluster.pools.0.engine.kvOffload.cpuGiB=16', '--set', 'cluster.pools.0.engine.kvOffload.mode=lazy');
    expect(lazy.prefixCache.byTier!.cpu).toBeGreaterThan(0.1);
    expect(lazy.prefixCache.hitRate).toBeGreaterThan(none.prefixCache.hitRate * 1.5);
  });
});

describe('client request timeout (workload.requestTimeout, inference-perf request_timeout)', () => {
  it('an overloaded pod aborts what the client gave up on: counted as failed, nothing waits past the timeout', async () => {
    const s = await runFixture('overload.yaml', '--set', 'workload.requestTimeout=20');
    const r = s.requests;
    expect(r.timedOut).toBeGreaterThan(100);
    expect(r.failed).toBe(r.timedOut);
    expect(r.completed + r.rejected + r.failed! + r.inFlight).toBe(r.arrived);
    // finished requests all finished within the timeout (aborts happen at step boundaries)
    expect(s.e2e.p99).toBeLessThan(20.5);
    const without = await runFixture('overload.yaml');
    expect(without.requests.timedOut).toBeUndefined();
    expect(without.e2e.p99).toBeGreaterThan(30);
  });
});

describe('P/D against the aggregated fleet of the same GPUs (scenarios/pd-70b*.yaml, 11 QPS)', () => {
  const scenarios = join(__dirname, '..', '..', 'scenarios');
  // 11 QPS, the README's A/B: since H100 BF16 GEMMs and vLLM's TP all-reduces take their measured
  // kernel times it is past what either arm sustains, so both queue and TTFT grows with the window;
  // P/D's queue grows more slowly. Over the scenarios' own 120 s (20 s warmup; the README's window)
  // P/D's TTFT p95 is 9.3 s against 10.9 s (seed 1); over the 60 s this test once used the queues had
  // barely formed and the two p95s were within 6 % (3.39 vs 3.21 s), decided by P/D's extra hop
  // rather than by the stalls.
  const run = async (name: string, gbps: number) => {
    const r = await cli('run', join(scenarios, name), '--set', 'workload.arrival.rate=11', '--set', `cluster.kvTransfer.gbpsPerNic=${gbps}`, '--json', '--out', mkdtempSync(join(tmpdir(), 'fleetsim-pd-')));
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Summary;
  };

  it('over 400G RDMA P/D has the lower TTFT tail and a steadier TPOT; over 25 GbE its TTFT is many times worse', async () => {
    const agg = await run('pd-70b-aggregated.yaml', 400);
    const rdma = await run('pd-70b.yaml', 400);
    const eth = await run('pd-70b.yaml', 25);
    // The median pays the transfer and the extra hop; the tail is where P/D wins.
    expect(rdma.ttft.p95).toBeLessThan(agg.ttft.p95);
    expect(rdma.tpot.p95).toBeLessThan(agg.tpot.p95 / 3);
    expect(eth.ttft.p50).toBeGreaterThan(3 * agg.ttft.p50);
    expect(eth.kvTransfer!.seconds.p50).toBeGreaterThan(10 * rdma.kvTransfer!.seconds.p50);
  });
});
