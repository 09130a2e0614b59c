import { describe, expect, it } from 'vitest';
import { TRTLLM_MOE_LAYERS, type MeasuredMoeLayer } from '../../../src/models/hardware/trtllm-moe-layer.js';
import { createMeasuredMoeSeconds, findMeasuredMoeLayer, measuredMoeLayerProblem } from '../../../src/models/perf/measured-moe.js';
import type { Deployment } from '../../../src/models/perf/memory.js';
import { createMoeLayerCost } from '../../../src/models/perf/moe.js';
import { createRates } from '../../../src/models/perf/roofline.js';
import { createStepTimeModel } from '../../../src/models/perf/step-time.js';
import { decodeBatch, deployment } from '../builders.js';

const FLOOR = 2e-6;

/** A three-point table: 0.1 ms at 1 token, 0.2 at 10, 0.4 at 20. */
const SMALL: MeasuredMoeLayer = {
  accelerator: 'h200-sxm',
  precision: 'fp8',
  moeDtype: 'fp8_block',
  hiddenSize: 7168,
  moeIntermediateSize: 2048,
  topK: 8,
  numExperts: 256,
  moeTp: 1,
  moeEp: 8,
  distribution: 'balanced',
  numTokens: [1, 10, 20],
  ms: [0.1, 0.2, 0.4],
  source: 'test',
};

/** DeepSeek-R1 as V50 runs it: TensorRT-LLM, TP1 × DP8 = EP8 on one node. */
function v50(accelerator: 'h200-sxm' | 'b200-sxm', imbalance: number, runtime: Deployment['runtime'] = 'trtllm'): Deployment {
  const precision = accelerator === 'h200-sxm' ? 'fp8' : 'fp4';
  return { ...deployment({ accelerator, model: 'deepseek-r1', precision, wideEp: { dataParallel: 8, imbalance } }), runtime };
}

describe('measured MoE time against tokens', () => {
  const s = createMeasuredMoeSeconds(SMALL);

  it('is the measured point on the grid and linear between points', () => {
    expect(s(10)).toBeCloseTo(0.2e-3, 15);
    expect(s(5)).toBeCloseTo(0.1e-3 + (4 / 9) * 0.1e-3, 15); // 0.14444 ms
    expect(s(15)).toBeCloseTo(0.3e-3, 15);
  });

  it('holds the first point below the grid and extends the last segment’s 0.02 ms per token past it', () => {
    expect(s(0.5)).toBeCloseTo(0.1e-3, 15);
    expect(s(30)).toBeCloseTo(0.4e-3 + 10 * 0.02e-3, 15); // 0.6 ms
  });

  it('reads the DeepSeek-R1 rows: B200 3,072 tokens, H200 between 1,024 and 1,536, B200 past 16,384', () => {
    const b200 = findMeasuredMoeLayer(v50('b200-sxm', 1.3)) as MeasuredMoeLayer;
    expect(createMeasuredMoeSeconds(b200)(3072)).toBeCloseTo(0.555e-3, 15);
    // 1.7803 + 4096 × (1.7803 − 1.4581) ÷ 4096 = 2.1025 ms
    expect(createMeasuredMoeSeconds(b200)(20480)).toBeCloseTo(2.1025e-3, 15);
    const h200 = findMeasuredMoeLayer(v50('h200-sxm', 1)) as MeasuredMoeLayer;
    expect(createMeasuredMoeSeconds(h200)(1280)).toBeCloseTo((0.4737 + (256 / 512) * (0.5223 - 0.4737)) * 1e-3, 15); // 0.498 ms
  });
});

