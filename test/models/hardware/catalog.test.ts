import { describe, expect, it } from 'vitest';
import { ACCELERATORS, getAccelerator } from '../../../src/models/hardware/catalog.js';
import type { Accelerator } from '../../../src/models/hardware/types.js';
import { allReduceTableProblem } from '../../../src/models/perf/all-reduce-table.js';
import { decodeAttentionCurveProblem } from '../../../src/models/perf/decode-attention.js';
import { gemmTableProblem } from '../../../src/models/perf/gemm-table.js';
import { groupedGemmCurveProblem } from '../../../src/models/perf/grouped-gemm.js';

const all = Object.entries(ACCELERATORS);

describe('accelerator catalogue', () => {
  it('holds the nine accelerators, each under its own id', () => {
    const ids = ['b200-sxm', 'gaudi3', 'h100-sxm', 'h200-sxm', 'mi300x', 'mi325x', 'tpu-v5e', 'tpu-v5p', 'tpu-v6e'];
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
      for (const src of a.sources) expect(src.length).toBeGreaterThan(10);
    }
  });

  // Measured per-chip curves: which chips carry them, each valid and with its source listed.
  const curves = {
    'grouped-GEMM': (a: Accelerator) => a.efficiency.groupedGemm && { source: a.efficiency.groupedGemm.source, problem: groupedGemmCurveProblem(a.efficiency.groupedGemm) },
    'decode-attention': (a: Accelerator) =>
      a.efficiency.decodeAttention && { source: a.efficiency.decodeAttention.source, problem: decodeAttentionCurveProblem(a.efficiency.decodeAttention) },
  };
  for (const [what, curveOf] of Object.entries(curves)) {
    it(`gives the Hopper parts the measured ${what} curve, and no other chip one`, () => {
      const withCurve = all.filter(([, a]) => curveOf(a)).map(([id]) => id);
      expect(withCurve.sort()).toEqual(['h100-sxm', 'h200-sxm']);
      for (const id of withCurve) {
        const c = curveOf(getAccelerator(id))!;
        expect(c.problem).toBeUndefined();
        expect(getAccelerator(id).sources).toContain(c.source);
      }
    });
  }

  it("gives B200 a measured NVFP4 GEMM table, H100, H200 and B200 measured BF16 ones and vLLM's FP8 ones, and no other chip one", () => {
    const withTable = all.filter(([, a]) => a.efficiency.gemmTable).map(([id]) => id);
    expect(withTable.sort()).toEqual(['b200-sxm', 'h100-sxm', 'h200-sxm']);
    expect(Object.keys(getAccelerator('b200-sxm').efficiency.gemmTable ?? {})).toEqual(['bf16', 'fp8', 'fp4']);
    expect(Object.keys(getAccelerator('h100-sxm').efficiency.gemmTable ?? {})).toEqual(['bf16', 'fp8']);
    expect(Object.keys(getAccelerator('h200-sxm').efficiency.gemmTable ?? {})).toEqual(['bf16', 'fp8']);
    for (const [id, precision, path, runtimes] of [
      ['b200-sxm', 'fp4', 'b200_sxm/gemm/trtllm/1.2.0rc5/', undefined],
      ['h100-sxm', 'bf16', 'h100_sxm/gemm/vllm/0.24.0/', undefined],
      ['h200-sxm', 'bf16', 'h200_sxm/gemm/vllm/0.24.0/', undefined],
      ['h100-sxm', 'fp8', 'h100_sxm/gemm/vllm/0.24.0/', ['vllm']],
      ['h200-sxm', 'fp8', 'h200_sxm/gemm/vllm/0.24.0/', ['vllm']],
      ['b200-sxm', 'bf16', 'b200_sxm/gemm/vllm/0.24.0/', undefined],
      ['b200-sxm', 'fp8', 'b200_sxm/gemm/vllm/0.24.0/', ['vllm']],
    ] as const) {
      const a = getAccelerator(id);
      const table = a.efficiency.gemmTable?.[precision];
      expect(table && gemmTableProblem(table)).toBeUndefined();
      expect(a.sources).toContain(table?.source);
      expect(table?.source).toMatch(/aiconfigurator @095f58a51c4ca8e61b66ec108d86f223f8d559ce/);
      expect(table?.source).toContain(path);
      expect(table?.runtimes).toEqual(runtimes);
    }
  });

  it("gives H100, H200 and B200 TensorRT-LLM's and vLLM's measured all-reduce tables, and no other chip one", () => {
    const withTable = all.filter(([, a]) => a.efficiency.allReduce).map(([id]) => id);
    expect(withTable.sort()).toEqual(['b200-sxm', 'h100-sxm', 'h200-sxm']);
    for (const id of withTable) {
      const a = getAccelerator(id);
      expect(Object.keys(a.efficiency.allReduce ?? {}).sort()).toEqual(['trtllm', 'vllm']); // SGLang: not measured
      for (const runtime of ['trtllm', 'vllm'] as const) {
        const table = a.efficiency.allReduce?.[runtime];
        expect(table && allReduceTableProblem(table)).toBeUndefined();
        expect(a.sources).toContain(table?.source);
        expect(table?.source).toMatch(new RegExp(`aiconfigurator @095f58a51c4ca8e61b66ec108d86f223f8d559ce .*/${id.replace('-', '_')}/comm/${runtime}/`));
      }
    }
  });

  it('takes B200 (HBM bandwidth: its 180 GB SKU), MI325X and TPU v6e from hardware.md A.1', () => {
    const b200 = getAccelerator('b200-sxm');
    expect(b200.peakTflops).toMatchObject({ bf16: 2250, fp8: 4500, fp4: 9000 });
    expect([b200.hbmTBps, b200.scaleUp.allToAllGBps, b200.scaleUp.peerToPeerGBps]).toEqual([7.7, 900, 900]);
    expect(b200.hbmGiB).toBeCloseTo(182_642 / 1024, 2); // the 180 GB SKU as CUDA reports it
    const mi325x = getAccelerator('mi325x');
    expect([mi325x.hbmTBps, mi325x.peakTflops.bf16]).toEqual([6.0, 1307.4]);
    expect([mi325x.scaleUp.peerToPeerGBps, mi325x.scaleUp.allToAllGBps]).toEqual([64, 448]); // as MI300X
    expect(mi325x.hbmGiB).toBeGreaterThan(255);
    expect(mi325x.hbmGiB).toBeLessThan(256);
    const v6e = getAccelerator('tpu-v6e');
    expect([v6e.peakTflops.bf16, v6e.peakTflops.fp8, v6e.hbmTBps]).toEqual([918, undefined, 1.638]); // not 230
    expect(v6e.scaleUp.allToAllGBps).toBe(400); // 800 GB/s bidirectional
    expect(v6e.hbmGiB).toBe(31.25);
  });

  it('takes the TPU efficiencies measured on v5e and keeps priors where nothing is measured', () => {
    const v5e = getAccelerator('tpu-v5e');
    // XLA bf16 8192³ matmul: 181.8 of 197 TFLOP/s; AllGather 503 µs ideal vs 680 µs measured; ~8 µs latency
    expect([v5e.efficiency.compute.bf16, v5e.efficiency.compute.int8]).toEqual([0.923, 0.7]);
    expect([v5e.efficiency.collective, v5e.efficiency.memory, v5e.scaleUp.latencySeconds]).toEqual([0.74, 0.8, 8e-6]);
    for (const id of ['tpu-v5p', 'tpu-v6e']) {
      const a = getAccelerator(id);
      expect([a.efficiency.compute.bf16, a.efficiency.memory, a.efficiency.collective]).toEqual([0.7, 0.8, 0.7]);
    }
    expect(['tpu-v5e', 'tpu-v5p', 'tpu-v6e'].map((id) => getAccelerator(id).scaleUp.torusDims)).toEqual([2, 3, 2]);
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
    expect(getAccelerator('mi325x').efficiency.compute.bf16).toBeCloseTo(784.9 / 1307.4, 3); // 60.0 %
  });

  it('takes B200 BF16/FP8 from MAMF and FP4 from the measured NVFP4 GEMM, not from FP8', () => {
    const eff = getAccelerator('b200-sxm').efficiency.compute;
    expect(eff.bf16).toBeCloseTo(1745.0 / 2250, 3); // 77.6 %
    expect(eff.fp8).toBeCloseTo(3432.5 / 4500, 3); // 76.3 %
    expect(eff.fp4).toBeCloseTo(5500 / 9000, 3); // 5.50e15 FLOP/s at 6144³, pytorch/ao PR #2427
    expect(eff.fp4).toBeLessThan(eff.fp8 as number);
    expect(eff.int8).toBe(eff.fp8); // unmeasured: the FP8 prior
  });

  it("takes B200 attention from cuDNN's B200 run and all-reduce from nccl-tests Ring; HBM stays the prior", () => {
    const eff = getAccelerator('b200-sxm').efficiency;
    expect(eff.attention).toBeCloseTo(1384.2 / 2250, 3); // 61.5 %: causal, head dim 128, 8k
    expect(eff.collective).toBeCloseTo(682.2 / 900, 3); // 75.8 %: 8 GPUs, 8 GiB, NVLS off
    expect(eff.memory).toBe(getAccelerator('h100-sxm').efficiency.memory); // no B200 streaming run found
  });

  it('throws on an unknown id, naming the known ones', () => {
    expect(() => getAccelerator('a100')).toThrow(/unknown accelerator id 'a100'.*h100-sxm/);
  });
});
