/**
 * The routing-policy extension points, after llm-d-router
 * `pkg/epp/framework/interface/scheduling/plugins.go` and `.../requestcontrol/plugins.go`.
 *
 * This layer is pure: it knows nothing of the simulator. The gateway fills `Endpoint`s from its
 * scraped metrics, hands each request to the scheduler (cycle.ts) and reports completions.
 * Contracts that every plugin would otherwise re-check (scores clamped to [0,1], weights, the
 * empty-filter error) are enforced once, in the cycle runner.
 */

/** The scraped model-server metrics the built-in plugins read (reference §4, vLLM names). */
export interface EndpointMetrics {
  /** `vllm:num_requests_waiting`. */
  waitingQueueSize: number;
  /** `vllm:num_requests_running`. */
  runningRequestsSize: number;
  /** `vllm:kv_cache_usage_perc`, a fraction in [0,1] despite the name. */
  kvCacheUsagePercent: number;
  /** Simulated seconds of the scrape these values come from. Scorers do not check staleness. */
  updateTime: number;
  /** `vllm:cache_config_info{block_size}`; 0 or absent = unknown (feeds approx-prefix autoTune). */
  cacheBlockSize?: number;
  /** `vllm:cache_config_info{num_gpu_blocks}`; 0 or absent = unknown (approx-prefix LRU size). */
  cacheNumBlocks?: number;
  /** `vllm:lora_requests_info` labels, when LoRA is served. */
  activeModels?: readonly string[];
  waitingModels?: readonly string[];
  maxActiveModels?: number;
}

/** A candidate pod. The scheduler reads it during one `schedule` call; producers write `attributes`. */
export interface Endpoint {
  /** Unique id (llm-d's namespace/name). */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Overrides label `llm-d.ai/role` when set (decode, prefill, prefill-decode, both, …). */
  readonly role?: string;
  metrics: EndpointMetrics;
  /** Per-request data written by producers under qualified data keys (see data.ts). */
  readonly attributes: Map<string, unknown>;
}

export interface LLMRequest {
  readonly id: string;
  /** llm-d's `TargetModel` (a LoRA adapter name when routing to adapters). */
  readonly model: string;
  /** The tokenized prompt (llm-d's `TokenizedPrompt`). */
  readonly promptTokens: Int32Array;
  readonly maxTokens: number;
  readonly headers: Record<string, string>;
  readonly priority: number;
  /** Streaming responses release in-flight prompt tokens at the first token (inflight-load-producer). */
  readonly streaming?: boolean;
  /** Optional cache salt, mixed into the approx prefix hash seed. */
  readonly cacheSalt?: string;
  /** Per-request store shared by plugins (llm-d's `PutAttribute`/`GetAttribute`). */
  readonly attributes: Map<string, unknown>;
}

/** Scratch store for one scheduling cycle. */
export type CycleState = Map<string, unknown>;

export interface ScoredEndpoint {
  readonly endpoint: Endpoint;
  /** The raw weighted sum of clamped scores (not normalised by the weights). */
  score: number;
}

export interface ProfileRunResult {
  readonly targetEndpoints: Endpoint[];
  readonly scoredCandidates: ScoredEndpoint[];
}

export interface SchedulingResult {
  /** A profile that ran and failed is stored as `null`. */
  readonly profileResults: Map<string, ProfileRunResult | null>;
  readonly primaryProfileName: string;
}

export type ScorerCategory = 'affinity' | 'distribution' | 'balance';

/** What every plugin instance carries: llm-d's `TypedName()`. */
export interface Plugin {
  readonly type: string;
  readonly name: string;
}

export interface Filter extends Plugin {
  /** Returns the kept endpoints (may be the input array itself). */
  filter(state: CycleState, request: LLMRequest, endpoints: readonly Endpoint[]): readonly Endpoint[];
}

export interface Scorer extends Plugin {
  readonly category: ScorerCategory;
  /**
   * Writes the score of `endpoints[i]` into `out[i]`. `out` arrives filled with NaN; an entry left
   * NaN means "not scored" and adds nothing (llm-d: missing from the map). Out-of-range values are
   * clamped by the cycle runner.
   */
  score(state: CycleState, request: LLMRequest, endpoints: readonly Endpoint[], out: Float64Array): void;
}

export interface Picker extends Plugin {
  pick(state: CycleState, request: LLMRequest, scored: ScoredEndpoint[]): ProfileRunResult;
}

/** A configured profile as the profile handler sees it. */
export interface SchedulerProfile {
  readonly name: string;
}

export interface ProfileHandler extends Plugin {
  /** Names of the profiles to run next; an empty list ends the loop. */
  pickProfiles(
    state: CycleState,
    request: LLMRequest,
    profiles: ReadonlyMap<string, SchedulerProfile>,
    results: ReadonlyMap<string, ProfileRunResult | null>,
  ): readonly string[];
  processResults(
    state: CycleState,
    request: LLMRequest,
    results: Map<string, ProfileRunResult | null>,
  ): SchedulingResult | { error: string };
}

export interface DataProducer extends Plugin {
  /** Qualified data keys written on endpoints (data.ts). */
  readonly produces: readonly string[];
  /** Qualified data keys read; producers of these run first. */
  readonly consumes: readonly string[];
  produce(state: CycleState, request: LLMRequest, endpoints: readonly Endpoint[]): void;
}

