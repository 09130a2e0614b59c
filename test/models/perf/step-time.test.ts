import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStepTimeModel, type BatchShape, type StepBreakdown } from '../../../src/models/perf/step-time.js';
import { decodeBatch, deployment, prefillBatch } from '../builders.js';

const h100Bf16Flops = 989e12 * 0.803; // FLOP/s
const h100Bytes = 3.35e12 * 0.8; // bytes/s
const h100AttnFlops = 989e12 * 0.609; // FlashAttention-3 causal, head dim 128, 8k (h100-sxm.ts)

function opSum(b: StepBreakdown): number {
  return (
    b.embeddingSeconds +
    b.qkvProjSeconds +
    b.attentionSeconds +
    b.oProjSeconds +
    b.mlpGateUpSeconds +
    b.mlpDownSeconds +
    b.moeRouterSeconds +
    b.normsSeconds +
    b.lmHeadSeconds +
    b.collectiveSeconds +
    b.allToAllSeconds
  );
}

describe('step-time model: single ops', () => {
  const model = createStepTimeModel(deployment({ roofline: true })); // Llama-3.1-8B bf16 TP1 H100, roofline GEMMs

  it('prices a 4096-token QKV projection as compute-bound, by hand', () => {
    // per layer: FLOPs 2 × 4096 × 4096 × (4096 + 2×1024) = 206,158,430,208 → ÷ 794.2e12 = 259.6 µs
    // bytes: weights 4096 × 6144 × 2 = 50,331,648 + activations 4096 × (4096 + 6144) × 2 = 83,886,080
    //   = 134,217,728 ÷ 2.68e12 = 50.1 µs  → compute wins; × 32 layers = 8.307 ms
    const perLayer = Math.max((2 * 4096 * 4096 * 6144) / h100Bf16Flops, 134_217_728 / h100Bytes);
    expect(model.breakdown(prefillBatch(4096)).qkvProjSeconds).toBeCloseTo(32 * perLayer, 12);
    expect(32 * perLayer).toBeCloseTo(8.307e-3, 5);
  });

  it('prices a one-token QKV projection as a weight read, by hand', () => {
    // bytes: 50,331,648 weights + (4096 + 6144) × 2 activations = 50,352,128 ÷ 2.68e12 = 18.79 µs × 32
    expect(model.breakdown(decodeBatch(1, 1000)).qkvProjSeconds).toBeCloseTo((32 * 50_352_128) / h100Bytes, 12);
  });
});

