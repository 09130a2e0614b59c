import type { Precision } from './types.js';

/**
 * One MoE layer's routed-expert time on one rank, as measured for TensorRT-LLM, against the tokens
 * entering the layer's fused MoE op on that rank.
 */
export interface MeasuredMoeLayer {
  /** Accelerator catalogue id. */
  accelerator: string;
  /** fleetsim's weight precision for the checkpoint (fp8 DeepSeek-R1 = 128 × 128 block-scaled FP8). */
  precision: Precision;
  /** The table's own name for the MoE dtype (aiconfigurator `moe_dtype`), for the record. */
  moeDtype: string;
  hiddenSize: number;
  moeIntermediateSize: number;
  topK: number;
  numExperts: number;
  /** Expert sharding: each expert split moeTp ways, the experts spread over moeEp ranks. */
  moeTp: number;
  moeEp: number;
  /** How the collector routed tokens: evenly, or power-law skewed with the busiest EP rank measured. */
  distribution: 'balanced' | 'power_law_1.01' | 'power_law_1.2';
  /** Tokens entering the op on the rank (all DP ranks' tokens under attention DP), ascending. */
  numTokens: readonly number[];
  /** Measured latency at each numTokens, milliseconds. */
  ms: readonly number[];
  source: string;
}

/**
 * Where the figures come from: ai-dynamo/aiconfigurator @095f58a51c4ca8e61b66ec108d86f223f8d559ce,
 * `aic-core/src/aiconfigurator_core/systems/data/{h200_sxm,b200_sxm}/moe/trtllm/1.2.0rc5/moe_perf.parquet`
 * (TensorRT-LLM 1.2.0rc5; added in commits 13669a17 and 217a5739, 2025-12-22, as moe_perf.txt).
 *
 * What was timed (collector/trtllm/collect_moe.py as of 217a5739, `run_moe_torch`): one
 * `create_moe(...)` module built on a single GPU with `Mapping()` (world size 1, no attention DP) and
 * `moe_ep_size`/`moe_tp_size` set, so it holds the rank's numExperts ÷ moeEp experts, each
 * 1 ÷ moeTp wide, and `reduce_results=False`; then `moe.forward(hidden_states, router_logits,
 * do_finalize=True)` on `num_tokens` bf16 rows, CUDA-graph replayed (helper.benchmark_with_power).
 * That forward (CutlassFusedMoE.forward_chunk) applies the routing method to the given logits (top-k
 * and renormalise, `RenormalizeMoeRoutingMethod`), quantises the activations (FP8 / NVFP4 with
 * scales), and runs the fused MoE: permute to experts, gate_up grouped GEMM, SwiGLU, down grouped
 * GEMM, finalize (un-permute and the top-k weighted sum). Its `allgather` / reduce-scatter run only
 * `if self.use_dp and self.parallel_size > 1`, false here. So the time includes routing (top-k) and
 * quantisation, and excludes the router GEMM (logits are given), the shared expert and all
 * communication; aiconfigurator prices those as separate ops (sdk/models/blocks/moe.py
 * `_default_moe_block_ops`: router GEMM, shared-expert GEMMs, MoEDispatch before and after).
 *
 * numTokens: every token the rank's MoE op sees. The op computes only the copies routed to its local
 * experts. Under attention DP, TensorRT-LLM all-gathers every DP rank's tokens into it, and
 * aiconfigurator queries the table at per-rank tokens × attention_dp_size
 * (rust/aiconfigurator-core/src/operators/moe.rs `MoeOp::query`, mirroring Python `MoE.query`).
 *
 * Distributions (collector/helper.py @217a5739): `balanced` gives every expert numTokens × topK ÷
 * numExperts copies (`balanced_logits`); `power_law_<α>` draws per-expert counts from a power law
 * of exponent α and swaps the heaviest EP rank's group of experts onto rank 0, the one measured, so
 * it is the busiest rank's time (`_generate_power_law_distribution`; mean of 5 draws). aiconfigurator
 * prices DeepSeek with power_law_1.01 (sdk/config.py `workload_distribution = "power_law"`,
 * sdk/models/deepseek.py `self._power_law_alpha = 1.01`) and Mixtral-style MoE with 1.2
 * (sdk/models/moe.py).
 *
 * Kernels: H200 `fp8_block` rows (kernel_source moe_torch_flow: the CUTLASS backend, whose FP8
 * block-scale grouped GEMM is DeepGEMM on Hopper); B200 `nvfp4` rows of kernel_source
 * moe_torch_flow_cutlass (the CUTLASS backend, TensorRT-LLM's default `moe_backend`). The B200 table's
 * moe_torch_flow_min_latency rows (TRTLLM-gen backend, which aiconfigurator prefers at ≤ 128 tokens)
 * are left out: V50's guide runs set no `moe_backend`, so they ran CUTLASS.
 */
