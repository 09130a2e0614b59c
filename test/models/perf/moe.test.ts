import { describe, expect, it } from 'vitest';
import { createMoeLayerCost, expectedExpertsTouched } from '../../../src/models/perf/moe.js';
import { createRates } from '../../../src/models/perf/roofline.js';
import { createStepTimeModel } from '../../../src/models/perf/step-time.js';
import { decodeBatch, deployment } from '../builders.js';

const F = 989e12 * 0.803; // H100 bf16 FLOP/s achieved
const B = 3.35e12 * 0.8; // H100 bytes/s achieved
const FLOOR = 2e-6;

describe('expected experts a step touches', () => {
  it('is k for one token, E × (1 − (1 − k/E)^T) in general, and E for a large batch', () => {
    expect(expectedExpertsTouched(8, 2, 1)).toBeCloseTo(2, 12);
    expect(expectedExpertsTouched(8, 2, 4)).toBeCloseTo(8 * (1 - 0.75 ** 4), 12); // 5.46875
    expect(expectedExpertsTouched(8, 2, 4)).toBeCloseTo(5.46875, 12);
    expect(expectedExpertsTouched(256, 8, 1)).toBeCloseTo(8, 9);
    expect(expectedExpertsTouched(256, 8, 64)).toBeCloseTo(256 * (1 - (31 / 32) ** 64), 9); // 222.4
    expect(expectedExpertsTouched(8, 2, 1000)).toBeCloseTo(8, 9);
  });
});

describe('one MoE layer by hand', () => {
  // Mixtral 8x7B bf16, TP2 on H100: hidden 4096, each rank holds 14336 / 2 = 7168 columns of every expert.
  const d = deployment({ model: 'mixtral-8x7b', tensorParallel: 2 });
  const moe = createMoeLayerCost(d, createRates(d, FLOOR));

  it('reads the weight slices of the 5.47 experts four tokens touch (gate_up)', () => {
    // routed gate_up: FLOPs 4 tokens × 2 experts × 2 × 4096 × (2 × 7168) = 939,524,096 → 1.18 µs
    //   bytes: weights 5.46875 × 4096 × 14336 × 2 = 642,252,800 + activations 4 × 2 × 2 × (4096 + 14336)
    //   = 294,912 → 642,547,712 ÷ 2.68e12 = 239.76 µs: memory-bound
    // SiLU·mul: 4 × 2 × 3 × 7168 × 2 = 344,064 bytes = 0.13 µs → the 2 µs floor
    const expected = Math.max(939_524_096 / F, 642_547_712 / B) + FLOOR;
    expect(moe.gateUp(4)).toBeCloseTo(expected, 15);
    expect(expected).toBeCloseTo(241.76e-6, 8);
  });

  it('reads the down slices and sums the two expert outputs of each token (down)', () => {
    // routed down: FLOPs 4 × 2 × 2 × 7168 × 4096 = 469,762,048; bytes: weights 5.46875 × 7168 × 4096 × 2
    //   = 321,126,400 + activations 4 × 2 × 2 × (7168 + 4096) = 180,224 → 321,306,624 ÷ 2.68e12 = 119.89 µs
    // moe_sum: 4 × 2 × (2 × 4096 + 4096) = 98,304 bytes → floor
    const expected = Math.max(469_762_048 / F, 321_306_624 / B) + FLOOR;
    expect(moe.down(4)).toBeCloseTo(expected, 15);
  });

  it('costs the router two kernel floors at decode sizes', () => {
    // gate GEMM: weights 4096 × 8 × 2 = 65,536 + activations 4 × 2 × (4096 + 8) = 32,832 bytes → 0.04 µs
    expect(moe.router(4)).toBeCloseTo(2 * FLOOR, 15);
  });

  it('runs the shared expert beside the routed ones (DeepSeek-R1 fp8 TP8, one token)', () => {
    // 8 experts × 7168 × 2 × 256 × 1 byte = 29,360,128 + activations 8 × 2 × (7168 + 512) = 122,880
    //   → 29,483,008 ÷ 2.68e12 = 11.0 µs; SiLU floor; shared gate_up 7168 × 512 + 2 × (7168 + 512)
    //   = 3,685,376 bytes = 1.38 µs → floor; shared SiLU floor
    const ds = deployment({ model: 'deepseek-r1', tensorParallel: 8, precision: 'fp8' });
    const cost = createMoeLayerCost(ds, createRates(ds, FLOOR));
    expect(cost.gateUp(1)).toBeCloseTo(29_483_008 / B + 3 * FLOOR, 15);
  });

  it('refuses a dense model', () => {
    expect(() => createMoeLayerCost(deployment(), createRates(deployment(), FLOOR))).toThrow(/has no MoE/);
  });
});