describe('step-time model: measured NVFP4 GEMM times on B200 (b200-fp4-gemm.ts)', () => {
  const b200Bytes = 7.7e12 * 0.8;
  const fp4 = createStepTimeModel(deployment({ accelerator: 'b200-sxm', model: 'llama-3.3-70b', precision: 'fp4' }));
  // gate_up of Llama 3.3 70B TP1: N 2 × 28672 = 57344, between the table's 51200 and 65536
  // (u = 6144 / 14336 = 3/7), K 8192.
  const u = 6144 / 14336;

  it('prices a one-token QKV projection at the measured time, by hand', () => {
    // N 8192 + 2 × 1024 = 10240, halfway between 8192 and 12288; K 8192; M 1: (22.09 + 22.68) ÷ 2 µs × 80
    expect(fp4.breakdown(decodeBatch(1, 1000)).qkvProjSeconds).toBeCloseTo(80 * 22.385e-6, 12);
    expect(fp4.breakdown(decodeBatch(1, 1000)).oProjSeconds).toBeCloseTo(80 * 22.09e-6, 12); // 8192 × 8192
  });

  it('prices 256 decodes and a 4096-token prefill at the measured gate_up times, plus SiLU·mul', () => {
    // M 256: 65.92 + 3/7 × (87.58 − 65.92) = 75.203 µs; SiLU·mul 256 × 2 × 3 × 28672 B at the flat rate
    const silu = (m: number) => (m * 2 * 3 * 28672) / b200Bytes;
    const decode = 65.92e-6 + u * (87.58e-6 - 65.92e-6) + silu(256);
    expect(fp4.breakdown(decodeBatch(256, 1000)).mlpGateUpSeconds).toBeCloseTo(80 * decode, 12);
    // M 4096: 801 + 3/7 × (1007 − 801) = 889.29 µs (the roofline at compute.fp4 gave 699.8 µs)
    const prefill = 801e-6 + u * (1007e-6 - 801e-6) + silu(4096);
    expect(fp4.breakdown(prefillBatch(4096)).mlpGateUpSeconds).toBeCloseTo(80 * prefill, 12);
  });

  it('takes the measured time as measured: the runtime efficiency factors do not scale it', () => {
    const scaled = createStepTimeModel({
      ...deployment({ accelerator: 'b200-sxm', model: 'llama-3.3-70b', precision: 'fp4' }),
      efficiencyScale: { compute: 0.5, memory: 0.5 },
    });
    const [a, b] = [scaled.breakdown(decodeBatch(256, 1000)), fp4.breakdown(decodeBatch(256, 1000))];
    expect(a.qkvProjSeconds).toBe(b.qkvProjSeconds);
    expect(a.mlpDownSeconds).toBe(b.mlpDownSeconds);
    expect(a.normsSeconds).toBeCloseTo(2 * b.normsSeconds, 15); // a flat-rate op does scale
  });

  it("prices bf16 weights on B200 at vLLM's measured cuBLAS times (b200-bf16-gemm.ts), not the roofline", () => {
    const measured = createStepTimeModel(deployment({ accelerator: 'b200-sxm', model: 'llama-3.3-70b' }));
    const roofline = createStepTimeModel(deployment({ accelerator: 'b200-sxm', model: 'llama-3.3-70b', roofline: true }));
    // qkv N 8192 + 2 × 1024 = 10240 (halfway between the table's 8192 and 12288), K 8192, M 1:
    // (23.01 + 36.04) ÷ 2 = 29.525 µs × 80 layers. The roofline: 8192 × 10240 × 2 = 167,772,160 B
    // + 36,864 B of activations ÷ 6.16e12 = 27.24 µs × 80.
    expect(measured.breakdown(decodeBatch(1, 1000)).qkvProjSeconds).toBeCloseTo(80 * 29.525e-6, 12);
    expect(roofline.breakdown(decodeBatch(1, 1000)).qkvProjSeconds).toBeCloseTo((80 * (167_772_160 + 36_864)) / b200Bytes, 9);
  });
});

describe("step-time model: vLLM's measured BF16 GEMM times on H100 (h100-bf16-gemm.ts)", () => {
  // Llama-3.1-8B TP1: qkv N 4096 + 2 × 1024 = 6144, K 4096 and o N 4096, K 4096 are grid points.
  const bf16 = createStepTimeModel(deployment());

  it('prices QKV and O at the measured times for 1, 128 and 1024 tokens, by hand', () => {
    // table rows (µs): qkv 19.9 / 22.34 / 65.34, o 15.05 / 16.61 / 43.13; × 32 layers. The roofline
    // gave 18.79 / 19.76 / 64.90 and 12.53 / 13.30 / 43.27: the measured kernels are slower at few
    // rows, where they reach neither roof, and meet it at 1024.
    const one = bf16.breakdown(decodeBatch(1, 1000));
    expect(one.qkvProjSeconds).toBeCloseTo(32 * 19.9e-6, 12);
    expect(one.oProjSeconds).toBeCloseTo(32 * 15.05e-6, 12);
    const many = bf16.breakdown(decodeBatch(128, 1000));
    expect(many.numTokensPadded).toBe(128);
    expect(many.qkvProjSeconds).toBeCloseTo(32 * 22.34e-6, 12);
    expect(many.oProjSeconds).toBeCloseTo(32 * 16.61e-6, 12);
    const prefill = bf16.breakdown(prefillBatch(1024));
    expect(prefill.qkvProjSeconds).toBeCloseTo(32 * 65.34e-6, 12);
    expect(prefill.oProjSeconds).toBeCloseTo(32 * 43.13e-6, 12);
  });

  it('leaves fp8 weights on H100 on the roofline (no table for them)', () => {
    const fp8 = createStepTimeModel(deployment({ precision: 'fp8' }));
    // 6144 × 4096 × 1 B = 25,165,824 B + (4096 + 6144) × 2 B of activations ÷ 2.68e12, × 32
    expect(fp8.breakdown(decodeBatch(1, 1000)).qkvProjSeconds).toBeCloseTo((32 * (25_165_824 + 20_480)) / h100Bytes, 12);
  });
});

