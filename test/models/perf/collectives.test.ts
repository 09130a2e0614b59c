import { describe, expect, it } from 'vitest';
import { getAccelerator } from '../../../src/models/hardware/catalog.js';
import { allGatherCost, allReduceCost, collectiveSeconds, tpLinkGBps } from '../../../src/models/perf/collectives.js';

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
