/**
 * The scenario file schema (DESIGN.md §3). Objects are strict: an unknown key is a problem, as in
 * llm-d's strict parameter decoding. Types are derived from the schemas so they cannot drift.
 * Defaults that depend on the hardware or the model are applied later, in resolve.ts.
 */
import { z } from 'zod';
import { ACCELERATORS } from '../models/hardware/catalog.js';
import { LINKS } from '../models/hardware/links.js';
import { DEFAULT_EXPERT_IMBALANCE, GPUS_PER_NODE } from '../models/perf/expert-parallel.js';
import { MODELS } from '../models/llm/catalog.js';
import { isNum, isRecord, knownId, modelRef, rule, strictObject } from './checks.js';
import { WorkloadSpecSchema } from './workload-schema.js';
import { AutoscalerSpecSchema } from './autoscaler-schema.js';

export * from './workload-schema.js';
export * from './autoscaler-schema.js';

const count = z.int().min(1);
const seconds = z.number().positive();

export const StopSpecSchema = strictObject({
  requests: count.optional(),
  duration: seconds.optional(),
  warmup: z.number().nonnegative().default(0),
  /** With a duration: keep simulating after arrivals stop until every request finishes (default), or end at the duration. */
  drain: z.boolean().default(true),
});

/** vLLM engine arguments in camelCase. Unset values are the runtime's defaults, filled in by resolve.ts. */
export const EngineSpecSchema = strictObject({
  maxNumSeqs: count.optional(),
  maxNumBatchedTokens: count.optional(),
  blockSize: z.literal([1, 2, 4, 8, 16, 32, 64, 128, 256]).optional(),
  gpuMemoryUtilization: z.number().gt(0).lte(1).optional(),
  enablePrefixCaching: z.boolean().default(true),
  maxModelLen: count.optional(),
  /**
   * KV offload tiers behind the GPU prefix cache: vLLM's native OffloadingConnector
   * (--kv-offloading-size, CPU DRAM, write-through) and an LMCache-style NVMe tier below it.
   */
  kvOffload: strictObject({
    cpuGiB: z.number().nonnegative().default(0),
    nvmeGiB: z.number().nonnegative().default(0),
    mode: z.enum(['write-through', 'lazy']).default('write-through'),
  }).optional(),
  /**
   * Which vLLM engine's scheduler runs (src/sim/scheduler-v0.ts): `v1` (default) mixes decodes and
   * chunked prefills in one step; `v0` is vLLM's V0 engine with chunked prefill off (as vLLM 0.4.3
   * ran it): prefill-only steps first, decode-only steps otherwise, a synchronous engine loop.
   */
  scheduler: z.enum(['v1', 'v0']).optional(),
  /**
   * vLLM's --async-scheduling (V1): schedule step N+1 while step N runs, so a step takes
   * max(GPU, CPU) instead of GPU + CPU. On by default since vLLM turned it on; false models the
   * releases before (e.g. 0.10), where the engine loop was synchronous. V0 is always synchronous.
   */
  asyncScheduling: z.boolean().optional(),
  /** V0 on AMD's ROCm vLLM fork: VLLM_SCHED_PREFILL_KVC_FREEPCT, no prefill while fewer blocks are free (%). */
  prefillKvFreePercent: z.number().min(0).max(100).optional(),
  /**
   * TensorRT-LLM's capacity scheduler (runtime trtllm only), as its SchedulerConfig spells it:
   * GUARANTEED_NO_EVICT (the default of the LLM API and of trtllm-bench) admits a request only if
   * the KV blocks its whole prompt + max_tokens need fit beside what every running request still
   * needs, so nothing is ever preempted; MAX_UTILIZATION admits while the next step fits and pauses
   * (recomputes) the newest request when the cache runs out, as vLLM does.
   */
  capacitySchedulerPolicy: z.enum(['GUARANTEED_NO_EVICT', 'MAX_UTILIZATION']).optional(),
}).check(
  // vLLM's SchedulerConfig requires max_num_batched_tokens ≥ max_num_seqs.
  rule<{ maxNumSeqs?: number; maxNumBatchedTokens?: number }>((v, report) => {
    if (isNum(v.maxNumSeqs) && isNum(v.maxNumBatchedTokens) && v.maxNumBatchedTokens < v.maxNumSeqs) {
      const msg = `maxNumBatchedTokens (${v.maxNumBatchedTokens}) must be ≥ maxNumSeqs (${v.maxNumSeqs}), as vLLM requires`;
      report('conflict', ['maxNumBatchedTokens'], msg, `≥ ${v.maxNumSeqs}`);
    }
  }),
  rule<{ scheduler?: string; prefillKvFreePercent?: number; maxNumBatchedTokens?: number; maxModelLen?: number; asyncScheduling?: boolean }>((v, report) => {
    if (v.prefillKvFreePercent !== undefined && v.scheduler !== 'v0') {
      report('conflict', ['prefillKvFreePercent'], 'prefillKvFreePercent is a V0 scheduler knob (AMD ROCm fork): set scheduler: v0, or drop it', 'scheduler: v0');
    }
    if (v.asyncScheduling === true && v.scheduler === 'v0') {
      report('conflict', ['asyncScheduling'], "vLLM's V0 engine loop is synchronous: asyncScheduling is a V1 engine argument", 'false, or scheduler: v1');
    }
    // V0 without chunked prefill: vllm/config.py SchedulerConfig._verify_args refuses a batch smaller than one request.
    if (v.scheduler === 'v0' && isNum(v.maxNumBatchedTokens) && isNum(v.maxModelLen) && v.maxNumBatchedTokens < v.maxModelLen) {
      const msg = `with scheduler v0 (no chunked prefill) maxNumBatchedTokens (${v.maxNumBatchedTokens}) must be ≥ maxModelLen (${v.maxModelLen}), as vLLM V0 requires`;
      report('conflict', ['maxNumBatchedTokens'], msg, `≥ ${v.maxModelLen}`);
    }
  }),
);

