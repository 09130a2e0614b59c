/**
 * Workload input shapes. The scenario schema (src/scenario) produces objects of exactly these
 * shapes; the generators in this folder turn them into a stream of RequestSpec.
 */

/** One load stage: `rate` req/s for `duration` seconds (inference-perf's `stages`). */
export interface StageSpec {
  rate: number;
  duration: number;
}

export type ArrivalSpec =
  | { process: 'poisson'; rate: number }
  | { process: 'gamma'; rate: number; cv: number }
  | { process: 'weibull'; rate: number; shape: number }
  | { process: 'constant'; rate: number }
  | { process: 'burst' }
  /**
   * `drain`: run the stages as inference-perf's load generator does: each stage sends exactly
   * ⌊rate·duration⌋ requests, and the next stage begins only once all of them have ended
   * (completed, failed or timed out), `interval` s later (see arrivals.ts createDrainedStages).
   */
  | { process: 'stages'; type: 'poisson' | 'constant'; stages: StageSpec[]; interval: number; drain?: boolean }
  /**
   * A daily (or any `period`) cycle: a sinusoid `rate·(1 + amplitude·sin(2πt/period + phase))`, or a
   * `table` of rates, one per equal slot of the period, repeated.
   */
  | { process: 'diurnal'; period: number; rate?: number; amplitude?: number; phase?: number; table?: number[] };

export type LengthSpec =
  | { dist: 'fixed'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'normal'; mean: number; stddev: number; min?: number; max?: number }
  | { dist: 'lognormal'; mean: number; stddev?: number; p99?: number; min?: number; max?: number }
  | { dist: 'zipf'; s: number; min: number; max: number }
  /** `values` inline, or read from the CSV `path` (column `column`) by the scenario loader before the run. */
  | { dist: 'empirical'; values?: readonly number[]; path?: string; column?: string };

export interface SharedPrefixSpec {
  groups: number;
  promptsPerGroup: number;
  systemTokens: number;
  questionTokens: number;
  outputTokens?: number;
}

/**
 * One tenant class of a multi-tenant mix: its share of the arrivals and its own request shape
 * (prompt/output/prefix; each falls back to the workload's), priority, SLO and LoRA adapter.
 */
export interface ClassSpec {
  name: string;
  share: number;
  prompt?: LengthSpec;
  output?: LengthSpec;
  prefix?: SharedPrefixSpec;
  priority: number;
  slo?: { ttftP95?: number; tpotP95?: number };
  /** LoRA adapter name the class's requests target (reported; the engine does not price adapters yet). */
  adapter?: string;
}

/** Retrieval-augmented generation: system ‖ retrieved documents ‖ question (workload.prompt). */
export interface RagSpec {
  documents: number;
  docTokens: LengthSpec;
  docsPerRequest: number;
  /** Zipf exponent of document popularity (0: uniform). */
  popularity: number;
  systemTokens: number;
}

export interface WorkloadSpec {
  /** Absent only when a trace gives the arrivals (SimConfig.trace). */
  arrival?: ArrivalSpec;
  prompt?: LengthSpec;
  output?: LengthSpec;
  prefix?: SharedPrefixSpec;
  classes?: ClassSpec[];
  sessions?: SessionSpec;
  rag?: RagSpec;
  /** Seconds after arrival at which the client abandons an unfinished request. */
  requestTimeout?: number;
}

export interface StopSpec {
  requests?: number;
  duration?: number;
  warmup: number;
}

/** One request as the simulator receives it. */
export interface RequestSpec {
  id: number; // 0,1,2,... in arrival order
  arrivalTime: number; // simulated seconds, non-decreasing
  promptTokens: Int32Array; // token ids; identical prompts SHARE the same Int32Array object (the KV layer caches block hashes per array)
  maxTokens: number; // output tokens to generate (ignore_eos: exact), ≥ 1
  group?: number; // shared-prefix group, for reporting
  classIndex?: number; // index into workload.classes (absent: no classes)
  priority?: number; // the class's priority (higher first), for policies that read it
  adapter?: string; // the class's LoRA adapter, if any
  stage?: number; // drained load stages: the stage that sent it
  session?: SessionClient; // a chat session's turn: what its client keeps between turns (shared by its turns)
}

/**
 * What a chat client keeps between a session's turns, as one that uses llm-d's session affinity
 * does: it sends its session id (header `x-session-id`) on every turn and echoes the session token
 * the gateway returned on the previous response (`x-session-token`). Without a session plugin in
 * the EPP config neither header changes anything.
 */
export interface SessionClient {
  readonly id: string;
  /** The response header the gateway last returned, echoed on the next turn. */
  echo?: { header: string; value: string };
}

/** Lazily, in arrival order; undefined when exhausted. */
export interface RequestSource {
  next(): RequestSpec | undefined;
  /**
   * Feedback from the run: request `id` finished at `time`. A source whose later requests depend
   * on earlier ones finishing (a chat session's next turn) returns the request this releases; it
   * may arrive before requests already returned by next(), so the caller schedules it itself.
   */
  onFinish?(id: number, time: number): RequestSpec | undefined;
  /** Request `id` was rejected (e.g. its context outgrew maxModelLen): it will never finish. */
  onReject?(id: number): void;
  /**
   * Drained load stages: true when next() returned undefined only because the stage in flight
   * must end first; onDrained(now) (every request so far has ended) starts the next stage.
   */
  readonly waitingForDrain?: boolean;
  onDrained?(now: number): void;
}

/**
 * Multi-turn chat sessions: the arrival process starts sessions; a session's next turn arrives
 * `thinkTime` (mean, exponential) after its previous turn finished, and its prompt is the whole
 * conversation so far (previous prompt ‖ previous answer ‖ new user tokens drawn from
 * workload.prompt), so prefix reuse is real and grows turn by turn.
 */
export interface SessionSpec {
  turns: number | LengthSpec;
  thinkTime: number;
  /** Tokens of a system prompt shared by every session (0: none). */
  systemTokens: number;
  /** New tokens of each turn after the first (an agent's tool results); default workload.prompt. */
  followUpTokens?: LengthSpec;
}

/** One request of a replayed trace, its time already on the simulated clock (non-decreasing). */
export interface TraceRow {
  time: number;
  inputTokens: number;
  outputTokens: number;
  /** Mooncake: ids of the prompt's leading `blockTokens`-token blocks; equal ids = equal tokens. */
  hashIds?: readonly number[];
  /** The row's tenant class (the trace's `classBy` column). */
  label?: string;
}

/**
 * A trace handed to the simulator: rows pulled one at a time (the sim reads no files), so memory
 * is bounded by the requests in flight, not by the trace's length.
 */
export interface TraceReplay {
  /** Opens the rows from the start; each simulation opens its own reader. */
  open(): { next(): TraceRow | undefined };
  /** Tokens per hash id (Mooncake: 512). */
  blockTokens: number;
  /** Reported in the summary. */
  stats: { file: string; format: string; rows: number; emptyRows: number; skippedBadRows: number; timeScale: number };
  /** Tenant classes by the trace's `classBy` column, with their share of the rows; absent without. */
  classes?: { name: string; share: number }[];
}