const SOURCE_REPO = 'ai-dynamo/aiconfigurator @095f58a5';

/** The grid both DeepSeek-R1 H200 rows were measured on (tokens entering the op). */
const H200_TOKENS = Object.freeze([
  1, 2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 160, 192, 256, 320, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192,
  12288, 16384, 20480, 32768, 65536,
]);
/** The B200 grid: the same up to 16384. */
const B200_TOKENS = Object.freeze(H200_TOKENS.slice(0, 27));

/** DeepSeek-R1's routed experts: hidden 7168, 2048 wide, top 8 of 256; EP8 with whole experts. */
const DEEPSEEK_R1_EP8 = { hiddenSize: 7168, moeIntermediateSize: 2048, topK: 8, numExperts: 256, moeTp: 1, moeEp: 8 } as const;

export const TRTLLM_MOE_LAYERS: readonly MeasuredMoeLayer[] = Object.freeze([
  {
    accelerator: 'h200-sxm',
    precision: 'fp8',
    moeDtype: 'fp8_block',
    ...DEEPSEEK_R1_EP8,
    distribution: 'balanced',
    numTokens: H200_TOKENS,
    ms: Object.freeze([
      0.0539, 0.0646, 0.0872, 0.1312, 0.2251, 0.3735, 0.3766, 0.3756, 0.3778, 0.3804, 0.3818, 0.3851, 0.3892, 0.3914,
      0.402, 0.4068, 0.4185, 0.4457, 0.4737, 0.5223, 0.5686, 0.7138, 0.7936, 1.2217, 1.4041, 2.0647, 2.725, 3.3902,
      5.3871, 10.9851,
    ]),
    source: `${SOURCE_REPO} systems/data/h200_sxm/moe/trtllm/1.2.0rc5/moe_perf.parquet, fp8_block 7168/2048 top-8 of 256, moe_tp 1 ep 8, balanced`,
  },
  {
    accelerator: 'h200-sxm',
    precision: 'fp8',
    moeDtype: 'fp8_block',
    ...DEEPSEEK_R1_EP8,
    distribution: 'power_law_1.01',
    numTokens: H200_TOKENS,
    ms: Object.freeze([
      0.1361, 0.2174, 0.137, 0.1428, 0.1795, 0.2334, 0.3026, 0.3199, 0.3178, 0.327, 0.3456, 0.3786, 0.3693, 0.4156,
      0.4692, 0.5029, 0.5393, 0.5667, 0.5292, 0.6458, 0.8666, 1.0319, 1.2158, 1.7273, 2.1216, 3.1905, 3.7152, 4.9876,
      7.4742, 15.5759,
    ]),
    source: `${SOURCE_REPO} systems/data/h200_sxm/moe/trtllm/1.2.0rc5/moe_perf.parquet, fp8_block 7168/2048 top-8 of 256, moe_tp 1 ep 8, power_law_1.01`,
  },
  {
    accelerator: 'b200-sxm',
    precision: 'fp4',
    moeDtype: 'nvfp4',
    ...DEEPSEEK_R1_EP8,
    distribution: 'balanced',
    numTokens: B200_TOKENS,
    ms: Object.freeze([
      0.0621, 0.0726, 0.0948, 0.1384, 0.2091, 0.338, 0.3426, 0.3121, 0.3128, 0.3131, 0.2982, 0.294, 0.3139, 0.3089,
      0.3108, 0.33, 0.3002, 0.3391, 0.3104, 0.3298, 0.3336, 0.3572, 0.3944, 0.6459, 0.6582, 0.9178, 1.1815,
    ]),
    source: `${SOURCE_REPO} systems/data/b200_sxm/moe/trtllm/1.2.0rc5/moe_perf.parquet, nvfp4 moe_torch_flow_cutlass 7168/2048 top-8 of 256, moe_tp 1 ep 8, balanced`,
  },
  {
    accelerator: 'b200-sxm',
    precision: 'fp4',
    moeDtype: 'nvfp4',
    ...DEEPSEEK_R1_EP8,
    distribution: 'power_law_1.01',
    numTokens: B200_TOKENS,
    ms: Object.freeze([
      0.1382, 0.211, 0.2226, 0.2872, 0.2631, 0.2625, 0.2972, 0.2815, 0.2999, 0.281, 0.2828, 0.2912, 0.3148, 0.309,
      0.2992, 0.3061, 0.3194, 0.3286, 0.3656, 0.411, 0.4395, 0.555, 0.6324, 0.8353, 0.9815, 1.4581, 1.7803,
    ]),
    source: `${SOURCE_REPO} systems/data/b200_sxm/moe/trtllm/1.2.0rc5/moe_perf.parquet, nvfp4 moe_torch_flow_cutlass 7168/2048 top-8 of 256, moe_tp 1 ep 8, power_law_1.01`,
  },
] satisfies MeasuredMoeLayer[]);