// TensorRT-LLM's capacity policy is a TensorRT-LLM engine argument.
const capacityPolicyRule = rule<{ runtime?: string; engine?: unknown }>((v, report) => {
  const engine = isRecord(v.engine) ? v.engine : {};
  if (engine.capacitySchedulerPolicy !== undefined && v.runtime !== 'trtllm') {
    const msg = `capacitySchedulerPolicy is TensorRT-LLM's; runtime is ${v.runtime ?? 'vllm'} (vLLM always admits as MAX_UTILIZATION does)`;
    report('conflict', ['engine', 'capacitySchedulerPolicy'], msg, 'runtime: trtllm');
  }
});

// The V0 scheduler covers one engine serving whole requests: P/D, KV offload and DP attention are V1 features.
const v0Rule = rule<{ role?: string; runtime?: string; dataParallel?: number; engine?: unknown }>((v, report) => {
  const engine = isRecord(v.engine) ? v.engine : {};
  if (engine.scheduler !== 'v0') return;
  const at = ['engine', 'scheduler'];
  if (v.runtime !== undefined && v.runtime !== 'vllm') report('conflict', at, `scheduler v0 is vLLM's; runtime is ${v.runtime}`, 'runtime: vllm');
  if (v.role !== undefined && v.role !== 'both') report('conflict', at, `scheduler v0 does not model P/D (role ${v.role}): use the default scheduler`, 'role: both');
  if (engine.kvOffload !== undefined) report('conflict', at, 'scheduler v0 does not model KV offload: drop engine.kvOffload or the scheduler', 'no kvOffload');
  if (isNum(v.dataParallel) && v.dataParallel > 1) report('conflict', at, 'scheduler v0 does not model DP attention (dataParallel > 1)', 'dataParallel: 1');
});

/** Links a replica's nodes can talk over (the scale-out NIC of each GPU). */
const NETWORK_LINKS = (): Record<string, unknown> => Object.fromEntries(Object.entries(LINKS).filter(([, l]) => l.kind === 'network'));

