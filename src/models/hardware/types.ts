/**
 * An accelerator profile: datasheet peaks plus the efficiencies we apply to them.
 * Units are in the field names. Every figure carries its source in the catalogue file
 * that defines it (one file per accelerator).
 */
export type Precision = 'bf16' | 'fp8' | 'fp4' | 'int8';

export type ScaleUpTopology = 'nvswitch' | 'xgmi-mesh' | 'roce-mesh' | 'ici-torus';

export interface ScaleUpLink {
  name: string;
  /** Bandwidth per chip, one direction, for all-to-all traffic through the fabric. */
  allToAllGBps: number;
  /** Bandwidth between one pair of chips, one direction (xGMI: 64 GB/s, the TP2/TP4 trap). */
  peerToPeerGBps: number;
  topology: ScaleUpTopology;
  /**
   * ICI torus only: 2 (v5e, v6e) or 3 (v5p) axes. A TP group then drives one link per slice axis,
   * not every port (perf/ici.ts); peerToPeerGBps is one link, allToAllGBps all of them.
   */
  torusDims?: 2 | 3;
  /** Per-collective launch + sync latency, seconds. */
  latencySeconds: number;
}

export interface Efficiencies {
  /** Achieved / peak for large GEMMs, per precision (e.g. MAMF measurements). */
  compute: Partial<Record<Precision, number>>;
  /**
   * Achieved / bf16 peak for the attention kernel's FLOPs (causal prefill, FlashAttention-class),
   * where measured; absent = the bf16 GEMM efficiency. Attention runs below a GEMM: softmax and
   * the causal mask's partial tiles sit between its two matmuls.
   */
  attention?: number;
  /**
   * Achieved / bf16 peak for MLA's absorbed decode attention (DeepSeek's latent attention in its
   * MQA form: 128 query heads over one 576-wide latent, FlashMLA-class kernels), where measured;
   * absent = the bf16 GEMM efficiency. With 128 heads per cached token it is compute-bound from a
   * few sequences on, so this rate, not HBM, sets its time.
   */
  mlaDecode?: number;
  /** Achieved / peak HBM bandwidth for streaming reads. */
  memory: number;
  /**
   * How the decode attention kernel's achieved bandwidth grows with the K/V bytes one kernel call
   * reads (one layer on one rank): latency-bound when small, streaming when large. Absent: not
   * measured for this chip, and attention reads K/V at `memory`.
   */
  decodeAttention?: DecodeAttentionCurve;
  /**
   * Per weight precision, where measured: the runtime's dense GEMM kernel times over a grid of
   * rows × outputs × inputs. Where present (and, for a table naming its runtimes, under one of
   * them: perf/gemm-table.ts measuredGemmTable), the dense layers' GEMMs take the measured time in
   * place of max(FLOPs at `compute`, weights and activations at `memory`). Absent for a precision:
   * the roofline.
   */
  gemmTable?: Partial<Record<Precision, GemmTable>>;
  /** Achieved / peak bus bandwidth for all-reduce. */
  collective: number;
  /**
   * Per serving runtime, where measured: that runtime's TP all-reduce kernel times over message
   * sizes and TP degrees. Where present for a deployment's runtime and TP, a TP all-reduce takes the
   * measured time in place of latency + bytes at `collective` (perf/all-reduce-table.ts). Absent:
   * the link model.
   */
  allReduce?: Readonly<Partial<Record<KernelRuntime, AllReduceTable>>>;
  /**
   * How a MoE grouped GEMM's FLOP rate falls with the rows each expert gets, relative to `compute`.
   * Absent: not measured for this chip, and routed experts run at the dense rate.
   */
  groupedGemm?: GroupedGemmCurve;
}

/**
 * Measured FLOP rate of a grouped (per-expert) GEMM at `rowsPerExpert[i]` rows per expert, as a
 * fraction `relativeRate[i]` of the same kernel's rate at large per-expert batches (where grouped
 * GEMMs match dense ones). Rows ascending; rates in (0, 1].
 */
export interface GroupedGemmCurve {
  rowsPerExpert: readonly number[];
  relativeRate: readonly number[];
  /** Where the points were measured. */
  source: string;
}

/**
 * Measured decode attention time as a curve: at `kernelBytes[i]` bytes of K/V read by one kernel
 * the kernel reaches `fractionOfPeak[i]` of peak HBM bandwidth. Bytes ascending; fractions in (0, 1].
 */
export interface DecodeAttentionCurve {
  kernelBytes: readonly number[];
  fractionOfPeak: readonly number[];
  /**
   * Beyond the last point the kernel streams on at the last segment's marginal rate, but never
   * above this fraction of peak (what a pure streaming kernel measures on the chip).
   */
  maxFractionOfPeak: number;
  /** Where the points were measured. */
  source: string;
}

/**
 * Measured GEMM kernel times: micros[i][j][l] is the time in µs of one GEMM of ms[l] rows (tokens)
 * with ks[j] inputs (the reduction dimension) and ns[i] outputs, weights at the table's precision.
 * Axes ascending; times non-decreasing in M. perf/gemm-table.ts interpolates it.
 */
export interface GemmTable {
  ms: readonly number[];
  ns: readonly number[];
  ks: readonly number[];
  micros: readonly (readonly (readonly number[])[])[];
  /**
   * The serving runtimes whose own kernel this is (vLLM's CUTLASS FP8 scaled mm): a deployment
   * under another runtime prices these GEMMs by the roofline. Absent: every runtime (a library
   * kernel they all call, or the only measurement there is).
   */
  runtimes?: readonly KernelRuntime[];
  /** Where the times were measured, and how. */
  source: string;
}

/** The serving runtimes (perf/runtime.ts RuntimeId is this type), whose own kernels a table may have measured. */
export type KernelRuntime = 'vllm' | 'trtllm' | 'sglang';

/**
 * Measured all-reduce times of one runtime's TP all-reduce on one chip: micros[tp][i] is the time
 * in µs of one bf16 all-reduce of bytes[i] bytes (the tensor every rank holds and gets back summed)
 * over tp GPUs of one node. Bytes ascending; one time per size for every TP listed.
 */
export interface AllReduceTable {
  bytes: readonly number[];
  micros: Readonly<Partial<Record<number, readonly number[]>>>;
  /** Where the times were measured, and how. */
  source: string;
}

export interface Accelerator {
  id: string;
  vendor: 'nvidia' | 'amd' | 'intel' | 'google';
  displayName: string;
  /** Dense peak TFLOP/s (or TOPS for int8) per precision the chip supports natively. */
  peakTflops: Partial<Record<Precision, number>>;
  /** HBM capacity as the runtime sees it (GiB = 2^30 bytes). */
  hbmGiB: number;
  /** Peak HBM bandwidth, TB/s (10^12 bytes/s). */
  hbmTBps: number;
  scaleUp: ScaleUpLink;
  /** Host link one direction, GB/s (PCIe Gen5 x16: 63). */
  hostLinkGBps: number;
  /** Board power, watts. */
  tdpWatts?: number;
  efficiency: Efficiencies;
  /** Where the figures come from (one entry per figure group). */
  sources: string[];
}