describe("step-time model: the runtimes' measured TP all-reduce (all-reduce-tables.ts)", () => {
  // Llama-3.1-405B fp4 TP4 on B200, 256 decodes: each all-reduce moves 256 × 16,384 × 2 B = 8 MiB,
  // measured at 47.12 µs; 2 × 126 + 1 = 253 a step. The logits all-gather stays on the link model:
  // 10 µs + 256 × 128,256 × 2 B × 3/4 ÷ (900 GB/s × 0.758).
  const d = { ...deployment({ accelerator: 'b200-sxm', model: 'llama-3.1-405b', tensorParallel: 4, precision: 'fp4' }), runtime: 'trtllm' as const };
  const gather = (scale: number) => 10e-6 + (256 * 128256 * 2 * 0.75) / (900e9 * 0.758 * scale);

  it('prices 253 all-reduces of 8 MiB at the measured 47.12 µs each, plus the gather', () => {
    const b = createStepTimeModel(d).breakdown(decodeBatch(256, 1000));
    expect(b.numTokensPadded).toBe(256);
    expect(b.collectiveSeconds).toBeCloseTo(253 * 47.12e-6 + gather(1), 12);
  });

  it("gives vLLM its own measured table (43.23 µs at 8 MiB, TP4 on B200) and leaves SGLang on the link model: 10 µs + 8 MiB × 2 × 3/4 at 682.2 GB/s = 28.44 µs", () => {
    const vllm = createStepTimeModel({ ...d, runtime: 'vllm' }).breakdown(decodeBatch(256, 1000));
    expect(vllm.collectiveSeconds).toBeCloseTo(253 * 43.23e-6 + gather(1), 12);
    const sglang = createStepTimeModel({ ...d, runtime: 'sglang' }).breakdown(decodeBatch(256, 1000));
    expect(sglang.collectiveSeconds).toBeCloseTo(253 * (10e-6 + (8_388_608 * 1.5) / 682.2e9) + gather(1), 12);
  });

  it('takes the measured time as measured: the collective factor scales only the gather', () => {
    const b = createStepTimeModel({ ...d, efficiencyScale: { collective: 0.5 } }).breakdown(decodeBatch(256, 1000));
    expect(b.collectiveSeconds).toBeCloseTo(253 * 47.12e-6 + gather(0.5), 12);
  });
});

