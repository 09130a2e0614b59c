import { getAccelerator } from '../models/hardware/catalog.js';
import { kvBytesPerTokenPerRank, planMemory, type Deployment } from '../models/perf/memory.js';
import { getLink, transferSeconds } from '../models/hardware/links.js';
import { chipsPerNode, nodesPerReplica } from '../models/hardware/nodes.js';
import { weightBytesPerRank } from '../models/llm/params.js';
import type { ExpertParallelism } from '../models/perf/expert-parallel.js';
import { LINK_ALIASES, StartupSpecSchema, type KvTransferSpec, type StartupSpec } from '../scenario/schema.js';
import type { FaultConfig } from '../sim/faults.js';
import type { PodNic } from '../sim/kv-transfer.js';
import type { OffloadConfig, OffloadTierSpec } from '../sim/kv/offload-tiers.js';
import { CALIBRATED_FACTORS, factorsFor, RUNTIMES, type FactorTable } from '../models/perf/runtime.js';
import { createStepTimeModel } from '../models/perf/step-time.js';
import { v0Overheads, type RuntimeOverheads } from '../models/perf/runtime-overheads.js';
import type { Problem } from '../scenario/problems.js';
import { POOL_PARALLEL_DEFAULTS } from '../scenario/schema.js';
import type { ResolvedScenario } from '../scenario/resolve.js';
import type { PoolConfig, RouterFactory, SimConfig } from '../sim/simulation.js';
import { EppRoutingPolicy, type SaturationDetector } from '../sim/epp-router.js';
import { RoundRobinPolicy } from '../sim/routing.js';
import { HarnessBatcherPolicy, type HarnessBatcherSpec } from '../sim/harness-batcher.js';
import { KvEventFeed } from '../sim/kv-event-feed.js';
import { PromptHashCache } from '../sim/kv/block-hash.js';
import { isKvEventSink, isSaturationDetector } from '../policies/types.js';
import { createScheduler } from '../policies/cycle.js';
import { createDefaultRegistry } from '../policies/registry.js';
import type { EndpointPickerConfig } from '../policies/config/schema.js';
import type { UsageLimitPolicy } from '../policies/plugins/flow-control-policies.js';
import { openTrace } from '../workload-io/open-trace.js';
import { PRICES } from '../models/hardware/prices.js';
import type { AutoscalerSpec } from '../sim/autoscaler.js';

/** A pool's per-step overheads: its runtime's, synchronous under V0 or with async scheduling off. */
function stepOverheads(o: RuntimeOverheads, e: { scheduler?: 'v0'; asyncScheduling?: false }): RuntimeOverheads {
  if (e.scheduler === 'v0') return v0Overheads(o);
  return e.asyncScheduling === false ? { ...o, asyncScheduling: false } : o;
}

/** The scenario's autoscaler section with its variants' bounds and prices resolved. */
function autoscalerConfig(a: NonNullable<ResolvedScenario['autoscaler']>, variants: AutoscalerSpec['variants']): AutoscalerSpec {
  const { kvCacheThreshold, queueLengthThreshold, kvSpareTrigger, queueSpareTrigger } = a;
  return {
    saturation: { kvCacheThreshold, queueLengthThreshold, kvSpareTrigger, queueSpareTrigger },
    interval: a.interval,
    sampleInterval: a.sampleInterval,
    metricsWindow: a.metricsWindow,
    scaleDownStabilization: a.scaleDownStabilization,
    provisioningDelay: a.provisioningDelay,
    terminationGracePeriod: a.terminationGracePeriod,
    scaleToZeroAfter: a.scaleToZeroAfter,
    headroom: a.headroom,
    variants,
  };
}

/** RDMA moves KV at close to line rate; NIXL READs of large contiguous blocks (prior, no measurement in the reference set). */
const NIC_EFFICIENCY = 0.9;