describe('MoE layers in the step-time model', () => {
  it('prices Mixtral’s 32 MoE layers by hand: 4 decodes read 5.47 of 8 experts per layer', () => {
    // TP2 on H100. Per layer (moe.test.ts): gate_up 239.76 µs weight read + SiLU floor; down 119.89 µs
    // + moe_sum floor; router 2 floors. The dense MLP is absent; attention is plain GQA.
    const d = deployment({ model: 'mixtral-8x7b', tensorParallel: 2 });
    const b = createStepTimeModel(d).breakdown(decodeBatch(4, 100));
    expect(b.mlpGateUpSeconds).toBeCloseTo(32 * (642_547_712 / B + 2e-6), 12);
    expect(b.mlpDownSeconds).toBeCloseTo(32 * (321_306_624 / B + 2e-6), 12);
    expect(b.moeRouterSeconds).toBeCloseTo(32 * 4e-6, 15);
    // one decode reads only its 2 experts: a quarter of the expert weights, not all 8
    const one = createStepTimeModel(d).breakdown(decodeBatch(1, 100));
    expect(one.mlpGateUpSeconds).toBeLessThan(0.4 * b.mlpGateUpSeconds);
  });

  it('gives DeepSeek-R1 3 dense layers and 58 MoE layers', () => {
    const d = deployment({ accelerator: 'h200-sxm', model: 'deepseek-r1', tensorParallel: 8, precision: 'fp8' });
    const r = createRates(d, 2e-6);
    const moe = createMoeLayerCost(d, r);
    const b = createStepTimeModel(d).breakdown(decodeBatch(32, 1000));
    expect(b.moeRouterSeconds).toBeCloseTo(58 * moe.router(32), 15);
    // dense gate_up (18432 / 8 = 2304 columns, fp8): 7168 × 4608 + 32 × 2 × (7168 + 4608) bytes
    const denseGateUp = Math.max((2 * 7168 * 4608 * 32) / r.gemmFlops, (7168 * 4608 + 32 * 2 * 11_776) / r.hbm);
    const denseSilu = Math.max((32 * 3 * 2304 * 2) / r.hbm, 2e-6);
    expect(b.mlpGateUpSeconds).toBeCloseTo(3 * (denseGateUp + denseSilu) + 58 * moe.gateUp(32), 12);
  });
});