describe('step-time model: one dense layer by hand (Llama-3.1-8B bf16, 1024-token prefill, H100)', () => {
  // 1024 tokens > 512: eager, no padding. Every op × 32 layers.
  const b = createStepTimeModel(deployment({ roofline: true })).breakdown(prefillBatch(1024));

  it('prices o_proj, gate_up + SiLU·mul and down as compute-bound GEMMs', () => {
    // o: 2 × 1024 × 4096 × 4096 = 34,359,738,368 FLOPs → 43.3 µs; bytes 4096 × 4096 × 2
    //   + 1024 × (4096 + 4096) × 2 = 50,331,648 → 18.8 µs
    expect(b.oProjSeconds).toBeCloseTo(32 * Math.max(34_359_738_368 / h100Bf16Flops, 50_331_648 / h100Bytes), 12);
    // gate_up: 2 × 1024 × 4096 × 28672 = 240,518,168,576 FLOPs → 302.9 µs; bytes 4096 × 28672 × 2
    //   + 1024 × (4096 + 28672) × 2 = 301,989,888 → 112.7 µs
    // SiLU·mul: 1024 × 3 × 14336 × 2 = 88,080,384 bytes → 32.9 µs
    const gateUp = Math.max(240_518_168_576 / h100Bf16Flops, 301_989_888 / h100Bytes) + 88_080_384 / h100Bytes;
    expect(b.mlpGateUpSeconds).toBeCloseTo(32 * gateUp, 12);
    // down: 2 × 1024 × 14336 × 4096 = 120,259,084,288 FLOPs → 151.4 µs;
    //   bytes 117,440,512 + 1024 × (14336 + 4096) × 2 = 155,189,248 → 57.9 µs
    expect(b.mlpDownSeconds).toBeCloseTo(32 * Math.max(120_259_084_288 / h100Bf16Flops, 155_189_248 / h100Bytes), 12);
    expect(b.moeRouterSeconds).toBe(0);
  });

  it('prices causal attention over 524,800 query×key pairs, plus RoPE and the KV write', () => {
    // pairs 1024 × 1025 / 2 = 524,800 × 4 × 128 × 32 heads = 8,598,323,200 FLOPs ÷ (989e12 × 0.609)
    //   → 14.3 µs (at the GEMM efficiency it would be 10.8 µs);
    //   K and V 1024 × 2 × 1024 × 2 = 4,194,304 bytes (4 MiB) read at the measured Hopper curve
    //   (hopper-decode-attention.ts), a latency-bound size: the H200 times 9.57 µs at 2 MiB and
    //   11.62 µs at 8 MiB × 4.8 / 3.35 (H100's peak) → 13.712 + 2/6 × 2.937 = 14.691 µs;
    //   q in, out 1024 × 2 × 4096 × 2 = 16,777,216 bytes → 6.26 µs: 20.95 µs, above the FLOPs' 14.3.
    // RoPE + KV write: 1024 × (2 × 2 × (4096 + 1024) + 2 × 1024 × (2 + 2)) = 29,360,128 bytes → 11.0 µs
    const kvRead = ((9.57e-6 + (2 / 6) * (11.62e-6 - 9.57e-6)) * 4.8) / 3.35;
    expect(kvRead).toBeCloseTo(14.691e-6, 9);
    const core = Math.max(8_598_323_200 / h100AttnFlops, kvRead + 16_777_216 / h100Bytes);
    expect(core).toBeCloseTo(20.95e-6, 8);
    expect(b.attentionSeconds).toBeCloseTo(32 * (core + 29_360_128 / h100Bytes), 12);
  });
});

describe('step-time model: attention efficiency', () => {
  // A 16,384-token context with an 8192-token chunk on top (Llama-3.1-8B, one H100): attention is
  // compute-bound, 8192 × (16384 + 8193/2) = 167,788,544 pairs × 4 × 128 × 32 heads = 2.749e15 FLOPs
  // per layer. Bytes: K, V 24,576 × 2 × 1024 × 2 + q in/out 8192 × 2 × 4096 × 2 = 234,881,024.
  const shape: BatchShape = {
    numTokens: 8192,
    numSeqs: 1,
    numSampled: 1,
    attnQkPairs: 8192 * (16384 + 8193 / 2),
    kvReadTokens: 24576,
    uniformDecode: false,
  };
  const ropeKv = 8192 * (2 * 2 * (4096 + 1024) + 2 * 1024 * (2 + 2)); // bytes, as the 1024-token test
  const flops = 8192 * (16384 + 8193 / 2) * 4 * 128 * 32;

  it("runs at FlashAttention-3's measured 0.609 of peak on H100, by hand", () => {
    const b = createStepTimeModel(deployment()).breakdown(shape);
    expect(b.attentionSeconds).toBeCloseTo(32 * (flops / h100AttnFlops + ropeKv / h100Bytes), 9);
    // 4.564 ms per layer: 1.32× what the GEMM efficiency (0.803) would give
    expect(flops / h100AttnFlops).toBeCloseTo(4.564e-3, 5);
  });

  it("falls back to the bf16 GEMM efficiency on a chip with no attention figure (MI300X), scaled by the runtime's compute factor", () => {
    const mi300xBf16 = 1307.4e12 * 0.511;
    const mi300xBytes = 5.3e12 * 0.8;
    const d = { ...deployment({ accelerator: 'mi300x' }), efficiencyScale: { compute: 0.5 } };
    const b = createStepTimeModel(d).breakdown(shape);
    expect(b.attentionSeconds).toBeCloseTo(32 * (flops / (mi300xBf16 * 0.5) + ropeKv / mi300xBytes), 9);
  });
});

