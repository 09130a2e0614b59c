import { describe, expect, it } from 'vitest';
import { LINKS, getLink, transferSeconds } from '../../../src/models/hardware/links.js';

describe('links and tiers', () => {
  it('holds every link the KV transfer and tiered-KV steps name, each under its own id, with a source', () => {
    const ids = ['eth-100g', 'eth-25g', 'host-dram', 'ib-400g', 'nvlink4', 'nvlink5', 'nvme', 'pcie5'];
    ids.push('roce-200g', 'roce-400g', 'xgmi');
    expect(Object.keys(LINKS).sort()).toEqual(ids.sort());
    for (const [id, l] of Object.entries(LINKS)) {
      expect(l.id).toBe(id);
      expect(l.bandwidthGBps).toBeGreaterThan(0);
      expect(l.latencySeconds).toBeGreaterThan(0);
      expect(l.source.length).toBeGreaterThan(10);
    }
  });

  it('gives one-direction bandwidths: NVLink 450/900, xGMI 64 per peer pair, PCIe 63, 400 Gb/s = 50 GB/s', () => {
    const gbps = (id: string) => getLink(id).bandwidthGBps;
    expect([gbps('nvlink4'), gbps('nvlink5'), gbps('xgmi'), gbps('pcie5')]).toEqual([450, 900, 64, 63]);
    expect([gbps('ib-400g'), gbps('roce-400g'), gbps('roce-200g')]).toEqual([50, 50, 25]);
    expect([gbps('eth-25g'), gbps('eth-100g')]).toEqual([3.125, 12.5]);
    expect(gbps('host-dram')).toBeCloseTo(8 * 4.8 * 8, 9); // 8 channels × 4800 MT/s × 8 bytes
    expect(gbps('nvme')).toBe(7);
  });

  it('orders the tiers as expected: HBM-side links above network above NVMe', () => {
    expect(getLink('nvlink4').bandwidthGBps).toBeGreaterThan(getLink('pcie5').bandwidthGBps);
    expect(getLink('pcie5').bandwidthGBps).toBeGreaterThan(getLink('ib-400g').bandwidthGBps);
    expect(getLink('ib-400g').bandwidthGBps).toBeGreaterThan(getLink('nvme').bandwidthGBps);
    expect(getLink('nvme').latencySeconds).toBeGreaterThan(getLink('ib-400g').latencySeconds);
  });

  it('prices a transfer as latency + bytes ÷ (GB/s × 1e9 × efficiency), by hand', () => {
    // 1 GiB over InfiniBand 400G: 5 µs + 1,073,741,824 ÷ 50e9 = 5 µs + 21.475 ms
    expect(transferSeconds(getLink('ib-400g'), 2 ** 30)).toBeCloseTo(5e-6 + 2 ** 30 / 50e9, 15);
    // at 80 % efficiency: ÷ 40e9 = 26.844 ms
    expect(transferSeconds(getLink('ib-400g'), 2 ** 30, 0.8)).toBeCloseTo(5e-6 + 2 ** 30 / 40e9, 15);
    expect(transferSeconds(getLink('nvme'), 0)).toBe(getLink('nvme').latencySeconds);
  });

  it('throws on an unknown id, naming the known ones', () => {
    expect(() => getLink('rdma-800g')).toThrow(/unknown link id 'rdma-800g'.*nvlink4/);
  });
});
