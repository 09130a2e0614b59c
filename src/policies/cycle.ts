/**
 * The scheduling cycle (llm-d-router `pkg/epp/scheduling/scheduler.go`, `scheduler_profile.go`,
 * reference §1.3), run once per request:
 *
 *   1. data producers, in dependency order (a producer of a key runs before its consumers);
 *   2. loop: the profile handler names profiles to run; each runs
 *        filters in order (an empty set fails the profile: stored as null),
 *        scorers: total[e] += clamp01(score[e]) · weight — a raw sum, not normalised,
 *        one picker;
 *      until the handler names none; then ProcessResults makes the SchedulingResult;
 *   3. PreRequest hooks with that result.
 *
 * Contracts are enforced here once: clamping to [0,1], "unscored" (NaN) adds nothing, the empty
 * filter result. The runner keeps its score buffers between requests; a request allocates only its
 * ScoredEndpoint list and result.
 */
import type { EndpointPickerConfig } from './config/schema.js';
import type { PluginRegistry } from './registry.js';
import {
  isDataProducer,
  isFilter,
  isPicker,
  isPreRequest,
  isAdmitter,
  type Admitter,
  isProfileHandler,
  isResponseComplete,
  isResponseStart,
  isScorer,
  isKvEventSink,
  type CycleState,
  type KvEvent,
  type KvEventSink,
  type DataProducer,
  type Endpoint,
  type Filter,
  type LLMRequest,
  type Picker,
  type Plugin,
  type PluginHandle,
  type PreRequest,
  type ProfileHandler,
  type ProfileRunResult,
  type ResponseComplete,
  type ResponseStart,
  type ScoredEndpoint,
  type Scorer,
  type SchedulingResult,
} from './types.js';

export const NO_ENDPOINTS = 'no endpoints available for the given request';

interface WeightedScorer {
  readonly scorer: Scorer;
  readonly weight: number;
}

interface RuntimeProfile {
  readonly name: string;
  readonly filters: Filter[];
  readonly scorers: WeightedScorer[];
  readonly picker: Picker;
}

export interface Scheduler {
  /** One scheduling cycle. `endpoints` are the current candidates with fresh metrics. */
  schedule(request: LLMRequest, endpoints: readonly Endpoint[]): SchedulingResult | { error: string };
  /** First token of a scheduled request came back (releases streaming prompt tokens). */
  onResponseStart(request: LLMRequest, endpointName: string): void;
  /** A scheduled request finished on `endpointName` (releases in-flight accounting). */
  onResponseComplete(request: LLMRequest, endpointName: string): void;
  /** A KV event from a pod, for the precise prefix index. */
  onKvEvent(event: KvEvent): void;
  /** A configured plugin instance by name. */
  plugin(name: string): Plugin | undefined;
}

/** Guards against a profile handler that never stops naming profiles. */
const MAX_PROFILE_ROUNDS = 64;

/**
 * Builds the plugins of a loaded config (loader output: every reference resolves) and returns the
 * scheduler. Throws only on a config that did not come from the loader (broken internal state).
 */