describe('step-time model: published anchors', () => {
  it('gives Llama-3.1-8B bf16 batch-1 decode at context 1000 on one H100 an ITL of 5–9 ms', () => {
    // The weights (15.0 GB read per step without the embedding table) at 2.68 TB/s take ~5.6 ms.
    const seconds = createStepTimeModel(deployment()).stepSeconds(decodeBatch(1, 1000));
    expect(seconds).toBeGreaterThan(5e-3);
    expect(seconds).toBeLessThan(9e-3);
  });

  it('prices an 8192-token Llama-3.1-70B TP8 prefill near an independent roofline', () => {
    // Independent roofline, per the whole group:
    //   linear params = 80 × (8192 × 10240 + 8192 × 8192 + 3 × 8192 × 28672) = 68,451,041,280
    //   linear FLOPs = 2 × 68,451,041,280 × 8192 = 1.1215e15
    //   attention FLOPs = 4 × 128 × 64 heads × 80 layers × 8192 × 8193 / 2 pairs = 8.797e13
    //   LM head (one sampled row) = 2 × 8192 × 128256 = 2.1e9
    //   compute = 1.2095e15 ÷ (8 × 989e12 × 0.8) = 0.1911 s
    //   all-reduces: 161 × (2 × 7/8 × 8192 × 8192 × 2 B ÷ (450e9 × 0.8) + 10 µs) = 0.1067 s
    const linearParams = 80 * (8192 * 10240 + 8192 * 8192 + 3 * 8192 * 28672);
    const flops = 2 * linearParams * 8192 + 4 * 128 * 64 * 80 * ((8192 * 8193) / 2) + 2 * 8192 * 128256;
    const computeRoofline = flops / (8 * 989e12 * 0.8);
    const allReduces = 161 * ((1.75 * 8192 * 8192 * 2) / (450e9 * 0.8) + 10e-6);
    expect(computeRoofline).toBeCloseTo(0.1911, 3);

    // The roofline's own GEMMs (with H100's measured BF16 table the sum is +38 %: TP8's skinny
    // GEMMs, K = 1024 for o_proj, run far below the FLOP roof).
    const d = deployment({ model: 'llama-3.1-70b', tensorParallel: 8, roofline: true });
    const b = createStepTimeModel(d).breakdown(prefillBatch(8192));
    // Without the collectives the model is within ±25 % of the compute roofline (it adds the
    // memory-bound norms, RoPE and KV writes: +20 %).
    expect(Math.abs((b.gpuSeconds - b.collectiveSeconds) / computeRoofline - 1)).toBeLessThan(0.25);
    // The whole step is within ±25 % of the roofline plus the ring all-reduces (+13 %). Against the
    // compute roofline alone it is +76 %: a third of a TP8 prefill is all-reduce, as profiled (below).
    expect(Math.abs(b.stepSeconds / (computeRoofline + allReduces) - 1)).toBeLessThan(0.25);
  });

  it('spends about a third of a TP8 fp8 prefill in all-reduce, less at TP4, as profiled', () => {
    // ISC 2026 poster (Llama-3.3-70B FP8, vLLM, 8×H100, 2048-token inputs): 35.1 % of prefill in NCCL
    // all-reduce at TP8, 25.5 % at TP4. The model gives ~44 % and ~28 %.
    const share = (tp: number) => {
      const d = deployment({ model: 'llama-3.1-70b', tensorParallel: tp, precision: 'fp8' });
      const b = createStepTimeModel(d).breakdown(prefillBatch(2048));
      return b.collectiveSeconds / b.gpuSeconds;
    };
    expect(share(8)).toBeGreaterThan(0.25);
    expect(share(8)).toBeLessThan(0.45);
    expect(share(4)).toBeGreaterThan(0.15);
    expect(share(4)).toBeLessThan(share(8));
  });
});

