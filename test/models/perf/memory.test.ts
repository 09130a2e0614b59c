import { describe, expect, it } from 'vitest';
import {
  VLLM_MEMORY_PRIORS,
  activationPeakBytes,
  kvBytesPerTokenPerRank,
  kvHeadsPerRank,
  planMemory,
  tensorParallelProblem,
} from '../../../src/models/perf/memory.js';
import { getModel } from '../../../src/models/llm/catalog.js';
import { deployment, engine } from '../builders.js';

const GIB = 2 ** 30;

function planOk(...args: Parameters<typeof planMemory>) {
  const plan = planMemory(...args);
  if (!plan.ok) throw new Error(`expected a plan, got: ${plan.reason}`);
  return plan;
}

describe('KV bytes per token', () => {
  it('is layers × KV heads per rank × head dim × 2 × dtype bytes', () => {
    // Llama-3.1-8B: 32 × 8 × 128 × 2 × 2 = 131,072 bytes = 128 KiB
    expect(kvBytesPerTokenPerRank(deployment())).toBe(131_072);
    // fp8 KV halves it: 65,536
    expect(kvBytesPerTokenPerRank(deployment({ kvCacheDtype: 'fp8' }))).toBe(65_536);
    // Qwen3-32B TP2: 64 × 4 × 128 × 2 × 2 = 131,072
    expect(kvBytesPerTokenPerRank(deployment({ model: 'qwen3-32b', tensorParallel: 2 }))).toBe(131_072);
    // Llama-3.1-70B TP8: 80 × 1 × 128 × 2 × 2 = 40,960
    expect(kvBytesPerTokenPerRank(deployment({ model: 'llama-3.1-70b', tensorParallel: 8 }))).toBe(40_960);
  });

  it('caches one MLA latent per token per layer, no factor 2, the same on every TP rank (DeepSeek-R1)', () => {
    // 61 layers × (kv_lora_rank 512 + qk_rope_head_dim 64) × 2 bytes = 70,272 bytes (vs GQA-style
    // 61 × 128 heads × 192 × 2 × 2 = 5,996,544: MLA is 85× smaller)
    expect(kvBytesPerTokenPerRank(deployment({ model: 'deepseek-r1', tensorParallel: 1 }))).toBe(70_272);
    expect(kvBytesPerTokenPerRank(deployment({ model: 'deepseek-r1', tensorParallel: 8 }))).toBe(70_272);
    // fp8 cache: 61 × 576 × 1 = 35,136
    const fp8 = deployment({ model: 'deepseek-r1', tensorParallel: 8, kvCacheDtype: 'fp8' });
    expect(kvBytesPerTokenPerRank(fp8)).toBe(35_136);
  });

  it('keeps at least one KV head per rank when TP exceeds the KV heads, as vLLM replicates', () => {
    expect(kvHeadsPerRank(getModel('llama-3.1-8b'), 16)).toBe(1);
    // 32 × 1 × 128 × 2 × 2 = 16,384
    expect(kvBytesPerTokenPerRank(deployment({ tensorParallel: 16 }))).toBe(16_384);
  });
});

describe('activation peak of the profiling run', () => {
  it('is the sampler phase at the defaults: 14 bytes per logit plus three hidden-state buffers', () => {
    // Llama-3.1-8B, T 8192, S 1024: 1024 × 128256 × 14 = 1,838,678,016
    //   + 3 × 8192 × 4096 × 2 = 201,326,592 → 2,040,004,608 bytes = 1.900 GiB (vLLM 0.19 logs 1.89)
    // The forward phase is smaller: 8192 × 2 × (2×4096 + 3×14336) = 838,860,800
    expect(activationPeakBytes(deployment(), engine())).toBe(2_040_004_608);
  });

  it('does not shrink with TP, as vLLM reports', () => {
    const tp1 = activationPeakBytes(deployment(), engine());
    expect(activationPeakBytes(deployment({ tensorParallel: 2 }), engine())).toBe(tp1);
  });

  it('is the forward phase when the vocabulary is small and the batch large', () => {
    // Llama-2-70B TP1, T 16384: forward 16384 × 2 × (2×8192 + 3×28672) = 3,355,443,200
    //   sampler 1024 × 32000 × 14 + 3 × 16384 × 8192 × 2 = 1,264,058,368
    const d = deployment({ model: 'llama-2-70b', precision: 'fp8' });
    expect(activationPeakBytes(d, engine({ maxNumBatchedTokens: 16384 }))).toBe(3_355_443_200);
  });
});