describe('one MoE layer under expert parallelism, by hand', () => {
  // Mixtral 8x7B bf16 on 8 H100 as TP1 × DP8 = EP8, busiest rank at 1.5× the mean: each rank holds
  // one whole expert (4096 → 2 × 14336 → 4096). 4 tokens on each DP rank, 32 in the replica.
  const d = deployment({ model: 'mixtral-8x7b', wideEp: { dataParallel: 8, imbalance: 1.5 } });
  const moe = createMoeLayerCost(d, createRates(d, FLOOR));
  const touched = 1 - 0.75 ** 32; // the local expert is hit by at least one of 32 tokens × top-2 of 8

  it("computes the busiest rank's 32 × 2 × 1.5 ÷ 8 = 12 token copies on its one whole expert (gate_up)", () => {
    // FLOPs 12 × 2 × 4096 × 28672 = 2,818,572,288 → 3.55 µs; bytes: weights touched × 4096 × 28672 × 2
    //   = 234,857,430 + activations 12 × 2 × (4096 + 28672) = 786,432 → 87.9 µs: memory-bound
    // SiLU·mul: 12 × 3 × 14336 × 2 = 1,032,192 bytes = 0.39 µs → floor
    const expected = Math.max(2_818_572_288 / F, (touched * 234_881_024 + 786_432) / B) + FLOOR;
    expect(moe.gateUp(4, 32)).toBeCloseTo(expected, 15);
    expect(expected).toBeCloseTo(89.9e-6, 7);
  });

  it('reads the whole local expert for down and sums each own token’s two outputs', () => {
    // FLOPs 12 × 2 × 14336 × 4096 = 1,409,286,144; bytes touched × 14336 × 4096 × 2 + 12 × 2 × (14336 + 4096)
    // moe_sum on the rank's own 4 tokens: 4 × 2 × 3 × 4096 = 98,304 bytes → floor
    const expected = Math.max(1_409_286_144 / F, (touched * 117_440_512 + 442_368) / B) + FLOOR;
    expect(moe.down(4, 32)).toBeCloseTo(expected, 15);
  });

  it('dispatches and combines each own token twice (top-2), 1.5× for the hot rank, over NVLink', () => {
    // per token: dispatch 2 × 4096 × 2 bytes (bf16) × 1.5 = 24,576, combine the same → 49,152;
    // 4 tokens = 196,608 bytes, 7/8 of them to the 7 peers at 450 GB/s × 0.8 → 0.478 µs; 2 × 10 µs latency
    expect(moe.allToAll(4, true)).toBeCloseTo(2 * 10e-6 + (196_608 * 7) / 8 / 360e9, 15);
    expect(moe.allToAll(0, true)).toBe(0);
  });

  it('costs nothing for the all-to-all without expert parallelism', () => {
    const tp = deployment({ model: 'mixtral-8x7b', tensorParallel: 8 });
    expect(createMoeLayerCost(tp, createRates(tp, FLOOR)).allToAll(4, true)).toBe(0);
  });

  it('sends fp8 tokens out and bf16 results back for an fp8 DeepSeek-R1 across 2 nodes', () => {
    // EP16 on 2 × 8 H200, imbalance 1: per token 8 × 7168 × (1 + 2) = 172,032 bytes; 16 tokens
    // = 2,752,512 bytes at 1.25e-11 s/B (half leaves the node over a 400G NIC at 0.8) = 34.4 µs + 20 µs
    const ds = deployment({ accelerator: 'h200-sxm', model: 'deepseek-r1', precision: 'fp8', wideEp: { dataParallel: 16, numNodes: 2 } });
    const cost = createMoeLayerCost(ds, createRates(ds, FLOOR));
    expect(cost.allToAll(16, true)).toBeCloseTo(20e-6 + 2_752_512 * 1.25e-11, 15);
  });

  it('sends a prefill token once to the other node and fans it out over NVLink (high-throughput kernels)', () => {
    // Per token and copy: 7168 × (1 + 2) = 21,504 bytes. NIC (400G at 0.8 = 40 GB/s): the other node
    // holds one of a token's 8 experts with probability 1 − 0.5^8 = 0.99609375 → 0.5355 µs, the
    // bound; NVLink: 8 copies × 7/8 of them to node peers ÷ 360e9 = 0.418 µs.
    // 1000 tokens: 535.5 µs + 20 µs. The low-latency kernels would send 4 of the 8 copies over the
    // NIC: 2.150 µs a token, 4× more.
    const ds = deployment({ accelerator: 'h200-sxm', model: 'deepseek-r1', precision: 'fp8', wideEp: { dataParallel: 16, numNodes: 2 } });
    const cost = createMoeLayerCost(ds, createRates(ds, FLOOR));
    expect(cost.allToAll(1000, false)).toBeCloseTo(20e-6 + (1000 * 0.99609375 * 21_504) / 40e9, 15);
    expect(cost.allToAll(1000, true)).toBeCloseTo(20e-6 + (1000 * 4 * 21_504) / 40e9, 15);
  });
});

