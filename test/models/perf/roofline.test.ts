import { describe, expect, it } from 'vitest';
import { createRates, gemmSeconds, memSeconds } from '../../../src/models/perf/roofline.js';
import { createStepTimeModel } from '../../../src/models/perf/step-time.js';
import { decodeBatch, deployment, prefillBatch } from '../builders.js';

const B = 3.35e12 * 0.8; // H100 bytes/s achieved

describe('achieved rates and roofline helpers', () => {
  it('multiplies peaks by the accelerator efficiencies and then by the efficiency scale', () => {
    const plain = createRates(deployment({ precision: 'fp8' }), 2e-6);
    expect(plain.gemmFlops).toBeCloseTo(1979e12 * 0.709, -3); // H100 fp8
    expect(plain.bf16Flops).toBeCloseTo(989e12 * 0.803, -3);
    expect(plain.mlaFlops).toBeCloseTo(989e12 * 0.667, -3); // FlashMLA on H800
    expect(plain.hbm).toBeCloseTo(3.35e12 * 0.8, -3);
    expect(plain.collectiveScale).toBe(1);
    const efficiencyScale = { compute: 0.5, memory: 0.25, collective: 2 };
    const scaled = createRates({ ...deployment({ precision: 'fp8' }), efficiencyScale }, 2e-6);
    expect(scaled.gemmFlops).toBeCloseTo(plain.gemmFlops * 0.5, -3);
    expect(scaled.bf16Flops).toBeCloseTo(plain.bf16Flops * 0.5, -3);
    expect(scaled.mlaFlops).toBeCloseTo(plain.mlaFlops * 0.5, -3);
    expect(scaled.hbm).toBeCloseTo(plain.hbm * 0.25, -3);
    expect(scaled.collectiveScale).toBe(2);
  });

  it('refuses a scale that is not a positive finite number', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const d = { ...deployment(), efficiencyScale: { memory: bad } };
      expect(() => createRates(d, 2e-6)).toThrow(/efficiencyScale\.memory/);
    }
  });

  it('prices a GEMM at the larger of compute and weights + activations, never below the floor', () => {
    expect(gemmSeconds(100, 1e-6, 5e-5, 1e-7, 2e-6)).toBeCloseTo(1e-4, 15); // compute: 100 µs > 50 + 10 µs
    expect(gemmSeconds(10, 1e-6, 5e-5, 1e-7, 2e-6)).toBeCloseTo(5.1e-5, 15); // memory: 51 µs > 10 µs
    expect(gemmSeconds(1, 1e-9, 1e-9, 1e-9, 2e-6)).toBe(2e-6);
    expect(memSeconds(1e-7, 2, 2e-6)).toBe(4e-6);
    expect(memSeconds(1e-5, 2, 2e-6)).toBe(1e-5);
  });
});

describe('efficiency scale through the step-time model', () => {
  it('doubles a compute-bound prefill GEMM when compute efficiency halves', () => {
    // The roofline's GEMMs (a measured table's times are not scaled: step-time.test.ts).
    const roofline = deployment({ roofline: true });
    const base = createStepTimeModel(roofline).breakdown(prefillBatch(4096));
    const slow = createStepTimeModel({ ...roofline, efficiencyScale: { compute: 0.5 } }).breakdown(prefillBatch(4096));
    expect(slow.qkvProjSeconds).toBeCloseTo(2 * base.qkvProjSeconds, 12);
    // gate_up doubles; the SiLU·mul beside it (4096 × 3 × 14336 × 2 bytes per layer) is memory-bound
    const silu = (32 * 4096 * 3 * 14336 * 2) / B;
    expect(slow.mlpGateUpSeconds - silu).toBeCloseTo(2 * (base.mlpGateUpSeconds - silu), 12);
    expect(slow.mlpDownSeconds).toBeCloseTo(2 * base.mlpDownSeconds, 12);
  });

  it('doubles a batch-1 decode’s weight reads when memory efficiency halves', () => {
    const shape = decodeBatch(1, 1000);
    const roofline = deployment({ roofline: true });
    const base = createStepTimeModel(roofline).breakdown(shape);
    const slow = createStepTimeModel({ ...roofline, efficiencyScale: { memory: 0.5 } }).breakdown(shape);
    for (const op of ['qkvProjSeconds', 'oProjSeconds', 'mlpDownSeconds', 'lmHeadSeconds'] as const) {
      expect(slow[op]).toBeCloseTo(2 * base[op], 12);
    }
    // gate_up doubles too; the one-token SiLU·mul beside it stays at its 2 µs kernel floor
    expect(slow.mlpGateUpSeconds - 32 * 2e-6).toBeCloseTo(2 * (base.mlpGateUpSeconds - 32 * 2e-6), 12);
  });

  it('scales the bandwidth part of TP collectives, not their latency', () => {
    const d = deployment({ model: 'llama-3.1-70b', tensorParallel: 8 });
    const shape = prefillBatch(4096);
    const base = createStepTimeModel(d).breakdown(shape).collectiveSeconds;
    const slow = createStepTimeModel({ ...d, efficiencyScale: { collective: 0.5 } }).breakdown(shape).collectiveSeconds;
    const latency = 161 * 10e-6 + 10e-6; // 161 all-reduces and one logits gather, 10 µs each
    expect(slow - latency).toBeCloseTo(2 * (base - latency), 12);
  });

  it('is the identity at 1, and refuses a non-positive factor', () => {
    const one = createStepTimeModel({ ...deployment(), efficiencyScale: { compute: 1, memory: 1, collective: 1 } });
    expect(one.stepSeconds(decodeBatch(8, 500))).toBe(createStepTimeModel(deployment()).stepSeconds(decodeBatch(8, 500)));
    const zero = { ...deployment(), efficiencyScale: { compute: 0 } };
    expect(() => createStepTimeModel(zero)).toThrow(/efficiencyScale\.compute/);
  });
});