describe('step-time model: shape of the curve', () => {
  it('makes decode slower as the context grows', () => {
    const model = createStepTimeModel(deployment());
    const times = [0, 1000, 4000, 16000, 64000].map((ctx) => model.stepSeconds(decodeBatch(32, ctx)));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]);
  });

  it('makes TP2 collectives on MI300X slower per byte than TP8', () => {
    const perByte = (tp: number) => {
      const d = deployment({ accelerator: 'mi300x', model: 'llama-3.1-70b', tensorParallel: tp });
      const b = createStepTimeModel(d).breakdown(prefillBatch(4096));
      return b.collectiveSeconds / (161 * 4096 * 8192 * 2);
    };
    expect(perByte(2)).toBeGreaterThan(perByte(8));
  });

  it('pads a uniform decode to the CUDA-graph size: 5 sequences cost the GEMMs of 8', () => {
    const model = createStepTimeModel(deployment());
    const five = model.breakdown(decodeBatch(5, 100));
    const eight = model.breakdown(decodeBatch(8, 100));
    expect(five.numTokensPadded).toBe(8);
    expect(five.graphMode).toBe('full');
    expect(five.mlpGateUpSeconds).toBe(eight.mlpGateUpSeconds);
    expect(five.attentionSeconds).toBeLessThanOrEqual(eight.attentionSeconds);
  });

  it('pads mixed batches up to 512 tokens (PIECEWISE) and runs larger ones eagerly', () => {
    const model = createStepTimeModel(deployment());
    expect(model.breakdown(prefillBatch(300))).toMatchObject({ numTokensPadded: 304, graphMode: 'piecewise' });
    expect(model.breakdown(prefillBatch(600))).toMatchObject({ numTokensPadded: 600, graphMode: 'eager' });
  });

  it('is faster on H200 than H100 for bandwidth-bound decode', () => {
    const h100 = createStepTimeModel(deployment()).stepSeconds(decodeBatch(16, 2000));
    const h200 = createStepTimeModel(deployment({ accelerator: 'h200-sxm' })).stepSeconds(decodeBatch(16, 2000));
    expect(h200).toBeLessThan(h100);
  });

  it('makes fp8 weights faster than bf16 for compute-bound prefill on H100', () => {
    const bf16 = createStepTimeModel(deployment()).stepSeconds(prefillBatch(8192));
    const fp8 = createStepTimeModel(deployment({ precision: 'fp8' })).stepSeconds(prefillBatch(8192));
    expect(fp8).toBeLessThan(bf16);
  });
});

describe('step-time model: CPU overhead and scheduling', () => {
  it('overlaps CPU and GPU under async scheduling and adds them without it', () => {
    const slowCpu = { cpuBaseSeconds: 20e-3, stepGapSeconds: 0 };
    const shape = decodeBatch(1, 1000);
    const asyncB = createStepTimeModel(deployment(), slowCpu).breakdown(shape);
    expect(asyncB.stepSeconds).toBe(Math.max(asyncB.gpuSeconds, asyncB.cpuSeconds));
    expect(asyncB.stepSeconds).toBe(asyncB.cpuSeconds); // 20 ms of CPU hides the ~6 ms GPU step
    const syncB = createStepTimeModel(deployment(), { ...slowCpu, asyncScheduling: false }).breakdown(shape);
    expect(syncB.stepSeconds).toBeCloseTo(syncB.gpuSeconds + syncB.cpuSeconds, 15);
  });

  it('charges a + b × numSeqs plus launches: one graph launch for a uniform decode', () => {
    // 0.3 ms + 64 × 4 µs + 5 µs = 0.561 ms
    expect(createStepTimeModel(deployment()).breakdown(decodeBatch(64, 10)).cpuSeconds).toBeCloseTo(0.561e-3, 12);
  });

  it('refuses an invalid TP degree and negative overheads', () => {
    expect(() => createStepTimeModel(deployment({ tensorParallel: 3 }))).toThrow(/attention heads/);
    expect(() => createStepTimeModel(deployment(), { cpuBaseSeconds: -1 })).toThrow(/cpuBaseSeconds/);
  });
});

