import { describe, expect, it } from 'vitest';
import { getAccelerator } from '../../../src/models/hardware/catalog.js';
import { getLink } from '../../../src/models/hardware/links.js';
import { allGatherCost, allReduceCost, allToAllCost, collectiveSeconds, tpLinkGBps } from '../../../src/models/perf/collectives.js';

describe('TP collectives', () => {
  it('gives an xGMI rank one 64 GB/s link per peer, up to the 448 GB/s all-to-all', () => {
    const link = getAccelerator('mi300x').scaleUp;
    expect([2, 4, 8].map((tp) => tpLinkGBps(link, tp))).toEqual([64, 192, 448]);
  });

  it('gives an NVSwitch rank the full 450 GB/s at any TP', () => {
    const link = getAccelerator('h100-sxm').scaleUp;
    expect([2, 4, 8].map((tp) => tpLinkGBps(link, tp))).toEqual([450, 450, 450]);
  });

  it('prices a ring all-reduce by hand: 2(TP−1)/TP × bytes ÷ (link × eff) + latency', () => {
    // H100 TP8, 8192 tokens × 8192 hidden × 2 bytes = 134,217,728 bytes
    // 2 × 7/8 × 134,217,728 ÷ (450e9 × 0.8) + 10 µs = 652.4 µs + 10 µs = 662.4 µs
    const c = allReduceCost(getAccelerator('h100-sxm'), 8);
    expect(collectiveSeconds(c, 134_217_728)).toBeCloseTo((1.75 * 134_217_728) / 360e9 + 10e-6, 12);
  });

  it('makes TP2 on MI300X slower per byte than TP8, as measured (47.7 vs 312.9 GB/s bus bandwidth)', () => {
    const mi = getAccelerator('mi300x');
    const tp2 = allReduceCost(mi, 2).secondsPerByte; // 1 ÷ (64e9 × 0.7)
    const tp8 = allReduceCost(mi, 8).secondsPerByte; // 1.75 ÷ (448e9 × 0.7)
    expect(tp2).toBeGreaterThan(tp8);
    // bus bandwidth = 2(TP−1)/TP ÷ secondsPerByte: 44.8 vs 313.6 GB/s
    expect(1 / tp2 / 1e9).toBeCloseTo(44.8, 6);
    expect(1.75 / tp8 / 1e9).toBeCloseTo(313.6, 6);
  });

  it('gives 8x B200 the measured Ring bus bandwidth: 900 GB/s × 0.758 = 682.2 GB/s', () => {
    // nccl-tests all_reduce, 8 GiB, NVLS off (b200-sxm.ts); bus bandwidth = 2(TP−1)/TP ÷ secondsPerByte
    const tp8 = allReduceCost(getAccelerator('b200-sxm'), 8).secondsPerByte;
    expect(1.75 / tp8 / 1e9).toBeCloseTo(682.2, 6);
    // the same 134,217,728-byte all-reduce as H100's above: 1.75 × 134,217,728 ÷ 682.2e9 + 10 µs = 354.3 µs
    expect(collectiveSeconds(allReduceCost(getAccelerator('b200-sxm'), 8), 134_217_728)).toBeCloseTo(354.3e-6, 7);
  });

  it('costs nothing at TP1 or for an empty payload', () => {
    const h100 = getAccelerator('h100-sxm');
    expect(collectiveSeconds(allReduceCost(h100, 1), 1e9)).toBe(0);
    expect(collectiveSeconds(allGatherCost(h100, 8), 0)).toBe(0);
  });

  it('moves (TP−1)/TP of the gathered size in an all-gather', () => {
    const c = allGatherCost(getAccelerator('h100-sxm'), 4);
    expect(c.secondsPerByte).toBeCloseTo(0.75 / 360e9, 20);
  });
});

describe('expert-parallel all-to-all', () => {
  const h200 = getAccelerator('h200-sxm');

  it('is free at EP1 and runs over NVLink alone inside one node: 7/8 of the bytes at 450 GB/s × 0.8', () => {
    expect(allToAllCost(h200, 1, 1, getLink('ib-400g'))).toEqual({ secondsPerByte: 0, latencySeconds: 0 });
    const c = allToAllCost(h200, 8, 1, getLink('ib-400g'));
    expect(c.secondsPerByte).toBeCloseTo(7 / 8 / 360e9, 24);
    expect(c.latencySeconds).toBe(10e-6); // the H200's scale-up latency
  });

  it('is bounded by the NIC across 2 nodes: half the bytes leave the node at 50 GB/s × 0.8', () => {
    // EP16 on 2 × 8: 7/16 to node peers over NVLink (1.22e-12 s/B), 8/16 over one 400G NIC (1.25e-11 s/B).
    const c = allToAllCost(h200, 16, 2, getLink('ib-400g'));
    expect(c.secondsPerByte).toBeCloseTo(8 / 16 / 40e9, 24);
    expect(c.latencySeconds).toBe(10e-6); // max(NVLink 10 µs, IB 5 µs)
    // A 25 GbE NIC is 16× slower still.
    expect(allToAllCost(h200, 16, 2, getLink('eth-25g')).secondsPerByte).toBeCloseTo(8 / 16 / (3.125e9 * 0.8), 22);
  });

  it("lands near DeepEP's published EP16 low-latency figures (not fitted)", () => {
    // deepseek-ai/DeepEP README: H800 + CX7 400G IB, 128 tokens per rank, hidden 7168, top-8, fp8
    // dispatch 118 µs, bf16 combine 195 µs at EP16. Bytes a rank sends: 128 × 8 × 7168 × 1 = 7,340,032
    // (dispatch) and twice that (combine).
    const c = allToAllCost(h200, 16, 2, getLink('ib-400g'));
    const dispatch = collectiveSeconds(c, 7_340_032); // 10 µs + 7,340,032 × 1.25e-11 = 101.7504 µs
    const combine = collectiveSeconds(c, 14_680_064); // 10 µs + 183.5008 µs = 193.5008 µs
    expect(dispatch).toBeCloseTo(101.7504e-6, 12);
    expect(combine).toBeCloseTo(193.5008e-6, 12);
    expect(Math.abs(dispatch / 118e-6 - 1)).toBeLessThan(0.15);
    expect(Math.abs(combine / 195e-6 - 1)).toBeLessThan(0.15);
  });
});