describe('measured MoE table checks', () => {
  it('passes every stored row', () => {
    for (const t of TRTLLM_MOE_LAYERS) expect(measuredMoeLayerProblem(t), t.source).toBeUndefined();
  });

  it('holds at most one balanced and one skewed row per accelerator, precision, shape and layout', () => {
    const keys = TRTLLM_MOE_LAYERS.map((t) =>
      [t.accelerator, t.precision, t.hiddenSize, t.moeIntermediateSize, t.topK, t.numExperts, t.moeTp, t.moeEp, t.distribution === 'balanced'].join('/'),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names what is wrong with a bad table, and refuses to price one', () => {
    expect(measuredMoeLayerProblem({ ...SMALL, numTokens: [1], ms: [0.1] })).toMatch(/at least 2 points/);
    expect(measuredMoeLayerProblem({ ...SMALL, ms: [0.1, 0.2] })).toMatch(/3 points but ms has 2/);
    expect(measuredMoeLayerProblem({ ...SMALL, numTokens: [1, 20, 10] })).toMatch(/numTokens must be positive and ascending, got 1, 20, 10/);
    expect(measuredMoeLayerProblem({ ...SMALL, numTokens: [0, 10, 20] })).toMatch(/numTokens must be positive and ascending, got 0, 10, 20/);
    expect(measuredMoeLayerProblem({ ...SMALL, ms: [0.1, -0.2, 0.4] })).toMatch(/ms\[1\] must be a positive number/);
    expect(measuredMoeLayerProblem({ ...SMALL, source: ' ' })).toMatch(/source/);
    expect(() => createMeasuredMoeSeconds({ ...SMALL, ms: [0.1, Number.NaN, 0.4] })).toThrow(/measured MoE table test: ms\[1\]/);
  });
});

describe('which deployments the table prices', () => {
  it('matches TensorRT-LLM DeepSeek-R1 at EP8: the skewed rows at imbalance ≠ 1, the balanced at 1', () => {
    expect(findMeasuredMoeLayer(v50('h200-sxm', 1.3))?.distribution).toBe('power_law_1.01');
    expect(findMeasuredMoeLayer(v50('h200-sxm', 1))?.distribution).toBe('balanced');
    expect(findMeasuredMoeLayer(v50('b200-sxm', 1.3))?.moeDtype).toBe('nvfp4');
  });

  it('leaves other runtimes, precisions, layouts and models to the roofline', () => {
    expect(findMeasuredMoeLayer(v50('h200-sxm', 1.3, 'vllm'))).toBeUndefined();
    const unnamed = v50('h200-sxm', 1.3);
    delete unnamed.runtime;
    expect(findMeasuredMoeLayer(unnamed)).toBeUndefined();
    expect(findMeasuredMoeLayer({ ...v50('h200-sxm', 1.3), precision: 'bf16' })).toBeUndefined();
    const tp8 = { ...deployment({ accelerator: 'h200-sxm', model: 'deepseek-r1', precision: 'fp8', tensorParallel: 8 }), runtime: 'trtllm' as const };
    expect(findMeasuredMoeLayer(tp8)).toBeUndefined(); // moe_tp 8, ep 1: not in the table
    const ep16 = { ...deployment({ accelerator: 'h200-sxm', model: 'deepseek-r1', precision: 'fp8', wideEp: { dataParallel: 16, numNodes: 2 } }), runtime: 'trtllm' as const };
    expect(findMeasuredMoeLayer(ep16)).toBeUndefined();
    const mixtral = { ...deployment({ model: 'mixtral-8x7b', precision: 'fp8', wideEp: { dataParallel: 8 } }), runtime: 'trtllm' as const };
    expect(findMeasuredMoeLayer(mixtral)).toBeUndefined();
  });
});

describe('a MoE layer priced from the table', () => {
  it('splits the measured 0.555 ms (B200, 3,072 tokens, power law) 2 : 1 over gate_up and down, beside the shared expert', () => {
    const d = v50('b200-sxm', 1.3);
    const moe = createMoeLayerCost(d, createRates(d, FLOOR));
    // all = 0: no routed tokens, the shared expert alone
    expect(moe.gateUp(384, 3072) - moe.gateUp(384, 0)).toBeCloseTo((2 / 3) * 0.555e-3, 15);
    expect(moe.down(384, 3072) - moe.down(384, 0)).toBeCloseTo((1 / 3) * 0.555e-3, 15);
  });

  it('does not scale the measured time by the runtime factors', () => {
    const d = { ...v50('b200-sxm', 1.3), efficiencyScale: { compute: 0.5, memory: 0.5 } };
    const moe = createMoeLayerCost(d, createRates(d, FLOOR));
    expect(moe.gateUp(384, 3072) - moe.gateUp(384, 0)).toBeCloseTo((2 / 3) * 0.555e-3, 15);
  });

  it('drops the top-k from the router (the measured op routes) but keeps the router GEMM', () => {
    const measured = v50('h200-sxm', 1.3);
    const roofline = v50('h200-sxm', 1.3, 'vllm');
    const withTable = createMoeLayerCost(measured, createRates(measured, FLOOR)).router(128);
    const without = createMoeLayerCost(roofline, createRates(roofline, FLOOR)).router(128);
    // top-k at 128 tokens: 128 × (2 × 256 + 64) bytes = 73,728 B, well under a floor → one floor
    expect(without - withTable).toBeCloseTo(FLOOR, 15);
    expect(withTable).toBeGreaterThan(0);
  });
});

describe('V50’s decode step with the measured MoE', () => {
  // A full decode batch at 2,048 tokens of context; 58 MoE layers. The imbalance moves only the
  // table's rows (and the all-to-all bytes), so the difference of the expert GEMMs between the
  // skewed and balanced rows is 58 × their difference at the replica's tokens.
  const experts = (d: Deployment, seqs: number): number => {
    const b = createStepTimeModel(d).breakdown(decodeBatch(seqs, 2048));
    return b.mlpGateUpSeconds + b.mlpDownSeconds;
  };

  it('B200: 8 × 384 decodes put 3,072 tokens through each MoE op, 58 × (0.5550 − 0.3572) ms apart', () => {
    expect(experts(v50('b200-sxm', 1.3), 3072) - experts(v50('b200-sxm', 1), 3072)).toBeCloseTo(58 * (0.555 - 0.3572) * 1e-3, 12);
  });

  it('H200: 8 × 128 decodes, 1,024 tokens, 58 × (0.5292 − 0.4737) ms apart', () => {
    expect(experts(v50('h200-sxm', 1.3), 1024) - experts(v50('h200-sxm', 1), 1024)).toBeCloseTo(58 * (0.5292 - 0.4737) * 1e-3, 12);
  });

  it('prices the same step from the roofline under vLLM, where the imbalance scales the routed rows', () => {
    const vllm = experts(v50('b200-sxm', 1.3, 'vllm'), 3072);
    expect(Math.abs(vllm - experts(v50('b200-sxm', 1.3), 3072))).toBeGreaterThan(1e-3);
  });
});