/** A pod's NICs for P/D transfers: `nicsPerPod` (default one per GPU) on the scenario's link. */
function podNic(t: KvTransferSpec, d: Deployment): PodNic {
  const link = getLink(LINK_ALIASES[t.link as keyof typeof LINK_ALIASES] ?? t.link);
  const nics = t.nicsPerPod ?? d.tensorParallel;
  return {
    bytesPerSec: nics * (t.gbpsPerNic !== undefined ? t.gbpsPerNic / 8 : link.bandwidthGBps) * 1e9 * NIC_EFFICIENCY,
    latency: link.latencySeconds,
    kvBytesPerToken: kvBytesPerTokenPerRank(d) * d.tensorParallel,
  };
}

/** DMA over PCIe reaches 0.7–0.85 of peak for contiguous blocks (vllm-engine.md §7.1): the middle. */
const PCIE_EFFICIENCY = 0.8;

/**
 * A pod's offload tiers. Capacities are totals across the TP ranks (vLLM's --kv-offloading-size
 * is), so a tier holds size ÷ (block bytes per rank × TP) blocks. Each rank reads its own slice
 * back in parallel over its own PCIe 5 link; an NVMe tier reads at one drive per GPU (HGX-class
 * nodes carry 8), then over PCIe.
 */
function offloadConfig(o: { cpuGiB: number; nvmeGiB: number; mode: 'write-through' | 'lazy' }, bytesPerBlockPerRank: number, tp: number): OffloadConfig {
  const GIB = 1024 ** 3;
  const pcie = getLink('pcie5');
  const nvme = getLink('nvme');
  const pcieBps = pcie.bandwidthGBps * 1e9 * PCIE_EFFICIENCY;
  const tiers: OffloadTierSpec[] = [];
  if (o.cpuGiB > 0) {
    tiers.push({ name: 'cpu', capacityBlocks: Math.floor((o.cpuGiB * GIB) / (bytesPerBlockPerRank * tp)), secondsPerBlock: bytesPerBlockPerRank / pcieBps, latency: pcie.latencySeconds });
  }
  if (o.nvmeGiB > 0) {
    const bps = Math.min(nvme.bandwidthGBps * 1e9, pcieBps);
    tiers.push({ name: 'nvme', capacityBlocks: Math.floor((o.nvmeGiB * GIB) / (bytesPerBlockPerRank * tp)), secondsPerBlock: bytesPerBlockPerRank / bps, latency: nvme.latencySeconds });
  }
  return { tiers, mode: o.mode };
}

/** Streaming reads (image layers, safetensors shards) reach most of a link's line rate (prior). */
const LOAD_EFFICIENCY = 0.8;

/**
 * Seconds from a replica's (re)creation to ready, per node in parallel (the group is gang
 * started): pull the image, read this node's weight shards (its ranks' share) over `weightsLink`,
 * then initialise the engine. Priced from the link catalogue.
 */
export function startupSeconds(spec: StartupSpec, d: Deployment): number {
  const ranksPerNode = Math.min(d.tensorParallel, chipsPerNode(d.accelerator.id));
  const weightBytesPerNode = weightBytesPerRank(d.model, d.precision, d.tensorParallel) * ranksPerNode;
  const image = spec.imageGB > 0 ? transferSeconds(getLink(spec.imageLink), spec.imageGB * 1e9, LOAD_EFFICIENCY) : 0;
  return image + transferSeconds(getLink(spec.weightsLink), weightBytesPerNode, LOAD_EFFICIENCY) + spec.initSeconds;
}

export type FleetResult = { ok: true; config: SimConfig } | { ok: false; problems: Problem[] };

/**
 * Turns a validated scenario into the simulator's config: each pool's deployment is looked up in
 * the catalogues, its KV block count planned from memory (as vLLM does at start-up), and its
 * step-time model built with its runtime's overheads and calibrated efficiency factors (`factors`
 * defaults to the committed calibration; `fleetsim calibrate` passes trial values). A pool that cannot start (weights do not fit, or one maxModelLen request
 * does not fit in KV, which vLLM refuses at start-up too) is an input problem, not a crash.
 */
/**
 * The EPP as the gateway's routing policy: one scheduler per run (plugins hold state such as the
 * approx prefix index), tie-breaks from the run's `routing` stream, metrics scraped every
 * `scrapeInterval`.
 */