describe('step-time model: invariants', () => {
  const shapes = fc
    .record({ ctx: fc.array(fc.nat(100_000), { minLength: 1, maxLength: 64 }), q: fc.integer({ min: 1, max: 2048 }) })
    .map(({ ctx, q }): BatchShape => {
      // Sequence 0 is a prefill chunk of q tokens, the rest decodes.
      const qs = ctx.map((_, i) => (i === 0 ? q : 1));
      return {
        numTokens: qs.reduce((a, b) => a + b, 0),
        numSeqs: ctx.length,
        numSampled: ctx.length,
        attnQkPairs: ctx.reduce((a, c, i) => a + qs[i] * (c + (qs[i] + 1) / 2), 0),
        kvReadTokens: ctx.reduce((a, c, i) => a + c + qs[i], 0),
        uniformDecode: q === 1,
      };
    });
  const models = [
    deployment(),
    deployment({ model: 'qwen3-32b', tensorParallel: 2, precision: 'fp8', kvCacheDtype: 'fp8' }),
    deployment({ accelerator: 'mi300x', model: 'llama-2-70b', tensorParallel: 4, precision: 'fp8' }),
    deployment({ accelerator: 'tpu-v5p', model: 'llama-3.1-70b', tensorParallel: 8, precision: 'int8' }),
    deployment({ accelerator: 'gaudi3', model: 'llama-3.1-8b', precision: 'fp4' }),
    deployment({ model: 'mixtral-8x7b', tensorParallel: 2, precision: 'fp8' }),
    deployment({ accelerator: 'h200-sxm', model: 'deepseek-r1', tensorParallel: 8, precision: 'fp8', kvCacheDtype: 'fp8' }),
    deployment({ accelerator: 'b200-sxm', model: 'llama-3.1-405b', tensorParallel: 8, precision: 'fp4' }),
    deployment({ accelerator: 'tpu-v6e', model: 'qwen3-8b', tensorParallel: 4 }),
    deployment({ accelerator: 'h200-sxm', model: 'deepseek-r1', precision: 'fp8', wideEp: { dataParallel: 16, numNodes: 2, imbalance: 1.3 } }),
    deployment({ model: 'mixtral-8x7b', tensorParallel: 2, wideEp: { dataParallel: 4 } }),
  ].map((d) => createStepTimeModel(d));

  it('always takes positive, finite time, and stepSeconds equals the breakdown total', () => {
    fc.assert(
      fc.property(shapes, fc.integer({ min: 0, max: models.length - 1 }), (shape, i) => {
        const s = models[i].stepSeconds(shape);
        const b = models[i].breakdown(shape);
        expect(s).toBeGreaterThan(0);
        expect(Number.isFinite(s)).toBe(true);
        expect(b.stepSeconds).toBe(s);
        expect(b.gpuSeconds).toBeCloseTo(opSum(b), 15);
      }),
    );
  });

  it('never gets faster when the batch reads more KV', () => {
    fc.assert(
      fc.property(shapes, fc.nat(1_000_000), fc.integer({ min: 0, max: models.length - 1 }), (shape, extra, i) => {
        const more = { ...shape, kvReadTokens: shape.kvReadTokens + extra, attnQkPairs: shape.attnQkPairs + extra };
        expect(models[i].stepSeconds(more)).toBeGreaterThanOrEqual(models[i].stepSeconds(shape));
      }),
    );
  });
});