describe('memory plan', () => {
  it('gives Llama-3.1-8B bf16 on one H100 about 55 GiB and 28k blocks of 16', () => {
    const plan = planOk(deployment(), engine());
    // requested 0.92 × 79.19 = 72.855 GiB; weights 14.958; activation 1.900; graphs 1.0; non-torch 0.25
    // kv = 72.855 − 14.958 − 1.900 − 1.0 − 0.25 = 54.747 GiB; block = 16 × 131,072 = 2 MiB
    // blocks = floor(54.747 × 512) = 28,030
    expect(plan.activationGiB + plan.cudaGraphGiB + plan.nonTorchGiB).toBeGreaterThan(2);
    expect(plan.activationGiB + plan.cudaGraphGiB + plan.nonTorchGiB).toBeLessThan(4);
    expect(plan.kvCacheGiB).toBeCloseTo(54.747, 2);
    expect(plan.kvBytesPerBlockPerRank).toBe(2 * 2 ** 20);
    expect(plan.numGpuBlocks).toBeGreaterThanOrEqual(25_000);
    expect(plan.numGpuBlocks).toBeLessThanOrEqual(30_000);
    expect(plan.numGpuBlocks).toBe(28_030);
    expect(plan.maxTokens).toBe(28_030 * 16);
  });

  it('reproduces vLLM 0.19’s measured KV pool for Llama-3.1-8B on H100 within 0.5 %', () => {
    // Measured (Capacity Planner Accuracy Report, vLLM v0.19.0, util 0.95, graphs not subtracted in
    // that version): 58.11 GiB, 476,016 tokens. Ours: 75.23 − 14.958 − 1.900 − 0.25 = 58.12 GiB.
    const v019 = { ...VLLM_MEMORY_PRIORS, cudaGraphGiB: 0 };
    const plan = planOk(deployment(), engine({ gpuMemoryUtilization: 0.95 }), v019);
    expect(Math.abs(plan.kvCacheGiB / 58.11 - 1)).toBeLessThan(0.005);
    expect(Math.abs(plan.maxTokens / 476_016 - 1)).toBeLessThan(0.005);
  });

  it('gives Qwen3-32B bf16 TP2 on H100 about 19k blocks', () => {
    const plan = planOk(deployment({ model: 'qwen3-32b', tensorParallel: 2 }), engine());
    // weights 61.024 / 2 = 30.512 GiB; activation 1024 × 151936 × 14 + 3 × 8192 × 5120 × 2 bytes = 2.263 GiB
    // non-torch at TP2 2.1; kv = 72.855 − 30.512 − 2.263 − 1.0 − 2.1 = 36.980 GiB → floor(36.980 × 512)
    expect(plan.weightsGiBPerRank).toBeCloseTo(30.512, 3);
    expect(plan.activationGiB).toBeCloseTo(2.263, 3);
    expect(plan.numGpuBlocks).toBe(18_933);
  });

  it('reports weights that do not fit as a value', () => {
    const plan = planMemory(deployment({ accelerator: 'tpu-v5e' }), engine());
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.reason).toMatch(/weights take 14\.96 GiB per rank/);
  });

  it('reports no room for KV blocks as a value', () => {
    // Qwen3-32B TP1 at util 0.8: 63.35 − 61.02 − 2.26 − 1.0 − 0.25 < 0
    const plan = planMemory(deployment({ model: 'qwen3-32b' }), engine({ gpuMemoryUtilization: 0.8 }));
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.reason).toMatch(/no room for KV blocks/);
  });

  it('gives Llama-3.1-70B fp8 TP2 on H100 at util 0.9 exactly 13,209 blocks of 16 (26,419 with fp8 KV)', () => {
    // requested = 0.9 × 79.19 = 71.271 GiB
    // weights: linear 68,451,041,280 × 1 B + the rest (70,553,706,496 − 68,451,041,280) × 2 B
    //   = 72,656,371,712 B; ÷ 2 ranks = 36,328,185,856 B = 33.833260 GiB
    // activation (sampler phase): 1024 × 128256 × 14 + 3 × 8192 × 8192 × 2 = 2,241,331,200 B = 2.087402 GiB
    //   (forward phase: 8192 × 2 × (2 × 8192 + 3 × 28672 / 2) = 973,078,528 B, smaller)
    // kv = 71.271 − 33.833260 − 2.087402 − 1.0 (graphs) − 2.1 (non-torch, TP2) = 32.250338 GiB
    //    = 34,628,536,828 B
    // bf16 KV: 80 layers × 4 heads × 128 × 2 × 2 B = 163,840 B/token; × 16 = 2,621,440 B/block
    //   blocks = floor(34,628,536,828 / 2,621,440) = floor(13,209.74) = 13,209
    // fp8 KV: 1,310,720 B/block → floor(26,419.48) = 26,419
    const d = deployment({ model: 'llama-3.1-70b', tensorParallel: 2, precision: 'fp8' });
    const plan = planOk(d, engine({ gpuMemoryUtilization: 0.9 }));
    expect(plan.weightsGiBPerRank).toBeCloseTo(33.83326, 5);
    expect(plan.activationGiB).toBeCloseTo(2.087402, 6);
    expect(plan.kvCacheGiB).toBeCloseTo(32.250338, 6);
    expect(plan.kvBytesPerBlockPerRank).toBe(2_621_440);
    expect(plan.numGpuBlocks).toBe(13_209);
    expect(plan.maxTokens).toBe(13_209 * 16);
    const fp8Kv = planOk({ ...d, kvCacheDtype: 'fp8' }, engine({ gpuMemoryUtilization: 0.9 }));
    expect(fp8Kv.numGpuBlocks).toBe(26_419);
  });

  it('fits DeepSeek-R1 fp8 on 8 H200s, holding the replicated MLA down-projections on every rank', () => {
    // weights per rank 79.27 GiB; blocks of 64 (FlashMLA) × 70,272 B = 4,497,408 B
    const d = deployment({ accelerator: 'h200-sxm', model: 'deepseek-r1', tensorParallel: 8, precision: 'fp8' });
    const plan = planOk(d, engine({ blockSize: 64 }));
    expect(plan.weightsGiBPerRank).toBeGreaterThan(79);
    expect(plan.weightsGiBPerRank).toBeLessThan(80);
    expect(plan.kvBytesPerBlockPerRank).toBe(64 * 70_272);
    expect(plan.numGpuBlocks).toBe(Math.floor((plan.kvCacheGiB * GIB) / plan.kvBytesPerBlockPerRank));
    // it does not fit on 8 H100s
    expect(planMemory({ ...d, accelerator: deployment().accelerator }, engine({ blockSize: 64 })).ok).toBe(false);
  });

  it('sizes the profiling forward by the fused-MoE caches when they are the widest point', () => {
    // Mixtral TP2, T 8192: MoE width 2 × (3 × 14336 / 2 + 4096) = 51,200 > attention 5,120
    //   forward = 8192 × 2 × (2 × 4096 + 51,200) = 973,078,528; sampler 1024 × 32000 × 14
    //   + 3 × 8192 × 4096 × 2 = 660,078,592 → forward wins
    const d = deployment({ model: 'mixtral-8x7b', tensorParallel: 2 });
    expect(activationPeakBytes(d, engine())).toBe(973_078_528);
  });

  it('refuses a TP degree vLLM refuses', () => {
    expect(tensorParallelProblem(getModel('llama-3.1-8b'), 3)).toMatch(/32 attention heads/);
    expect(tensorParallelProblem(getModel('llama-3.1-8b'), 0)).toMatch(/positive integer/);
    expect(tensorParallelProblem(getModel('llama-3.1-70b'), 8)).toBeUndefined();
    expect(planMemory(deployment({ tensorParallel: 3 }), engine()).ok).toBe(false);
    // experts split their intermediate width over TP: 14336 / 32 = 448 is fine, a width of 100 over 8 is not
    const odd = { ...getModel('mixtral-8x7b'), moe: { ...getModel('mixtral-8x7b').moe!, moeIntermediateSize: 100 } };
    expect(tensorParallelProblem(odd, 8)).toMatch(/expert intermediate size 100/);
    expect(tensorParallelProblem(getModel('mixtral-8x7b'), 8)).toBeUndefined();
  });

  it('keeps its GiB figures consistent with its block count', () => {
    const plan = planOk(deployment({ model: 'llama-3.1-70b', tensorParallel: 8 }), engine());
    expect(plan.numGpuBlocks).toBe(Math.floor((plan.kvCacheGiB * GIB) / plan.kvBytesPerBlockPerRank));
  });

  it('refuses DeepSeek-R1 fp8 on 8 H100 at TP8 and names the numbers', () => {
    const plan = planMemory(deployment({ model: 'deepseek-r1', tensorParallel: 8, precision: 'fp8' }), engine());
    expect(plan).toEqual({
      ok: false,
      kind: 'weights',
      reason:
        'weights take 79.27 GiB per rank (routed experts 76.13 + the rest 3.15), more than gpuMemoryUtilization × HBM ' +
        '= 0.92 × 79.19 = 72.85 GiB (deepseek-r1 fp8 on h100-sxm, tensorParallel 8)',
    });
  });

  it('fits DeepSeek-R1 fp8 on 2 × 8 H100 as EP16: 16 whole experts per layer per rank', () => {
    const d = deployment({ model: 'deepseek-r1', precision: 'fp8', wideEp: { dataParallel: 16, numNodes: 2 } });
    const plan = planOk(d, engine({ maxNumSeqs: 256, maxNumBatchedTokens: 4096, blockSize: 64 }));
    // 58 × 16 × 44,040,192 bytes = 40,869,298,176 = 38.0625 GiB of routed experts on each rank
    expect(plan.routedExpertsGiBPerRank).toBe(38.0625);
    expect(plan.weightsGiBPerRank).toBeCloseTo(55.83, 2); // + attention, dense layers, shared experts, embedding, LM head
    // non-torch: NCCL buffers 2.1 + all-to-all buffers 2
    expect(plan.nonTorchGiB).toBeCloseTo(4.1, 12);
    expect(plan.kvCacheGiB).toBeGreaterThan(10);
  });

  it('names each deduction when an expert-parallel layout leaves no room for KV', () => {
    const d = deployment({ model: 'deepseek-r1', precision: 'fp8', wideEp: { dataParallel: 16, numNodes: 2 } });
    const plan = planMemory(d, engine({ gpuMemoryUtilization: 0.75 }));
    expect(plan.ok).toBe(false);
    if (!plan.ok) {
      expect(plan.kind).toBe('kv');
      expect(plan.reason).toBe(
        'no room for KV blocks: -3.59 GiB left per rank = 59.39 requested − weights 55.83 − activations 2.05 − ' +
          'CUDA graphs 1.00 − non-torch 4.10 (deepseek-r1 fp8 on h100-sxm, TP1 × DP16, EP16 over 2 nodes)',
      );
    }
  });

  it('refuses an expert-parallel layout vLLM would not start', () => {
    const d = deployment({ model: 'llama-3.1-8b', wideEp: { dataParallel: 2 } });
    expect(planMemory(d, engine())).toEqual({ ok: false, kind: 'layout', reason: 'expertParallel needs a MoE model; llama-3.1-8b is dense (use replicas for more copies)' });
  });
});