export function createScheduler(config: EndpointPickerConfig, registry: PluginRegistry, handle: PluginHandle): Scheduler {
  const plugins = new Map<string, Plugin>();
  const pluginHandle: PluginHandle = {
    rng: () => handle.rng(),
    now: () => handle.now(),
    plugin: (name) => plugins.get(name),
    engineBlockHashes: handle.engineBlockHashes?.bind(handle),
  };
  for (const spec of config.plugins) {
    const def = registry.get(spec.type);
    if (def === undefined) throw new Error(`unknown plugin type ${spec.type}`);
    plugins.set(spec.name, def.create(spec.name, spec.parameters, pluginHandle));
  }
  const all = [...plugins.values()];
  const handlers = all.filter(isProfileHandler);
  if (handlers.length !== 1) throw new Error(`expected one profile handler, found ${handlers.length}`);
  const handler: ProfileHandler = handlers[0];

  const profiles = new Map<string, RuntimeProfile>();
  for (const prof of config.schedulingProfiles) {
    const filters: Filter[] = [];
    const scorers: WeightedScorer[] = [];
    let picker: Picker | undefined;
    for (const ref of prof.plugins) {
      const p = plugins.get(ref.pluginRef);
      if (p === undefined) throw new Error(`profile ${prof.name}: no plugin ${ref.pluginRef}`);
      if (isFilter(p)) filters.push(p);
      if (isScorer(p)) scorers.push({ scorer: p, weight: ref.weight });
      if (isPicker(p)) picker = p;
    }
    if (picker === undefined) throw new Error(`profile ${prof.name} has no picker`);
    profiles.set(prof.name, { name: prof.name, filters, scorers, picker });
  }

  const producers = orderProducers(all.filter(isDataProducer));
  const preRequests: PreRequest[] = all.filter(isPreRequest);
  const admitters: Admitter[] = all.filter(isAdmitter);
  const responseStarts: ResponseStart[] = all.filter(isResponseStart);
  const responseCompletes: ResponseComplete[] = all.filter(isResponseComplete);
  const kvEventSinks: KvEventSink[] = all.filter(isKvEventSink);

  let totals = new Float64Array(64);
  let scratch = new Float64Array(64);

  function runProfile(p: RuntimeProfile, state: CycleState, request: LLMRequest, endpoints: readonly Endpoint[]) {
    let candidates = endpoints;
    for (const f of p.filters) {
      candidates = f.filter(state, request, candidates);
      if (candidates.length === 0) return null;
    }
    const n = candidates.length;
    if (n === 0) return null;
    if (totals.length < n) {
      totals = new Float64Array(n * 2);
      scratch = new Float64Array(n * 2);
    }
    totals.fill(0, 0, n);
    for (const { scorer, weight } of p.scorers) {
      scratch.fill(NaN, 0, n);
      scorer.score(state, request, candidates, scratch);
      for (let i = 0; i < n; i++) {
        const s = scratch[i];
        if (s !== s) continue; // NaN: not scored by this scorer
        totals[i] += (s < 0 ? 0 : s > 1 ? 1 : s) * weight;
      }
    }
    const scored: ScoredEndpoint[] = new Array(n);
    for (let i = 0; i < n; i++) scored[i] = { endpoint: candidates[i], score: totals[i] };
    const result: ProfileRunResult = p.picker.pick(state, request, scored);
    return result.targetEndpoints.length === 0 ? null : result;
  }

  return {
    schedule(request, endpoints) {
      if (endpoints.length === 0) return { error: NO_ENDPOINTS };
      const state: CycleState = new Map();
      for (const producer of producers) producer.produce(state, request, endpoints);
      for (const a of admitters) {
        const reason = a.admit(request, endpoints);
        if (reason !== undefined) return { error: reason };
      }

      const results = new Map<string, ProfileRunResult | null>();
      const failures: string[] = [];
      for (let round = 0; ; round++) {
        if (round >= MAX_PROFILE_ROUNDS) throw new Error(`${handler.name} kept picking profiles`);
        const names = handler.pickProfiles(state, request, profiles, results);
        if (names.length === 0) break;
        for (const name of names) {
          const profile = profiles.get(name);
          if (profile === undefined) throw new Error(`${handler.name} picked unknown profile ${name}`);
          const r = runProfile(profile, state, request, endpoints);
          results.set(name, r);
          if (r === null) failures.push(`profile "${name}": ${NO_ENDPOINTS}`);
        }
      }
      if (results.size === 0) return { error: 'no scheduling profile ran' };
      const out = handler.processResults(state, request, results);
      if ('error' in out) return { error: failures.length > 0 ? failures.join('; ') : out.error };
      for (const p of preRequests) p.preRequest(request, out);
      return out;
    },
    onResponseStart(request, endpointName) {
      for (const p of responseStarts) p.responseStart(request, endpointName);
    },
    onResponseComplete(request, endpointName) {
      for (const p of responseCompletes) p.responseComplete(request, endpointName);
    },
    onKvEvent(event) {
      for (const p of kvEventSinks) p.onKvEvent(event);
    },
    plugin: (name) => plugins.get(name),
  };
}

/**
 * Producers in dependency order (Kahn's algorithm, ties in config order): a producer of key k
 * runs before every producer that consumes k. A cycle is a configuration bug and throws.
 */
export function orderProducers(producers: DataProducer[]): DataProducer[] {
  const out: DataProducer[] = [];
  const pending = new Set(producers);
  while (pending.size > 0) {
    let progressed = false;
    for (const p of pending) {
      const blocked = p.consumes.some((k) => [...pending].some((q) => q !== p && q.produces.includes(k)));
      if (blocked) continue;
      out.push(p);
      pending.delete(p);
      progressed = true;
    }
    if (!progressed) throw new Error(`data producers depend on each other in a cycle: ${[...pending].map((p) => p.name).join(', ')}`);
  }
  return out;
}
