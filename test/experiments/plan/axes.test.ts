/** The P/D and KV-tier axes: parsing, the candidates they make, their cost and roofline estimate. */
import { describe, expect, it } from 'vitest';
import { parseKvTier, parsePdSplit, tierGiB } from '../../../src/experiments/plan/axes.js';
import { enumerate, pdBound, replicaCost, replicaSets, type RooflineBound } from '../../../src/experiments/plan/candidates.js';
import { applySets } from '../../../src/scenario/set.js';

const base = { name: 'x', cluster: { pools: [{ name: 'vllm', replicas: 8, accelerator: 'h100-sxm', tensorParallel: 2, engine: { maxModelLen: 8192 } }] }, router: { config: 'optimized-baseline' } };

describe('P/D and KV-tier axes', () => {
  it('parses splits and tiers, naming a bad value', () => {
    expect(parsePdSplit('0')).toBeUndefined();
    expect(parsePdSplit('1:2')).toEqual({ prefill: 1, decode: 2 });
    expect(() => parsePdSplit('2')).toThrow(/PREFILL:DECODE.*got `2`/);
    expect(() => parsePdSplit('0:1')).toThrow(/got `0:1`/);
    expect(parseKvTier('none')).toEqual({ name: 'none' });
    expect(parseKvTier('cpu')).toEqual({ name: 'cpu' });
    expect(parseKvTier('cpu:256+nvme:2048')).toEqual({ name: 'cpu+nvme', cpuGiB: 256, nvmeGiB: 2048 });
    expect(() => parseKvTier('nvme')).toThrow(/got `nvme`/);
    // Default sizes per GPU of the pod: 128 GiB DRAM, 1 TiB NVMe.
    expect(tierGiB({ name: 'cpu' }, 2)).toEqual({ cpuGiB: 256, nvmeGiB: 0 });
    expect(tierGiB({ name: 'cpu+nvme' }, 4)).toEqual({ cpuGiB: 512, nvmeGiB: 4096 });
    expect(tierGiB({ name: 'none' }, 4)).toEqual({ cpuGiB: 0, nvmeGiB: 0 });
  });

  it('enumerates split × tier candidates, today\'s ids unchanged, P/D ones as two pools on the P/D router', () => {
    const c = enumerate({ accelerators: ['h100-sxm'], precisions: ['bf16'], tensorParallel: [2], routers: ['optimized-baseline'], pd: [undefined, { prefill: 1, decode: 2 }], kvTiers: [{ name: 'none' }, { name: 'cpu' }] }, base);
    expect(c.map((x) => x.id)).toEqual(['h100-sxm-bf16-tp2', 'h100-sxm-bf16-tp2-kvcpu', 'h100-sxm-bf16-tp2-p1d2', 'h100-sxm-bf16-tp2-p1d2-kvcpu']);
    const pd = c[3];
    expect(pd.gpusPerReplica).toBe(6);
    expect(pd.router).toBe('pd');
    const applied = applySets(base, [...pd.sets, ...replicaSets(pd, 3)]).value as { router: { config: string }; cluster: { kvTransfer: unknown; pools: Record<string, unknown>[] } };
    expect(applied.cluster.pools.map((p) => [p.name, p.role, p.replicas, p.tensorParallel])).toEqual([
      ['prefill', 'prefill', 3, 2],
      ['decode', 'decode', 6, 2],
    ]);
    expect(applied.cluster.pools[1].engine).toEqual({ maxModelLen: 8192, kvOffload: { cpuGiB: 256, nvmeGiB: 0 } });
    expect(applied.cluster.kvTransfer).toEqual({ link: 'ib-400g' });
    expect(applied.router.config).toBe('pd');
    const agg = applySets(base, [...c[1].sets, ...replicaSets(c[1], 5)]).value as typeof base;
    expect(agg.cluster.pools[0]).toMatchObject({ replicas: 5, engine: { maxModelLen: 8192, kvOffload: { cpuGiB: 256, nvmeGiB: 0 } } });
  });

  it('prices a replica by its GPUs and, when priced, its pods\' tier memory', () => {
    const [plain, tiered] = enumerate({ accelerators: ['h100-sxm'], precisions: ['bf16'], tensorParallel: [2], routers: ['r'], pd: [{ prefill: 1, decode: 2 }], kvTiers: [{ name: 'none' }, { name: 'cpu' }] }, base);
    expect(replicaCost(plain, { 'h100-sxm': 6.88 })).toBeCloseTo(6 * 6.88, 9);
    expect(replicaCost(tiered, { 'h100-sxm': 6.88 })).toBeCloseTo(6 * 6.88, 9); // free with the node
    // 3 pods × 256 GiB × $0.001
    expect(replicaCost(tiered, { 'h100-sxm': 6.88, 'kv-cpu-gib': 0.001 })).toBeCloseTo(6 * 6.88 + 0.768, 9);
    expect(replicaCost(plain, {})).toBeUndefined();
  });

  it('a P/D unit holds the smaller of its prefill pods\' and its decode pods\' rates', () => {
    const b = (x: Partial<RooflineBound>) => ({ secondsPerRequest: 0, maxRate: 0, prefillSeconds: 0, decodeStepSeconds: 0, decodeBatch: 1, collectiveShare: 0, prefillCollectiveShare: 0, ...x });
    // prefill: 1 pod ÷ 0.5 s = 2 req/s; decode: 100 tokens × 20 ms ÷ 10 seqs = 0.2 s a request, 2 pods → 10 req/s
    expect(pdBound(b({ prefillSeconds: 0.5 }), b({ decodeStepSeconds: 0.02, decodeBatch: 10 }), { prefill: 1, decode: 2 }, 100).maxRate).toBeCloseTo(2, 9);
    expect(pdBound(b({ prefillSeconds: 0.05 }), b({ decodeStepSeconds: 0.02, decodeBatch: 10 }), { prefill: 1, decode: 2 }, 100).maxRate).toBeCloseTo(10, 9);
  });
});