// Wide EP layout (src/models/perf/expert-parallel.ts): EP = TP × DP as vLLM derives it, DP only with
// EP, and the replica's GPUs split evenly over its nodes with TP inside a node.
const parallelRule = rule<{ tensorParallel: number; dataParallel?: number; expertParallel?: number; nodes?: number }>((v, report) => {
  const tp = v.tensorParallel ?? 1;
  const dp = v.dataParallel ?? 1;
  const epSize = v.expertParallel ?? 1;
  const nodes = v.nodes ?? 1;
  if (!isNum(tp) || !isNum(dp) || !isNum(epSize) || !isNum(nodes)) return;
  const gpus = tp * dp;
  if (epSize > 1 && epSize !== gpus) {
    report('conflict', ['expertParallel'], `expertParallel (${epSize}) must equal tensorParallel × dataParallel = ${tp} × ${dp} = ${gpus}, as vLLM derives the EP size`, `${gpus}`);
  }
  if (dp > 1 && epSize === 1) {
    report('conflict', ['dataParallel'], `dataParallel (${dp}) is modelled as DP attention with expert parallelism: set expertParallel: ${gpus}, or use replicas for independent copies`, 'expertParallel > 1');
  }
  const where = v.nodes === undefined ? ['dataParallel'] : ['nodes'];
  if (gpus % nodes !== 0) {
    report('conflict', where, `${gpus} GPUs (tensorParallel × dataParallel) do not split evenly over ${nodes} nodes`, `a divisor of ${gpus}`);
  } else if (gpus / nodes > GPUS_PER_NODE) {
    const need = Math.ceil(gpus / GPUS_PER_NODE);
    report('out_of_range', where, `${gpus} GPUs (tensorParallel × dataParallel) over ${nodes} node(s) is ${gpus / nodes} per node, more than ${GPUS_PER_NODE}: set nodes to at least ${need}`, `nodes ≥ ${need}`);
  } else if (tp > gpus / nodes) {
    report('conflict', where, `tensorParallel ${tp} would span nodes (${gpus / nodes} GPUs per node); keep TP inside a node`);
  }
});

export const PoolSpecSchema = strictObject({
  name: z.string().min(1),
  /** llm-d.ai/role: `prefill` and `decode` pools make a P/D fleet (needs cluster.kvTransfer and a disagg EPP config). */
  role: z.enum(['both', 'prefill', 'decode']).default('both'),
  /**
   * Kubernetes labels on the pool's pods, as the EPP's label-reading plugins see them (e.g.
   * `llm-d.ai/context-length-range: "0-4096"`); `llm-d.ai/role` is `role`'s.
   */
  labels: z
    .record(z.string().regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/, 'a Kubernetes label key'), z.string())
    .refine((l) => !Object.hasOwn(l, 'llm-d.ai/role'), 'set the role with `role`, not a label')
    .optional(),
  replicas: count.default(1),
  accelerator: knownId('accelerator', () => ACCELERATORS),
  tensorParallel: z.literal([1, 2, 4, 8]).default(1),
  precision: z.enum(['bf16', 'fp8', 'fp4', 'int8']).default('bf16'),
  kvCacheDtype: z.enum(['auto', 'fp8']).default('auto'),
  runtime: z.enum(['vllm', 'trtllm', 'sglang']).default('vllm'),
  engine: EngineSpecSchema.prefault({}),
  // Wide EP (absent = default, so a pool without them parses as before): see POOL_PARALLEL_DEFAULTS.
  /** DP attention ranks per replica (vLLM --data-parallel-size); engine limits are per DP rank. */
  dataParallel: count.optional(),
  /** Expert-parallel ranks, tensorParallel × dataParallel (vLLM --enable-expert-parallel); 1 = off. */
  expertParallel: count.optional(),
  /** Nodes one replica spans (one LWS group); GPUs per node = tensorParallel × dataParallel ÷ nodes. */
  nodes: count.optional(),
  /** Each GPU's NIC to the replica's other nodes, a network link from the link catalogue. */
  scaleOutLink: knownId('scale-out link', NETWORK_LINKS).optional(),
  /** Busiest expert-parallel rank's routed-token load ÷ the mean (≥ 1). */
  expertImbalance: z.number().min(1).optional(),
  /** How long a (re)created replica takes to become ready; used when a fault restarts it. */
  startup: z.lazy(() => StartupSpecSchema).optional(),
}).check(parallelRule, v0Rule, capacityPolicyRule);

/** Values of the optional wide-EP pool fields when unset. */
export const POOL_PARALLEL_DEFAULTS = Object.freeze({
  dataParallel: 1,
  expertParallel: 1,
  nodes: 1,
  scaleOutLink: 'ib-400g',
  expertImbalance: DEFAULT_EXPERT_IMBALANCE,
});

