import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, fixture, runFixture } from './helpers.js';

const scenario = join(__dirname, '..', '..', 'scenarios', 'node-failure.yaml');

async function run(...extra: string[]) {
  const r = await cli('run', scenario, '--json', '--out', join(__dirname, '..', '..', 'reports', 'test-node-failure'), ...extra);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Awaited<ReturnType<typeof runFixture>>;
}

describe('node failure, end to end from the CLI (scenarios/node-failure.yaml)', () => {
  it('loses no request silently, and TTFT spikes while the group is down and recovers after it restarts', async () => {
    const s = await run();
    const r = s.requests;
    expect(r.completed + r.rejected + r.failed! + r.inFlight).toBe(r.arrived);
    expect(r.inFlight).toBe(0);
    const f = s.faults![0];
    expect(f).toMatchObject({ pod: 'vllm-3', at: 120, detectedAt: 130, nodes: 1 });
    // Every request on the group when it died is accounted for: failed (it was streaming) or retried.
    expect(f.requestsLost).toBeGreaterThan(0);
    expect(r.failed! + r.retried!).toBeGreaterThanOrEqual(f.requestsLost);
    // Restart: node back at 150 s, then 64 GB of TP2 weights from NVMe at 5.6 GB/s + 60 s of engine init.
    expect(f.readyAt!).toBeGreaterThan(150 + 60);
    expect(f.readyAt!).toBeLessThan(150 + 75);
    // TTFT: the outage hurts (7 pods fall behind, p95 past the 2 s SLO), and after the restart it
    // comes back towards where it was (the after window still holds the backlog's drain).
    expect(f.during.p95).toBeGreaterThan(5 * f.before.p95);
    expect(f.during.p95).toBeGreaterThan(2);
    expect(f.after!.p95).toBeLessThan(f.during.p95 / 4);
    // The curve: its worst bucket lies inside the outage, and the last buckets are back below it.
    const worst = s.ttftOverTime!.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    expect(worst.from).toBeGreaterThanOrEqual(f.at);
    expect(worst.from).toBeLessThan(f.readyAt! + 60);
    for (const w of s.ttftOverTime!.slice(-5)) expect(w.p95).toBeLessThan(worst.p95 / 4);
  });

  it('retries rescue the requests refused by the dead pod before it left the endpoint list; without them those fail too', async () => {
    const on = await run();
    const off = await run('--set', 'router.retryOnFailure=false');
    // with retries only the requests that were streaming when the group died fail
    expect(on.requests.retried).toBeGreaterThan(0);
    expect(on.requests.failed).toBeLessThanOrEqual(on.faults![0].requestsLost);
    expect(off.requests.retried).toBe(0);
    expect(off.requests.failed).toBeGreaterThan(on.requests.failed!);
    expect(off.requests.completed + off.requests.failed!).toBe(off.requests.arrived);
  });

  it('the same fleet without faults has no failure fields and no TTFT spike', async () => {
    const s = await run('--set', 'faults=[]');
    expect(s.requests).not.toHaveProperty('failed');
    expect(s.faults).toBeUndefined();
    expect(s.requests.completed).toBe(s.requests.arrived);
  });

  it('a fault naming a pod the fleet does not have is an input error at its line (exit 2)', async () => {
    const r = await cli('run', scenario, '--set', 'faults.0.pod=vllm-8');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/faults\.0\.pod: no pod `vllm-8` in this fleet/);
    const kind = await cli('run', fixture('pd-8b.yaml'), '--set', 'faults=[{at: 1, pod: decode-0, kind: pod-crash}]');
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/faults\.0\.kind/);
  });

  it('with flow control and every pod down for good, held requests are rejected and the run ends', async () => {
    const down = '[' + [0, 1, 2, 3].map((i) => `{at: 20, pod: h100-${i}}`).join(', ') + ']';
    const s = await runFixture('flow-control.yaml', '--set', 'stop.drain=true', '--set', `faults=${down}`);
    const r = s.requests;
    expect(r.completed + r.rejected + r.failed! + r.inFlight).toBe(r.arrived);
    expect(r.inFlight).toBe(0);
    expect(r.rejected).toBeGreaterThan(0);
    expect(s.faults!.every((f) => f.readyAt === null && f.detectedAt === 20)).toBe(true);
  });

  it('every problem of a faults list or retry option is reported at its line and column, all at once (exit 2)', async () => {
    const r = await cli('run', fixture('bad-fault.yaml'));
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.includes('bad-fault.yaml:'));
    const at = (re: RegExp) => lines.find((l) => re.test(l));
    expect(at(/bad-fault\.yaml:7:\d+: router\.retryOnFailure/)).toBeDefined();
    expect(at(/bad-fault\.yaml:7:\d+: router\.maxRetries/)).toBeDefined();
    expect(at(/bad-fault\.yaml:13:\d+: faults\.0\.pod: no pod `main-2` in this fleet/)).toBeDefined();
    expect(at(/bad-fault\.yaml:14:\d+: faults\.1\.at/)).toBeDefined();
    expect(at(/bad-fault\.yaml:14:\d+: faults\.1\.kind/)).toBeDefined();
    expect(at(/bad-fault\.yaml:14:\d+: faults\.1\.detectAfer/)).toBeDefined();
  });
});