describe('routed experts at the grouped-GEMM rate (rows per expert)', () => {
  // Mixtral 8x7B fp8 TP1 on H100: fp8 GEMMs at 1979e12 × 0.709 FLOP/s; 2048 tokens route 4096 copies
  // over all 8 experts (8 × (1 − 0.75^2048) = 8): 512 rows each → DeepGEMM's 0.764 of the dense rate.
  const d = deployment({ model: 'mixtral-8x7b', precision: 'fp8' });
  const moe = createMoeLayerCost(d, createRates(d, FLOOR));
  const F8 = 1979e12 * 0.709;

  it('prices the gate_up grouped GEMM of 512 rows per expert at 0.764 of the fp8 rate', () => {
    // FLOPs 2048 × 2 × 2 × 4096 × 28672 = 962,072,674,304 ÷ (1.403e15 × 0.764) = 897.5 µs; bytes
    //   8 × 4096 × 28672 × 1 = 939,524,096 + 2048 × 2 × 2 × 32768 = 268,435,456 → 450.7 µs: compute-bound
    // SiLU·mul: 2048 × 2 × 3 × 14336 × 2 = 352,321,536 bytes ÷ 2.68e12 = 131.5 µs
    const expected = 962_072_674_304 / (F8 * 0.764) + 352_321_536 / B;
    expect(moe.gateUp(2048)).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(1028.94e-6, 8);
    // at the dense rate it would be 131.5 µs + 685.7 µs: the grouped rate adds 31 %
    expect(expected - 352_321_536 / B).toBeCloseTo((962_072_674_304 / F8) * (1 / 0.764), 12);
  });

  it('prices down the same way, and a step of 8192 tokens (2048 rows per expert) at 0.9195', () => {
    // down: FLOPs 2048 × 2 × 2 × 14336 × 4096 = 481,036,337,152; moe_sum 2048 × 2 × 3 × 4096 bytes
    expect(moe.down(2048)).toBeCloseTo(481_036_337_152 / (F8 * 0.764) + (2048 * 2 * 3 * 4096) / B, 12);
    expect(moe.down(8192)).toBeCloseTo((4 * 481_036_337_152) / (F8 * 0.9195) + (8192 * 2 * 3 * 4096) / B, 12);
  });

  it('keeps the dense rate on a chip with no measured curve (B200)', () => {
    const b = deployment({ accelerator: 'b200-sxm', model: 'mixtral-8x7b', precision: 'fp8' });
    const cost = createMoeLayerCost(b, createRates(b, FLOOR));
    // B200 fp8 at 4500e12 × 0.763; HBM 7.7e12 × 0.8. Compute 962.07 GFLOP → 280.2 µs; activations 352.3 MB → 57.2 µs
    const expected = 962_072_674_304 / (4500e12 * 0.763) + 352_321_536 / (7.7e12 * 0.8);
    expect(cost.gateUp(2048)).toBeCloseTo(expected, 12);
  });

  it('counts rows per local expert under expert parallelism', () => {
    // DeepSeek-R1 fp8 on 8 H200, TP1 × DP8 = EP8, imbalance 1.3: 8192 tokens of the replica send
    // 8192 × 8 × 1.3 ÷ 8 = 10,649.6 copies to the busiest rank's 32 experts, all touched → 332.8 rows
    // each → rate 0.682 + log2(332.8 / 256) × 0.082 = 0.71304.
    const ds = deployment({ accelerator: 'h200-sxm', model: 'deepseek-r1', precision: 'fp8', wideEp: { dataParallel: 8, imbalance: 1.3 } });
    const r = createRates(ds, FLOOR);
    const cost = createMoeLayerCost(ds, r);
    const rate = 0.682 + Math.log2(332.8 / 256) * 0.082;
    expect(rate).toBeCloseTo(0.71304, 5);
    const touched = 32 * (1 - (1 - 8 / 256) ** 8192);
    // routed down: FLOPs 10,649.6 × 2 × 2048 × 7168; weights touched × 2048 × 7168 bytes; acts 10,649.6 × 2 × 9216
    const routed = Math.max((10_649.6 * 2 * 2048 * 7168) / (r.gemmFlops * rate), (touched * 2048 * 7168 + 10_649.6 * 2 * 9216) / r.hbm);
    // moe_sum over the rank's own 1024 tokens: 2 × (8 × 7168 + 7168) bytes each; shared down (2048 cols, TP1), 1024 tokens
    const sum = Math.max((1024 * 2 * 9 * 7168) / r.hbm, FLOOR);
    const shared = Math.max((1024 * 2 * 2048 * 7168) / r.gemmFlops, (2048 * 7168 + 1024 * 2 * 9216) / r.hbm, FLOOR);
    expect(cost.down(1024, 8192)).toBeCloseTo(routed + sum + shared, 12);
  });
});
