/** Builders with defaults for policy tests, in the spirit of vLLM's create_requests. */
import { parseParams, type PluginDefinition } from '../../src/policies/plugin.js';
import type { Endpoint, EndpointMetrics, LLMRequest, Plugin, PluginHandle, ScoredEndpoint, Scorer } from '../../src/policies/types.js';

export function endpoint(
  name: string,
  opts: Partial<EndpointMetrics> & { labels?: Record<string, string>; role?: string } = {},
): Endpoint {
  const { labels = {}, role, ...metrics } = opts;
  return {
    name,
    labels,
    role,
    metrics: { waitingQueueSize: 0, runningRequestsSize: 0, kvCacheUsagePercent: 0, updateTime: 0, ...metrics },
    attributes: new Map(),
  };
}

let nextId = 0;
export function request(tokens: number[] | Int32Array = [], opts: Partial<LLMRequest> = {}): LLMRequest {
  return {
    id: `r${nextId++}`,
    model: 'm',
    promptTokens: tokens instanceof Int32Array ? tokens : Int32Array.from(tokens),
    maxTokens: 16,
    headers: {},
    priority: 0,
    attributes: new Map(),
    ...opts,
  };
}

/** `n` tokens counting up from `from`. */
export function tokens(n: number, from = 0): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => from + i);
}

/** A handle whose rng replays `values` cyclically (or a fixed LCG) and whose clock is settable. */
export function testHandle(values?: number[]): PluginHandle & { t: number } {
  let i = 0;
  let x = 12345;
  const h = {
    t: 0,
    rng: () => {
      if (values) return values[i++ % values.length];
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x / 4294967296;
    },
    now: () => h.t,
  };
  return h;
}

export function make<T extends Plugin>(def: PluginDefinition<unknown>, params?: unknown, handle = testHandle(), name = def.type): T {
  const parsed = parseParams(def, params);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  return def.create(name, parsed.value, handle) as T;
}

/** Scores as a plain array (NaN = not scored). */
export function scores(scorer: Scorer, endpoints: Endpoint[], req = request()): number[] {
  const out = new Float64Array(endpoints.length).fill(NaN);
  scorer.score(new Map(), req, endpoints, out);
  return Array.from(out);
}

export function scored(...pairs: [string, number][]): ScoredEndpoint[] {
  return pairs.map(([name, score]) => ({ endpoint: endpoint(name), score }));
}

/** A one-profile SchedulingResult sending the request to `target` (plus optional prefill pick). */
export function resultFor(target: Endpoint, prefill?: Endpoint): import('../../src/policies/types.js').SchedulingResult {
  const profileResults = new Map<string, { targetEndpoints: Endpoint[]; scoredCandidates: ScoredEndpoint[] } | null>([
    ['decode', { targetEndpoints: [target], scoredCandidates: [] }],
  ]);
  if (prefill) profileResults.set('prefill', { targetEndpoints: [prefill], scoredCandidates: [] });
  return { profileResults, primaryProfileName: 'decode' };
}