export interface PreRequest extends Plugin {
  /** Runs after a successful schedule, just before the request is forwarded. */
  preRequest(request: LLMRequest, result: SchedulingResult): void;
}

/** llm-d's ResponseBody StartOfStream: the first token came back from `endpointName`. */
export interface ResponseStart extends Plugin {
  responseStart(request: LLMRequest, endpointName: string): void;
}

/** llm-d's ResponseBody EndOfStream: the request finished on `endpointName`. */
export interface ResponseComplete extends Plugin {
  responseComplete(request: LLMRequest, endpointName: string): void;
}

/** What a plugin factory gets from its host. */
export interface PluginHandle {
  /** Seeded uniform stream in [0,1); the only randomness plugins may use. */
  rng(): number;
  /** Simulated seconds. */
  now(): number;
  /**
   * Another configured plugin by name (deciders, …). Provided by the scheduler, which wraps the
   * host's handle; look plugins up lazily (at request time), since they are built in config order.
   */
  plugin?(name: string): Plugin | undefined;
  /**
   * The engines' own chained block hashes of a prompt, for the precise prefix index, which keys
   * on the hashes pods report in KV events. A real EPP recomputes them from event token ids; the
   * simulator hands over its pods' hash function here.
   */
  engineBlockHashes?(promptTokens: Int32Array, blockSize: number): ArrayLike<number>;
}

/** A vLLM KV event (BlockStored / BlockRemoved / AllBlocksCleared) from one pod. */
export interface KvEvent {
  readonly pod: string;
  readonly type: 'stored' | 'removed' | 'cleared';
  /** Engine block hashes, in prefix order for `stored`; ignored for `cleared`. */
  readonly hashes: ArrayLike<number>;
  /** vLLM's medium: 'GPU' (default) or 'CPU' for the OffloadingConnector's CPU tier. */
  readonly medium?: 'GPU' | 'CPU';
}

/** Receives KV events (the precise prefix index). */
export interface KvEventSink extends Plugin {
  onKvEvent(event: KvEvent): void;
}

/** P/D deciders (`prefix-based-pd-decider`, …): should this request get a separate prefill? */
export interface PdDecider extends Plugin {
  disaggregate(request: LLMRequest, decodeEndpoint: Endpoint): boolean;
}

/**
 * llm-d's Admitter (request control, after the data producers, before any profile): may reject a
 * request outright; the gateway answers it 429 and it is never scheduled.
 */
export interface Admitter extends Plugin {
  /** undefined: admitted; else why it was rejected. */
  admit(request: LLMRequest, endpoints: readonly Endpoint[]): string | undefined;
}

/** Flow control's saturation detector: pool saturation in [0, ∞), ≥ 1 saturated (also a Filter upstream). */
export interface SaturationDetector extends Plugin {
  saturation(endpoints: readonly Endpoint[]): number;
}

export type ExtensionPoint =
  | 'admitter'
  | 'filter'
  | 'scorer'
  | 'picker'
  | 'profile-handler'
  | 'data-producer'
  | 'pre-request'
  | 'response-start'
  | 'response-complete'
  | 'kv-event-sink'
  | 'pd-decider'
  /** Flow control: reports pool saturation (`saturation(endpoints)`). */
  | 'saturation-detector'
  /** Flow control: the admission ceiling (`ceiling`). */
  | 'usage-limit';

export const isFilter = (p: Plugin): p is Filter => typeof (p as Filter).filter === 'function';
export const isScorer = (p: Plugin): p is Scorer => typeof (p as Scorer).score === 'function';
export const isPicker = (p: Plugin): p is Picker => typeof (p as Picker).pick === 'function';
export const isProfileHandler = (p: Plugin): p is ProfileHandler =>
  typeof (p as ProfileHandler).pickProfiles === 'function';
export const isDataProducer = (p: Plugin): p is DataProducer => typeof (p as DataProducer).produce === 'function';
export const isPreRequest = (p: Plugin): p is PreRequest => typeof (p as PreRequest).preRequest === 'function';
export const isResponseStart = (p: Plugin): p is ResponseStart =>
  typeof (p as ResponseStart).responseStart === 'function';
export const isResponseComplete = (p: Plugin): p is ResponseComplete =>
  typeof (p as ResponseComplete).responseComplete === 'function';

export const isKvEventSink = (p: Plugin): p is KvEventSink => typeof (p as KvEventSink).onKvEvent === 'function';
export const isPdDecider = (p: Plugin): p is PdDecider => typeof (p as PdDecider).disaggregate === 'function';
export const isAdmitter = (p: Plugin): p is Admitter => typeof (p as Admitter).admit === 'function';
export const isSaturationDetector = (p: Plugin | undefined): p is SaturationDetector =>
  typeof (p as SaturationDetector | undefined)?.saturation === 'function';

/** The endpoint the request is forwarded to: the primary profile's first target. */
export function primaryTarget(result: SchedulingResult): Endpoint | undefined {
  return result.profileResults.get(result.primaryProfileName)?.targetEndpoints[0];
}
