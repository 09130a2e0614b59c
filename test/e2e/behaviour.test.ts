import { describe, expect, it } from 'vitest';
import { cli, fixture, runFixture } from './helpers.js';

describe('known effects, end to end from the CLI', () => {
  it('100 requests sharing a 6000-token system prompt hit the prefix cache for nearly the shared fraction', async () => {
    const s = await runFixture('shared-system-prompt.yaml');
    // 99 of 100 requests hit the 6000 shared tokens rounded down to whole blocks (5984 of 6200).
    const expected = (99 / 100) * (5984 / 6200);
    expect(s.prefixCache.hitRate).toBeGreaterThan(expected - 0.01);
    expect(s.prefixCache.hitRate).toBeLessThan(expected + 0.01);
    // Repeats prefill ~216 tokens instead of 6200: the median TTFT is far below the worst (the first).
    const cold = await runFixture('shared-system-prompt.yaml', '--set', 'cluster.pools.0.engine.enablePrefixCaching=false');
    expect(cold.prefixCache.hitRate).toBe(0);
    expect(s.ttft.p50).toBeLessThan(cold.ttft.p50 / 5);
  });

  it('overload: the queue grows, requests are preempted, and every request is accounted for', async () => {
    const s = await runFixture('overload.yaml');
    const r = s.requests;
    expect(r.preempted).toBeGreaterThan(0);
    expect(r.inFlight).toBeGreaterThan(r.arrived / 4);
    expect(s.pods[0].queueMean).toBeGreaterThan(10);
    expect(r.completed + r.inFlight + r.rejected).toBe(r.arrived);
  });

  it('same scenario and seed give a byte-identical summary, apart from wall time and memory', async () => {
    const strip = (s: Awaited<ReturnType<typeof runFixture>>) => JSON.stringify({ ...s, sim: { ...s.sim, wallSeconds: 0, peakRssMB: 0 } });
    const a = await runFixture('overload.yaml');
    const b = await runFixture('overload.yaml');
    expect(strip(a)).toBe(strip(b));
    const c = await runFixture('overload.yaml', '--set', 'seed=8');
    expect(strip(c)).not.toBe(strip(a));
  });

  it('bad input: one named error per problem with file:line:col, exit code 2, no stack trace', async () => {
    const r = await cli('run', fixture('bad-input.yaml'));
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(r.stderr).toMatch(/bad-input\.yaml:7:7: cluster\.pools\.0\.replicass: .*replicas/);
    expect(r.stderr).toMatch(/bad-input\.yaml:8:20: cluster\.pools\.0\.accelerator: .*h100-sxm/);
    expect(r.stderr).toMatch(/bad-input\.yaml:10:38: workload\.arrival\.rate: /);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('a YAML syntax error is reported with its line, exit code 2', async () => {
    const r = await cli('run', fixture('bad-syntax.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-syntax\.yaml:\d+:\d+: /);
  });

  it('unknown flags, a missing scenario file and a malformed --set are bad input too', async () => {
    expect((await cli('run', fixture('overload.yaml'), '--bogus')).code).toBe(2);
    const missing = await cli('run', 'no/such/file.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no\/such\/file\.yaml/);
    expect((await cli('run', fixture('overload.yaml'), '--set', 'nonsense')).code).toBe(2);
  });
});