function eppRouter(config: EndpointPickerConfig, scrapeInterval: number, kvEventDelay: number, schedulingLatency: number, model: string): RouterFactory {
  return {
    scrapeInterval,
    schedulingLatency,
    create(ctx) {
      const registry = createDefaultRegistry();
      // The precise prefix index keys on the pods' own block hashes, as a real EPP recomputes
      // them from the events' token ids; pods of one fleet share a block size here.
      const blockSize = ctx.pods[0].config.blockSize;
      const engineHashes = new PromptHashCache(blockSize);
      const scheduler = createScheduler(config, registry, {
        rng: ctx.rng,
        now: ctx.now,
        engineBlockHashes: (tokens) => engineHashes.hashes(tokens),
      });
      const wantsEvents = config.plugins.some((p) => {
        const plugin = scheduler.plugin(p.name);
        return plugin !== undefined && isKvEventSink(plugin);
      });
      const feed = wantsEvents ? new KvEventFeed(ctx.pods, ctx.now, kvEventDelay) : undefined;
      return new EppRoutingPolicy(ctx, scheduler, scrapeInterval, model, feed, flowControlDetector(config, scheduler, registry, ctx));
    },
  };
}

/** A benchmark harness's batcher in place of a router (src/sim/harness-batcher.ts). */
function harnessBatcherRouter(spec: HarnessBatcherSpec, schedulingLatency: number): RouterFactory {
  return {
    scrapeInterval: spec.window,
    schedulingLatency,
    create: (ctx) => new HarnessBatcherPolicy(ctx.pods.length, spec, ctx.dispatch),
  };
}

/**
 * With `featureGates: [flowControl]`, the saturation detector: the plugin `saturationDetector`
 * names, else a `utilization-detector` with its defaults (llm-d's default detector).
 */
function flowControlDetector(
  config: EndpointPickerConfig,
  scheduler: ReturnType<typeof createScheduler>,
  registry: ReturnType<typeof createDefaultRegistry>,
  ctx: { rng: () => number; now: () => number },
): SaturationDetector | undefined {
  if (!config.featureGates.includes('flowControl')) return undefined;
  const named = config.saturationDetector ? scheduler.plugin(config.saturationDetector.pluginRef) : undefined;
  let detector: SaturationDetector;
  if (isSaturationDetector(named)) detector = named;
  else {
    const def = registry.get('utilization-detector');
    const made = def?.create('utilization-detector', def.params.parse({}), { rng: ctx.rng, now: ctx.now });
    if (!isSaturationDetector(made)) throw new Error('utilization-detector is not registered');
    detector = made;
  }
  // The usage limit policy's ceiling: the controller admits while saturation < ceiling (1 by default).
  const limitRef = config.flowControl?.usageLimitPolicyPluginRef;
  const limit = limitRef ? (scheduler.plugin(limitRef) as UsageLimitPolicy | undefined) : undefined;
  const ceiling = limit?.ceiling ?? 1;
  if (ceiling === 1) return detector;
  return { saturation: (endpoints) => detector.saturation(endpoints) / ceiling };
}

export interface FleetOptions {
  /** Count and skip malformed trace rows instead of failing with their line numbers. */
  skipBadRows?: boolean;
}

/** The wide-EP fields a pool sets (undefined ones dropped, so the defaults show through). */
function definedOnly(p: ResolvedScenario['cluster']['pools'][number]): Partial<typeof POOL_PARALLEL_DEFAULTS> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(POOL_PARALLEL_DEFAULTS) as (keyof typeof POOL_PARALLEL_DEFAULTS)[]) {
    if (p[k] !== undefined) out[k] = p[k];
  }
  return out as Partial<typeof POOL_PARALLEL_DEFAULTS>;
}