/**
 * The gang start of a replica's LWS group, priced per node from the link catalogue: the image is
 * pulled, each node reads its share of the weights into HBM, then the engine initialises. Nodes
 * do this in parallel and the group is ready when the slowest is.
 */
export const StartupSpecSchema = strictObject({
  /** Container image pulled on each node; 0 when the node has it cached (default). */
  imageGB: z.number().nonnegative().default(0),
  imageLink: knownId('link', () => LINKS).default('eth-25g'),
  /** Where each node reads its weight shards from: `nvme` (a local cache, default) or a network link to remote storage. */
  weightsLink: knownId('link', () => LINKS).default('nvme'),
  /** Engine start after the weights: memory profiling, CUDA graph capture, compilation. */
  initSeconds: z.number().nonnegative().default(60),
});

const uniquePoolNames = z.superRefine<unknown[]>((pools, ctx) => {
  const seen = new Map<unknown, number>();
  pools.forEach((p, i) => {
    const name = isRecord(p) ? p.name : undefined;
    if (typeof name !== 'string') return;
    const first = seen.get(name);
    if (first === undefined) seen.set(name, i);
    else ctx.addIssue({ code: 'custom', input: name, path: [i, 'name'], message: `pool name \`${name}\` is already used by cluster.pools.${first}`, params: { code: 'conflict', expected: 'a unique name' } });
  });
}, { when: (payload) => Array.isArray(payload.value) });

/** DESIGN.md's name for the RDMA fabric P/D runs on: InfiniBand 400G. */
export const LINK_ALIASES = { 'rdma-400g': 'ib-400g' } as const;

/** P/D KV transfers: the link each pod's NICs are on, and how many NICs a pod has. */
export const KvTransferSpecSchema = strictObject({
  link: knownId('link', () => ({ ...LINKS, ...LINK_ALIASES })),
  /** NICs per pod (default: one per GPU, as on HGX nodes with a 400G NIC per GPU). */
  nicsPerPod: count.optional(),
  /** Gbit/s per NIC, overriding the link's line rate (for sweeping bandwidth; latency stays the link's). */
  gbpsPerNic: z.number().positive().optional(),
});

export const ClusterSpecSchema = strictObject({
  pools: z.array(PoolSpecSchema).min(1).check(uniquePoolNames),
  kvTransfer: KvTransferSpecSchema.optional(),
}).check(
  rule<{ pools: unknown[]; kvTransfer?: unknown }>((v, report) => {
    const roles = Array.isArray(v.pools) ? v.pools.map((p) => (isRecord(p) ? (p.role ?? 'both') : 'both')) : [];
    const pd = roles.some((r) => r === 'prefill' || r === 'decode'); // unknown roles are their own problem
    if (pd && !roles.some((r) => r === 'prefill')) report('missing', ['pools'], 'a P/D fleet needs a pool with role: prefill');
    if (pd && !roles.some((r) => r === 'decode' || r === 'both')) report('missing', ['pools'], 'a P/D fleet needs a pool with role: decode (or both)');
    if (pd && v.kvTransfer === undefined) report('missing', ['kvTransfer'], 'P/D pools need cluster.kvTransfer: { link: ib-400g } (the link KV blocks cross)');
  }),
);

export const RouterSpecSchema = strictObject({
  scrapeInterval: seconds.default(0.05),
  /** A shipped config name (configs/<name>.yaml), or a path to an EndpointPickerConfig file. */
  config: z.string().min(1).default('round-robin'),
  /** Seconds from a request's arrival to its pod's queue (EPP scheduling and the proxy hop). */
  schedulingLatency: z.number().nonnegative().default(0),
  /** Seconds between a pod caching/evicting a block and the router's precise index seeing it. */
  kvEventDelay: z.number().nonnegative().default(0.01),
  /** Re-route a request lost to a pod failure before its response started (Envoy's retry on reset/refused). */
  retryOnFailure: z.boolean().default(false),
  /** Retries per request when retryOnFailure is on (Envoy's num_retries, 1 by default). */
  maxRetries: count.default(1),
  /**
   * A benchmark harness that batches arrivals before any engine sees them (src/sim/harness-batcher.ts):
   * every `window` seconds, or once `maxRequests` wait, the waiting requests go together to one pod,
   * the next in turn. Instead of a router: only with the default round-robin config.
   */
  harnessBatcher: strictObject({ window: seconds, maxRequests: count }).optional(),
}).check(
  rule<{ config?: string; harnessBatcher?: unknown }>((v, report) => {
    if (v.harnessBatcher !== undefined && v.config !== undefined && v.config !== 'round-robin') {
      report('conflict', ['harnessBatcher'], `harnessBatcher picks the pods itself (each batch to the next in turn): drop it or router.config (${String(v.config)})`, 'config: round-robin');
    }
  }),
);

