import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../src/sim/metrics/summary.js';
import { cli } from './helpers.js';

const scenario = (name: string) => join(__dirname, '..', '..', 'scenarios', name);
const short = ['--set', 'stop.duration=40', '--set', 'stop.warmup=5'];

async function run(name: string, ...extra: string[]): Promise<Summary> {
  const out = mkdtempSync(join(tmpdir(), 'fleetsim-'));
  const r = await cli('run', scenario(name), '--json', '--out', out, ...short, ...extra);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Summary;
}

describe('DeepSeek-R1 wide expert parallelism from `fleetsim run`', () => {
  it('serves the shipped EP16 scenario (2 × 8 H200, one replica) with every request accounted for', async () => {
    const s = await run('deepseek-r1-wide-ep.yaml', '--set', 'workload.arrival.rate=10');
    expect(s.pods).toHaveLength(1); // one replica spanning 16 GPUs
    expect(s.requests.completed).toBe(s.requests.arrived);
    expect(s.requests.preempted).toBe(0);
    expect(s.tpot.p95).toBeGreaterThan(0.015);
    expect(s.tpot.p95).toBeLessThan(0.06);
  });

  it('holds a load that overflows 2 × TP8 on the same 16 GPUs, unless its scale-out link is slow', async () => {
    // Rate 30: TP8 replicas run out of KV (MLA's latent is cached on all 8 ranks) and preempt.
    const rate = ['--set', 'workload.arrival.rate=30'];
    const wide = await run('deepseek-r1-wide-ep.yaml', ...rate);
    const tp8 = await run('deepseek-r1-tp8.yaml', ...rate);
    const eth = await run('deepseek-r1-wide-ep.yaml', ...rate, '--set', 'cluster.pools.0.scaleOutLink=eth-25g');
    expect(wide.requests.preempted).toBe(0);
    expect(tp8.requests.preempted).toBeGreaterThan(0);
    expect(wide.ttft.p95).toBeLessThan(0.5);
    expect(tp8.ttft.p95).toBeGreaterThan(10 * wide.ttft.p95);
    expect(wide.throughput.outputTokensPerSec).toBeGreaterThan(1.3 * tp8.throughput.outputTokensPerSec);
    expect(eth.tpot.p95).toBeGreaterThan(4 * wide.tpot.p95);
  });

  it('pays for a prefill on one DP rank at light load: TTFT and TPOT above 2 × TP8', async () => {
    const rate = ['--set', 'workload.arrival.rate=5'];
    const wide = await run('deepseek-r1-wide-ep.yaml', ...rate);
    const tp8 = await run('deepseek-r1-tp8.yaml', ...rate);
    expect(wide.ttft.p95).toBeGreaterThan(tp8.ttft.p95);
    expect(wide.tpot.p95).toBeGreaterThan(tp8.tpot.p95);
  });

  it('refuses DeepSeek-R1 fp8 on one H100 node at TP8 with exit 2, naming the numbers and the file line', async () => {
    const r = await cli('run', scenario('deepseek-r1-tp8.yaml'), '--set', 'cluster.pools.0.accelerator=h100-sxm');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('deepseek-r1-tp8.yaml:10:7: cluster.pools.0: this layout does not fit in memory: weights take 79.27 GiB per rank');
    expect(r.stderr).toContain('(routed experts 76.13 + the rest 3.15), more than gpuMemoryUtilization × HBM = 0.92 × 79.19 = 72.85 GiB');
    expect(r.stderr).toContain('spread the experts over more GPUs (dataParallel, expertParallel, nodes)');
  });

  it('refuses an EP size vLLM would not derive, at its line', async () => {
    const r = await cli('run', scenario('deepseek-r1-wide-ep.yaml'), '--set', 'cluster.pools.0.expertParallel=8');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cluster.pools.0.expertParallel: expertParallel (8) must equal tensorParallel × dataParallel = 1 × 16 = 16');
  });
});
