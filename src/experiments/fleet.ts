import { getAccelerator } from '../models/hardware/catalog.js';
import { getLink } from '../models/hardware/links.js';
import type { ExpertParallelism } from '../models/perf/expert-parallel.js';
import { planMemory, type Deployment } from '../models/perf/memory.js';
import { CALIBRATED_FACTORS, factorsFor, RUNTIMES, type FactorTable } from '../models/perf/runtime.js';
import { createStepTimeModel } from '../models/perf/step-time.js';
import type { Problem } from '../scenario/problems.js';
import { POOL_PARALLEL_DEFAULTS } from '../scenario/schema.js';
import type { ResolvedScenario } from '../scenario/resolve.js';
import type { PoolConfig, RouterFactory, SimConfig } from '../sim/simulation.js';
import { EppRoutingPolicy, type SaturationDetector } from '../sim/epp-router.js';
import { RoundRobinPolicy } from '../sim/routing.js';
import { KvEventFeed } from '../sim/kv-event-feed.js';
import { PromptHashCache } from '../sim/kv/block-hash.js';
import { isKvEventSink } from '../policies/types.js';
import { createScheduler } from '../policies/cycle.js';
import { createDefaultRegistry } from '../policies/registry.js';
import type { EndpointPickerConfig } from '../policies/config/schema.js';

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
  const isDetector = (p: unknown): p is SaturationDetector => typeof (p as SaturationDetector | undefined)?.saturation === 'function';
  if (isDetector(named)) return named;
  const def = registry.get('utilization-detector');
  const made = def?.create('utilization-detector', def.params.parse({}), { rng: ctx.rng, now: ctx.now });
  if (!isDetector(made)) throw new Error('utilization-detector is not registered');
  return made;
}

/** The wide-EP fields a pool sets (undefined ones dropped, so the defaults show through). */
function definedOnly(p: ResolvedScenario['cluster']['pools'][number]): Partial<typeof POOL_PARALLEL_DEFAULTS> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(POOL_PARALLEL_DEFAULTS) as (keyof typeof POOL_PARALLEL_DEFAULTS)[]) {
    if (p[k] !== undefined) out[k] = p[k];
  }
  return out as Partial<typeof POOL_PARALLEL_DEFAULTS>;
}

export function buildSimConfig(s: ResolvedScenario, factors: FactorTable = CALIBRATED_FACTORS): FleetResult {
  const problems: Problem[] = [];
  const model = s.modelArch;
  const pools: PoolConfig[] = [];
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
          `vLLM refuses to start. Lower engine.maxModelLen, raise gpuMemoryUtilization or tensorParallel`,
      });
      return;
    }
    // A DP-attention replica is one pod: its DP ranks' limits and KV blocks add up (each rank keeps
    // its own null block, so the pod has one per rank less one). Deliberate difference from vLLM:
    // one scheduler and one KV pool stand for the DP ranks' own, so a request is not pinned to a
    // rank (its KV may exceed one rank's) and the ranks stay balanced (vLLM's DP load balancer aims
    // for that); the step model prices the busiest rank's share.
    const dp = expertParallel ? expertParallel.dataParallel : 1;
    pools.push({
      name: p.name,
      replicas: p.replicas,
      stepModel: createStepTimeModel(deployment, runtime.overheads),
      pod: {
        maxNumSeqs: e.maxNumSeqs * dp,
        maxNumBatchedTokens: e.maxNumBatchedTokens * dp,
        maxModelLen: e.maxModelLen,
        // A request lives on one DP rank, so one step gives it at most that rank's token budget.
        longPrefillTokenThreshold: dp > 1 ? e.maxNumBatchedTokens : 0,
        blockSize: e.blockSize,
        enablePrefixCaching: e.enablePrefixCaching,
        numGpuBlocks: (plan.numGpuBlocks - 1) * dp + 1,
      },
    });
  });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      seed: s.seed,
      pools,
      router: s.routerConfig
        ? eppRouter(s.routerConfig, s.router.scrapeInterval, s.router.kvEventDelay, s.router.schedulingLatency, typeof s.model === 'string' ? s.model : model.id)
        : s.router.schedulingLatency > 0
          ? { scrapeInterval: 0, schedulingLatency: s.router.schedulingLatency, create: (ctx) => new RoundRobinPolicy(ctx.pods.length) }
          : undefined,
      workload: s.workload,
      stop: s.stop,
      slo: s.slo ?? {},
      vocabSize: model.vocabSize,
    },
  };
}
