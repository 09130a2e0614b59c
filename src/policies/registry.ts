/**
 * The plugin registry: llm-d type name → plugin definition. It is an object passed around, never
 * module state, so a test or an experiment can register its own plugins without touching others.
 * Adding a built-in is one line in `createDefaultRegistry`.
 */
import { IN_FLIGHT_LOAD, PREFIX_CACHE_MATCH_INFO, UNCACHED_REQUEST_TOKENS } from './data.js';
import type { PluginDefinition } from './plugin.js';
import { activeRequestScorer } from './plugins/active-request-scorer.js';
import { APPROX_PREFIX_CACHE_PRODUCER_TYPE, approxPrefixCacheProducer } from './plugins/approx-prefix-cache-producer/index.js';
import { alwaysDisaggPdDecider } from './plugins/always-disagg-pd-decider.js';
import { disaggProfileHandler } from './plugins/disagg-profile-handler.js';
import { disaggHeadersHandler, prefillHeaderHandler } from './plugins/disagg-headers-handler.js';
import { pdProfileHandler } from './plugins/pd-profile-handler.js';
import { prefixBasedPdDecider } from './plugins/prefix-based-pd-decider.js';
import { coreMetricsExtractor } from './plugins/core-metrics-extractor.js';
import { endpointNotificationSource } from './plugins/endpoint-notification-source.js';
import { fileDiscovery, k8sNotificationSource, modelsDataExtractor, modelsDataSource } from './plugins/data-layer-sources.js';
import { fcfsOrderingPolicy, globalStrictFairnessPolicy, staticUsageLimitPolicy } from './plugins/flow-control-policies.js';
import { metricsDataSource } from './plugins/metrics-data-source.js';
import { precisePrefixCacheProducer } from './plugins/precise-prefix-cache-producer/index.js';
import { precisePrefixCacheScorer } from './plugins/precise-prefix-cache-scorer.js';
import { tokenProducer } from './plugins/token-producer.js';
import { byLabelSelector, labelSelectorFilter } from './plugins/label-selector-filter.js';
import { loraAffinityScorer } from './plugins/lora-affinity-scorer.js';
import { noHitLruScorer } from './plugins/no-hit-lru-scorer.js';
import { sessionAffinityScorer } from './plugins/session-affinity-scorer.js';
import { sessionAffinityFilter } from './plugins/session-affinity-filter.js';
import { utilizationDetector } from './plugins/utilization-detector.js';
import { concurrencyDetector } from './plugins/concurrency-detector.js';
import { contextLengthAware } from './plugins/context-length-aware.js';
import { probabilisticAdmitter } from './plugins/probabilistic-admitter.js';
import { decodeFilter } from './plugins/decode-filter.js';
import { encodeFilter } from './plugins/encode-filter.js';
import { byLabelFilter } from './plugins/by-label-filter.js';
import { INFLIGHT_LOAD_PRODUCER_TYPE, inflightLoadProducer } from './plugins/inflight-load-producer.js';
import { kvCacheUtilizationScorer } from './plugins/kv-cache-utilization-scorer.js';
import { loadAwareScorer } from './plugins/load-aware-scorer.js';
import { maxScorePicker } from './plugins/max-score-picker.js';
import { prefillFilter } from './plugins/prefill-filter.js';
import { prefixCacheAffinityFilter } from './plugins/prefix-cache-affinity-filter.js';
import { prefixCacheScorer } from './plugins/prefix-cache-scorer.js';
import { queueScorer } from './plugins/queue-scorer.js';
import { randomPicker } from './plugins/random-picker.js';
import { roundRobinPicker } from './plugins/round-robin-picker.js';
import { runningRequestsSizeScorer } from './plugins/running-requests-size-scorer.js';
import { dataParallelProfileHandler, singleProfileHandler } from './plugins/single-profile-handler.js';
import { tokenLoadScorer } from './plugins/token-load-scorer.js';
import { weightedRandomPicker } from './plugins/weighted-random-picker.js';

export class PluginRegistry {
  private readonly defs = new Map<string, PluginDefinition<unknown>>();
  /** Base data key → type of the producer injected when a consumer has none (runner.go). */
  private readonly defaultProducers = new Map<string, string>();

  register(def: PluginDefinition<unknown>): this {
    if (this.defs.has(def.type)) throw new Error(`plugin type ${def.type} is already registered`);
    this.defs.set(def.type, def);
    return this;
  }

  registerDefaultProducer(baseKey: string, type: string): this {
    this.defaultProducers.set(baseKey, type);
    return this;
  }

  get(type: string): PluginDefinition<unknown> | undefined {
    return this.defs.get(type);
  }

  defaultProducer(baseKey: string): string | undefined {
    return this.defaultProducers.get(baseKey);
  }

  types(): string[] {
    return [...this.defs.keys()];
  }
}

export function createDefaultRegistry(): PluginRegistry {
  return new PluginRegistry()
    .register(maxScorePicker)
    .register(randomPicker)
    .register(weightedRandomPicker)
    .register(roundRobinPicker)
    .register(queueScorer)
    .register(runningRequestsSizeScorer)
    .register(kvCacheUtilizationScorer)
    .register(loadAwareScorer)
    .register(activeRequestScorer)
    .register(tokenLoadScorer)
    .register(prefixCacheScorer)
    .register(loraAffinityScorer)
    .register(noHitLruScorer)
    .register(sessionAffinityScorer)
    .register(sessionAffinityFilter)
    .register(decodeFilter)
    .register(prefillFilter)
    .register(encodeFilter)
    .register(byLabelFilter)
    .register(prefixCacheAffinityFilter)
    .register(labelSelectorFilter)
    .register(byLabelSelector)
    .register(utilizationDetector)
    .register(concurrencyDetector)
    .register(contextLengthAware)
    .register(probabilisticAdmitter)
    .register(approxPrefixCacheProducer)
    .register(inflightLoadProducer)
    .register(precisePrefixCacheProducer)
    .register(precisePrefixCacheScorer)
    .register(singleProfileHandler)
    .register(dataParallelProfileHandler)
    .register(disaggProfileHandler)
    .register(pdProfileHandler)
    .register(disaggHeadersHandler)
    .register(prefillHeaderHandler)
    .register(prefixBasedPdDecider)
    .register(alwaysDisaggPdDecider)
    .register(tokenProducer)
    .register(metricsDataSource)
    .register(coreMetricsExtractor)
    .register(endpointNotificationSource)
    .register(modelsDataSource)
    .register(modelsDataExtractor)
    .register(k8sNotificationSource)
    .register(fileDiscovery)
    .register(fcfsOrderingPolicy)
    .register(globalStrictFairnessPolicy)
    .register(staticUsageLimitPolicy)
    .registerDefaultProducer(PREFIX_CACHE_MATCH_INFO, APPROX_PREFIX_CACHE_PRODUCER_TYPE)
    .registerDefaultProducer(IN_FLIGHT_LOAD, INFLIGHT_LOAD_PRODUCER_TYPE)
    .registerDefaultProducer(UNCACHED_REQUEST_TOKENS, INFLIGHT_LOAD_PRODUCER_TYPE);
}
