import { describe, expect, it } from 'vitest';
import { ACCELERATORS, getAccelerator } from '../../../src/models/hardware/catalog.js';

const all = Object.entries(ACCELERATORS);

describe('accelerator catalogue', () => {
  it('holds the six accelerators, each under its own id', () => {
    const ids = ['gaudi3', 'h100-sxm', 'h200-sxm', 'mi300x', 'tpu-v5e', 'tpu-v5p'];
    expect(Object.keys(ACCELERATORS).sort()).toEqual(ids);
    for (const [id, a] of all) expect(a.id).toBe(id);
  });

  it('gives every entry a bf16 peak and efficiency, efficiencies in (0, 1], and sources', () => {
    for (const [, a] of all) {
      expect(a.peakTflops.bf16).toBeGreaterThan(0);
      expect(a.efficiency.compute.bf16).toBeGreaterThan(0);
      for (const e of [...Object.values(a.efficiency.compute), a.efficiency.memory, a.efficiency.collective]) {
        expect(e).toBeGreaterThan(0);
        expect(e).toBeLessThanOrEqual(1);
      }
      expect(a.hbmGiB).toBeGreaterThan(0);
      expect(a.scaleUp.peerToPeerGBps).toBeLessThanOrEqual(a.scaleUp.allToAllGBps);
      expect(a.sources.length).toBeGreaterThan(0);
    }
  });

  it('uses the figures hardware.md singles out', () => {
    expect(getAccelerator('gaudi3').peakTflops.bf16).toBe(1677); // as shipped, not 1835
    expect(getAccelerator('tpu-v5e').hbmTBps).toBe(0.819); // Google's figure, not 1.60
    expect(getAccelerator('tpu-v5p').hbmTBps).toBe(2.765); // Google's figure, not 4.80
    const xgmi = getAccelerator('mi300x').scaleUp;
    expect([xgmi.peerToPeerGBps, xgmi.allToAllGBps]).toEqual([64, 448]);
    expect(getAccelerator('h100-sxm').hbmGiB).toBeCloseTo(79.2, 1); // what torch reports
  });

  it('takes compute efficiencies from the MAMF measurements', () => {
    expect(getAccelerator('h100-sxm').efficiency.compute).toMatchObject({ bf16: 0.803, fp8: 0.709 });
    expect(getAccelerator('mi300x').efficiency.compute.bf16).toBeCloseTo(668.4 / 1307.4, 3);
    expect(getAccelerator('gaudi3').efficiency.compute.bf16).toBeCloseTo(1288.8 / 1677, 2); // 76.8 %
  });

  it('throws on an unknown id, naming the known ones', () => {
    expect(() => getAccelerator('a100')).toThrow(/unknown accelerator id 'a100'.*h100-sxm/);
  });
});