/** A node of a replica's LWS group fails: the whole group restarts (faults section). */
export const FaultSpecSchema = strictObject({
  /** Seconds into the run. */
  at: z.number().nonnegative(),
  /** The replica hit, by pod name: `<pool>-<index>` (e.g. `main-2`). */
  pod: z.string().min(1),
  kind: z.literal('node-failure').default('node-failure'),
  /** Seconds until the group can be recreated (node back or replaced); omitted: never. */
  recoverAfter: z.number().nonnegative().optional(),
  /** Seconds until the router stops sending it requests (readiness lost); requests sent meanwhile are refused. */
  detectAfter: z.number().nonnegative().default(0),
});

export const SloSpecSchema = strictObject({
  ttftP95: seconds.optional(),
  tpotP95: seconds.optional(),
});

const scalar = z.union([z.number(), z.string(), z.boolean()]);

/** Dotted path → values; the paths themselves are checked against the scenario in validate.ts. */
export const SweepSpecSchema = z.record(z.string().min(1), z.array(scalar).min(1));

// Rules that need two sections: burst arrivals, model limits, fault targets.
const scenarioRule = rule<{ model: unknown; stop: unknown; cluster: unknown; workload: unknown; faults?: unknown }>((v, report) => {
  if (Array.isArray(v.faults) && isRecord(v.cluster) && Array.isArray(v.cluster.pools)) {
    const names = new Set<string>();
    for (const p of v.cluster.pools) {
      if (!isRecord(p) || typeof p.name !== 'string') continue;
      const n = isNum(p.replicas) ? p.replicas : 1;
      for (let r = 0; r < n && r < 10000; r++) names.add(`${p.name}-${r}`);
    }
    v.faults.forEach((f: unknown, i: number) => {
      const pod = isRecord(f) ? f.pod : undefined;
      if (typeof pod === 'string' && names.size > 0 && !names.has(pod)) {
        const known = [...names].slice(0, 6).join(', ') + (names.size > 6 ? ', …' : '');
        report('invalid_value', ['faults', i, 'pod'], `no pod \`${pod}\` in this fleet (pods are <pool>-<index>: ${known})`, 'a pod name');
      }
    });
  }
  const arrival = isRecord(v.workload) ? v.workload.arrival : undefined;
  // A finite workload (load stages, a trace) ends by itself; any other needs a stop.
  const endsByItself =
    isRecord(v.workload) && (v.workload.trace !== undefined || v.workload.inferencePerf !== undefined || (isRecord(arrival) && arrival.process === 'stages'));
  const stop = isRecord(v.stop) ? v.stop : {};
  if (!endsByItself && stop.requests === undefined && stop.duration === undefined) {
    report('missing', ['stop', 'requests'], 'set stop.requests or stop.duration (or both); only load stages and traces end by themselves');
  }
  if (isRecord(arrival) && arrival.process === 'burst' && isRecord(v.stop) && v.stop.requests === undefined) {
    report('missing', ['stop', 'requests'], 'burst arrivals need stop.requests: all requests arrive at t=0');
  }
  const model = typeof v.model === 'string' && Object.hasOwn(MODELS, v.model) ? MODELS[v.model] : undefined;
  const pools = isRecord(v.cluster) && Array.isArray(v.cluster.pools) ? v.cluster.pools : [];
  pools.forEach((pool: unknown, i: number) => {
    const len = isRecord(pool) && isRecord(pool.engine) ? pool.engine.maxModelLen : undefined;
    if (model && isNum(len) && len > model.maxPositionEmbeddings) {
      const max = model.maxPositionEmbeddings;
      report('out_of_range', ['cluster', 'pools', i, 'engine', 'maxModelLen'], `maxModelLen (${len}) exceeds ${v.model}'s maxPositionEmbeddings (${max})`, `≤ ${max}`);
    }
    const ep = isRecord(pool) ? pool.expertParallel : undefined;
    if (model && isNum(ep) && ep > 1) {
      const path = ['cluster', 'pools', i, 'expertParallel'];
      if (!model.moe) report('invalid_value', path, `expertParallel needs a MoE model; ${v.model} is dense (use replicas for more copies)`, '1');
      else if (ep > model.moe.numExperts) report('out_of_range', path, `expertParallel (${ep}) exceeds ${v.model}'s ${model.moe.numExperts} routed experts`, `≤ ${model.moe.numExperts}`);
    }
  });
});

