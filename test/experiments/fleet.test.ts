import { describe, expect, it } from 'vitest';
import { startupSeconds } from '../../src/experiments/fleet.js';
import { getAccelerator } from '../../src/models/hardware/catalog.js';
import { getModel } from '../../src/models/llm/catalog.js';
import { weightBytesPerRank } from '../../src/models/llm/params.js';
import type { Deployment } from '../../src/models/perf/memory.js';

const deployment = (tp: number): Deployment => ({
  accelerator: getAccelerator('h100-sxm'),
  model: getModel('qwen3-32b'),
  tensorParallel: tp,
  precision: 'bf16',
  kvCacheDtype: 'auto',
});

describe('LWS group start-up', () => {
  it("prices image pull, this node's weight shards and engine init from the link catalogue", () => {
    const d = deployment(2);
    const weights = weightBytesPerRank(d.model, 'bf16', 2) * 2; // both ranks sit on one node
    // nvme 7 GB/s and eth-25g 3.125 GB/s, each at 80 %, plus their per-transfer latencies
    const expected = 10e9 / (3.125e9 * 0.8) + 50e-6 + weights / (7e9 * 0.8) + 90e-6 + 60;
    expect(startupSeconds({ imageGB: 10, imageLink: 'eth-25g', weightsLink: 'nvme', initSeconds: 60 }, d)).toBeCloseTo(expected, 9);
    // a cached image costs nothing
    expect(startupSeconds({ imageGB: 0, imageLink: 'eth-25g', weightsLink: 'nvme', initSeconds: 0 }, d)).toBeCloseTo(weights / 5.6e9 + 90e-6, 9);
  });
});