describe('step-time model: DP attention with expert parallelism', () => {
  // DeepSeek-R1 fp8 on 2 × 8 H200, TP1 × DP16 = EP16, imbalance 1 unless said.
  const h200 = { accelerator: 'h200-sxm', model: 'deepseek-r1', precision: 'fp8' } as const;
  const wide = createStepTimeModel(deployment({ ...h200, wideEp: { dataParallel: 16, numNodes: 2 } }));
  const oneRank = createStepTimeModel(deployment(h200)); // TP1, every expert local: one DP rank alone

  it("runs attention, projections and the LM head on one DP rank's share: 256 decodes cost what 16 cost alone", () => {
    const b = wide.breakdown(decodeBatch(256, 2000));
    const r = oneRank.breakdown(decodeBatch(16, 2000));
    for (const k of ['embeddingSeconds', 'qkvProjSeconds', 'attentionSeconds', 'oProjSeconds', 'normsSeconds', 'lmHeadSeconds', 'moeRouterSeconds'] as const) {
      expect(b[k]).toBeCloseTo(r[k], 15);
    }
    expect(b.collectiveSeconds).toBe(0); // TP1: no all-reduce
  });

  it('lands a lone prefill whole on one DP rank', () => {
    expect(wide.breakdown(prefillBatch(4096)).attentionSeconds).toBeCloseTo(oneRank.breakdown(prefillBatch(4096)).attentionSeconds, 15);
  });

  it('puts the busiest share of prefills and of decodes on one rank: a 4096-token chunk and 2 of 32 decodes', () => {
    const mixed = (numDec: number): BatchShape => ({
      numTokens: 4096 + numDec,
      numSeqs: 1 + numDec,
      numSampled: 1 + numDec,
      attnQkPairs: (4096 * 4097) / 2 + numDec * 2001,
      kvReadTokens: 4096 + numDec * 2001,
      uniformDecode: false,
      numDecodes: numDec,
      decodeKvReadTokens: numDec * 2001,
    });
    const b = wide.breakdown(mixed(32));
    const r = oneRank.breakdown(mixed(2));
    for (const k of ['qkvProjSeconds', 'attentionSeconds', 'oProjSeconds', 'lmHeadSeconds'] as const) expect(b[k]).toBeCloseTo(r[k], 15);
    expect(b.cpuSeconds).toBeCloseTo(r.cpuSeconds, 15);
  });

  it('adds a dispatch and a combine per MoE layer, by hand', () => {
    // 16 tokens per rank × 8 copies × 7168 × (1 byte fp8 out + 2 bytes bf16 back) = 2,752,512 bytes at
    // 1.25e-11 s/B (8 of 16 ranks over a 400G NIC at 0.8) = 34.41 µs + 2 × 10 µs; × 58 MoE layers
    expect(wide.breakdown(decodeBatch(256, 2000)).allToAllSeconds).toBeCloseTo(58 * (20e-6 + 2_752_512 * 1.25e-11), 12);
    expect(oneRank.breakdown(decodeBatch(16, 2000)).allToAllSeconds).toBe(0);
  });

  it('makes the busiest expert rank and a slower NIC cost more', () => {
    const hot = createStepTimeModel(deployment({ ...h200, wideEp: { dataParallel: 16, numNodes: 2, imbalance: 1.5 } }));
    const eth = createStepTimeModel(deployment({ ...h200, wideEp: { dataParallel: 16, numNodes: 2, scaleOut: 'eth-100g' } }));
    const b = decodeBatch(2048, 2000);
    expect(hot.stepSeconds(b)).toBeGreaterThan(wide.stepSeconds(b));
    expect(hot.breakdown(b).allToAllSeconds).toBeCloseTo(1.5 * wide.breakdown(b).allToAllSeconds - 0.5 * 58 * 20e-6, 12);
    expect(eth.breakdown(b).allToAllSeconds).toBeGreaterThan(3 * wide.breakdown(b).allToAllSeconds);
  });

  it('beats TP8 per GPU at a large decode batch, since each DP rank holds its own KV and experts are not re-read', () => {
    const tp8 = createStepTimeModel(deployment({ ...h200, tensorParallel: 8 }));
    // 128 sequences per GPU in both: 2048 on EP16 (16 GPUs), 1024 on TP8 (8 GPUs)
    const perGpuWide = 2048 / wide.stepSeconds(decodeBatch(2048, 2000)) / 16;
    const perGpuTp8 = 1024 / tp8.stepSeconds(decodeBatch(1024, 2000)) / 8;
    expect(perGpuWide).toBeGreaterThan(perGpuTp8);
  });
});