// The autoscaler's variants are pools of this fleet (P/D pools too), started within their bounds.
const autoscalerRule = rule<{ cluster: unknown; autoscaler?: unknown }>((v, report) => {
  if (!isRecord(v.autoscaler) || !isRecord(v.autoscaler.variants) || !isRecord(v.cluster) || !Array.isArray(v.cluster.pools)) return;
  const pools = v.cluster.pools.filter(isRecord);
  for (const [name, variant] of Object.entries(v.autoscaler.variants)) {
    const path = ['autoscaler', 'variants', name];
    const pool = pools.find((p) => p.name === name);
    if (!pool) {
      const names = pools.map((p) => p.name).filter((n) => typeof n === 'string'); // an unnamed pool is its own problem
      report('invalid_value', path, `no pool \`${name}\` in cluster.pools (variants are pools: ${names.join(', ')})`, 'a pool name');
      continue;
    }
    if (!isRecord(variant)) continue;
    if (variant.minReplicas === 0 && (pool.role ?? 'both') !== 'both') {
      report('invalid_value', [...path, 'minReplicas'], `pool \`${name}\` has role ${String(pool.role)}: scale to zero is for aggregated pools (role both)`, '≥ 1');
    }
    const replicas = isNum(pool.replicas) ? pool.replicas : 1;
    const min = isNum(variant.minReplicas) ? variant.minReplicas : 1;
    const max = variant.maxReplicas;
    if (isNum(max) && !(min <= replicas && replicas <= max)) {
      report('out_of_range', [...path, 'maxReplicas'], `the pool starts with ${replicas} replicas: need minReplicas (${min}) ≤ replicas ≤ maxReplicas (${max})`, `≥ ${Math.max(min, replicas)}`);
    }
  }
});

export const ScenarioSchema = strictObject({
  name: z.string().min(1),
  seed: z.int().min(0).default(0),
  model: modelRef(() => MODELS),
  stop: StopSpecSchema.prefault({}),
  cluster: ClusterSpecSchema,
  router: RouterSpecSchema.prefault({}),
  workload: WorkloadSpecSchema,
  slo: SloSpecSchema.optional(),
  sweep: SweepSpecSchema.optional(),
  /** Node failures to inject (LWS group restarts). */
  faults: z.array(FaultSpecSchema).optional(),
  /** The variant autoscaler (WVA) resizing pools over the run. */
  autoscaler: AutoscalerSpecSchema.optional(),
}).check(scenarioRule, autoscalerRule);

/** A validated scenario with every schema default applied. */
export type Scenario = z.output<typeof ScenarioSchema>;
/** What a scenario file may contain (defaults not yet applied). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type PoolSpec = z.output<typeof PoolSpecSchema>;
export type EngineSpec = z.output<typeof EngineSpecSchema>;
export type WorkloadSpec = z.output<typeof WorkloadSpecSchema>;
export type StopSpec = z.output<typeof StopSpecSchema>;
export type SloSpec = z.output<typeof SloSpecSchema>;
export type RouterSpec = z.output<typeof RouterSpecSchema>;
export type SweepSpec = z.output<typeof SweepSpecSchema>;
export type KvTransferSpec = z.output<typeof KvTransferSpecSchema>;
export type StartupSpec = z.output<typeof StartupSpecSchema>;
export type FaultSpec = z.output<typeof FaultSpecSchema>;