export function buildSimConfig(s: ResolvedScenario, factors: FactorTable = CALIBRATED_FACTORS, opts: FleetOptions = {}): FleetResult {
  const problems: Problem[] = [];
  const model = s.modelArch;
  const pools: PoolConfig[] = [];
  const autoscaled: AutoscalerSpec['variants'] = [];
  s.cluster.pools.forEach((p, i) => {
    const accelerator = getAccelerator(p.accelerator);
    const par = { ...POOL_PARALLEL_DEFAULTS, ...definedOnly(p) };
    const expertParallel: ExpertParallelism | undefined =
      par.expertParallel > 1
        ? {
            dataParallel: par.dataParallel,
            size: par.expertParallel,
            numNodes: par.nodes,
            scaleOut: getLink(par.scaleOutLink),
            imbalance: par.expertImbalance,
          }
        : undefined;
    const deployment: Deployment = {
      accelerator,
      model,
      tensorParallel: p.tensorParallel,
      precision: p.precision,
      kvCacheDtype: p.kvCacheDtype,
      efficiencyScale: factorsFor(factors, p.runtime, accelerator.vendor),
      ...(expertParallel ? { expertParallel } : {}),
      runtime: p.runtime,
    };
    const runtime = RUNTIMES[p.runtime];
    const e = p.engine;
    const plan = planMemory(deployment, e);
    if (!plan.ok) {
      const fixes = [
        model.moe && !expertParallel ? 'spread the experts over more GPUs (dataParallel, expertParallel, nodes)' : 'use more GPUs per replica',
        ...(p.precision === 'bf16' ? ['use a lower precision'] : []),
        'use a larger accelerator',
      ];
      problems.push({
        code: 'invalid_value',
        path: ['cluster', 'pools', i],
        message: plan.kind === 'layout' ? plan.reason : `this layout does not fit in memory: ${plan.reason}. To fit it, ${fixes.join(', or ')}`,
      });
      return;
    }
    const kvTokens = (plan.numGpuBlocks - 1) * e.blockSize;
    if (kvTokens < e.maxModelLen) {
      problems.push({
        code: 'invalid_value',
        path: ['cluster', 'pools', i, 'engine'],
        message:
          `KV cache holds ${kvTokens} tokens${expertParallel ? ' per DP rank' : ''}, fewer than one maxModelLen (${e.maxModelLen}) request; ` +
          `${runtime.displayName} refuses to start. Lower engine.maxModelLen, raise gpuMemoryUtilization or tensorParallel`,
      });
      return;
    }
    if (e.scheduler === 'v0' && e.maxNumBatchedTokens < e.maxModelLen) {
      // maxModelLen came from the model: V0 without chunked prefill refuses a batch smaller than one request.
      problems.push({
        code: 'conflict',
        path: ['cluster', 'pools', i, 'engine', 'maxNumBatchedTokens'],
        message: `with scheduler v0 (no chunked prefill) maxNumBatchedTokens (${e.maxNumBatchedTokens}) must be ≥ maxModelLen (${e.maxModelLen}), as vLLM V0 requires: raise it or lower engine.maxModelLen`,
      });
      return;
    }
    const transfer = s.cluster.kvTransfer;
    // A DP-attention replica is one pod: its DP ranks' limits and KV blocks add up (each rank keeps
    // its own null block, so the pod has one per rank less one). Deliberate difference from vLLM:
    // one scheduler and one KV pool stand for the DP ranks' own, so a request is not pinned to a
    // rank (its KV may exceed one rank's) and the ranks stay balanced (vLLM's DP load balancer aims
    // for that); the step model prices the busiest rank's share.
    const dp = expertParallel ? expertParallel.dataParallel : 1;
    const variant = s.autoscaler && Object.hasOwn(s.autoscaler.variants, p.name) ? s.autoscaler.variants[p.name] : undefined;
    if (variant) {
      const gpusPerReplica = p.tensorParallel * dp;
      autoscaled.push({
        name: p.name,
        initial: p.replicas,
        minReplicas: variant.minReplicas,
        maxReplicas: variant.maxReplicas,
        gpusPerReplica,
        usdPerHour: variant.usdPerHour ?? (PRICES[accelerator.id]?.usdPerHour ?? 0) * gpusPerReplica,
        ...(variant.sloRatePerReplica !== undefined && { sloRatePerReplica: variant.sloRatePerReplica }),
      });
    }
    pools.push({
      name: p.name,
      // An autoscaled pool has a pod for each replica it may grow to; the autoscaler keeps the rest off.
      replicas: variant ? variant.maxReplicas : p.replicas,
      role: p.role,
      ...(p.labels && { labels: p.labels }),
      ...((s.faults || variant) && {
        // A wide-EP replica names its nodes; otherwise its chips fill whole nodes.
        nodes: p.nodes ?? nodesPerReplica(accelerator.id, p.tensorParallel * dp),
        startupSeconds: startupSeconds(p.startup ?? StartupSpecSchema.parse({}), deployment),
      }),
      ...(transfer && { nic: podNic(transfer, deployment) }),
      stepModel: createStepTimeModel(deployment, stepOverheads(runtime.overheads, e)),
      pod: {
        maxNumSeqs: e.maxNumSeqs * dp,
        maxNumBatchedTokens: e.maxNumBatchedTokens * dp,
        maxModelLen: e.maxModelLen,
        // A request lives on one DP rank, so one step gives it at most that rank's token budget.
        longPrefillTokenThreshold: dp > 1 ? e.maxNumBatchedTokens : 0,
        blockSize: e.blockSize,
        enablePrefixCaching: e.enablePrefixCaching,
        ...(e.scheduler === 'v0' && { scheduler: 'v0' as const, prefillKvFreePercent: e.prefillKvFreePercent ?? 0 }),
        ...(e.reserveToCompletion && { reserveToCompletion: true }),
        numGpuBlocks: (plan.numGpuBlocks - 1) * dp + 1,
        ...(e.kvOffload && { offload: offloadConfig(e.kvOffload, plan.kvBytesPerBlockPerRank, deployment.tensorParallel) }),
      },
    });
  });
  if (s.cluster.pools.some((p) => p.role !== 'both') && !s.routerConfig) {
    problems.push({ code: 'invalid_value', path: ['router', 'config'], message: 'P/D pools need an EPP config with a disagg-profile-handler (e.g. `pd`): a round-robin Service cannot split prefill from decode' });
  }
  const trace = s.workload.trace ? openTrace(s.workload.trace, opts.skipBadRows ?? false) : undefined;
  if (trace && !trace.ok) problems.push(...trace.problems);
  if (problems.length > 0) return { ok: false, problems };
  const podIndex = new Map<string, number>();
  for (const pool of pools) for (let r = 0; r < pool.replicas; r++) podIndex.set(`${pool.name}-${r}`, podIndex.size);
  const faults: FaultConfig[] | undefined = s.faults?.map((f) => ({
    at: f.at,
    pod: podIndex.get(f.pod)!,
    kind: f.kind,
    recoverAfter: f.recoverAfter,
    detectAfter: f.detectAfter,
  }));
  return {
    ok: true,
    config: {
      ...(trace?.ok && { trace: trace.replay }),
      seed: s.seed,
      pools,
      router: s.routerConfig
        ? eppRouter(s.routerConfig, s.router.scrapeInterval, s.router.kvEventDelay, s.router.schedulingLatency, typeof s.model === 'string' ? s.model : model.id)
        : s.router.harnessBatcher
          ? harnessBatcherRouter(s.router.harnessBatcher, s.router.schedulingLatency)
          : s.router.schedulingLatency > 0
          ? { scrapeInterval: 0, schedulingLatency: s.router.schedulingLatency, create: (ctx) => new RoundRobinPolicy(ctx.pods.length) }
          : undefined,
      workload: s.workload,
      stop: s.stop,
      ...(faults && faults.length > 0 && { faults }),
      ...(((faults && faults.length > 0) || autoscaled.length > 0) && { retry: { retryOnFailure: s.router.retryOnFailure, maxRetries: s.router.maxRetries } }),
      // An autoscaler without variants resizes nothing: the run is as without it (plan's probes use that).
      ...(s.autoscaler && autoscaled.length > 0 && { autoscaler: autoscalerConfig(s.autoscaler, autoscaled) }),
      slo: s.slo ?? {},
      vocabSize: model.vocabSize,
    },
  };
}
