/**
 * The `workload` section of the scenario schema (DESIGN.md §3): arrival processes, length
 * distributions, shared-prefix corpora, multi-tenant classes, chat sessions, RAG, trace replay and
 * inference-perf import, with the rules across their fields. Split from schema.ts, which
 * re-exports everything here.
 */
import { z } from 'zod';
import { isNum, isRecord, rule, strictObject, type ProblemParams, type Report } from './checks.js';
import type { PathKey } from './problems.js';
import { show } from './wording.js';
import { MAX_LENGTH_TOKENS } from '../sim/workload/lengths.js';

const count = z.int().min(1);
const seconds = z.number().positive();
/** A token count; the bound keeps every prompt allocatable (MAX_LENGTH_TOKENS). */
const tokens = z.int().min(1).max(MAX_LENGTH_TOKENS);
const tokensOrNone = z.int().min(0).max(MAX_LENGTH_TOKENS);

/** z of the standard normal's 99th percentile. */
const Z99 = 2.3263478740408408;
/** A lognormal has p99/mean ≤ exp(z²/2) ≈ 15; beyond it no σ fits (see sim/workload/lengths.ts). */
const MAX_P99_OVER_MEAN = Math.exp((Z99 * Z99) / 2);

// min ≤ max whenever both clamp bounds are given.
const boundsRule = rule<{ min?: number; max?: number }>((v, report) => {
  if (isNum(v.min) && isNum(v.max) && v.max < v.min) {
    report('out_of_range', ['max'], `max (${v.max}) must be ≥ min (${v.min})`, `≥ ${v.min}`);
  }
});

const lognormalRule = rule<{ mean: number; stddev?: number; p99?: number }>((v, report) => {
  if (v.stddev !== undefined && v.p99 !== undefined) {
    report('conflict', ['p99'], 'set stddev or p99, not both');
  } else if (v.stddev === undefined && v.p99 === undefined) {
    report('missing', ['stddev'], 'a lognormal needs stddev or p99');
  }
  if (isNum(v.mean) && isNum(v.p99) && v.p99 <= v.mean) {
    report('out_of_range', ['p99'], `p99 (${v.p99}) must be > mean (${v.mean})`, `> ${v.mean}`);
  }
  if (isNum(v.mean) && isNum(v.p99) && v.p99 > v.mean * MAX_P99_OVER_MEAN) {
    const max = Math.floor(v.mean * MAX_P99_OVER_MEAN * 10) / 10; // rounded down, so the bound shown is accepted
    report('out_of_range', ['p99'], `p99 (${v.p99}) must be ≤ ${max}: no lognormal with this mean has so long a tail`, `≤ ${max}`);
  }
});

/** The zipf sampler tabulates its CDF; see MAX_ZIPF_SPAN in sim/workload/lengths.ts. */
const MAX_ZIPF_SPAN = 1_000_000;
const zipfSpanRule = rule<{ min?: number; max: number }>((v, report) => {
  if (isNum(v.max) && v.max - (isNum(v.min) ? v.min : 1) > MAX_ZIPF_SPAN) {
    report('out_of_range', ['max'], `a zipf length may span at most ${MAX_ZIPF_SPAN} values (max − min)`, `≤ min + ${MAX_ZIPF_SPAN}`);
  }
});

const empiricalRule = rule<{ values?: unknown; path?: unknown; column?: unknown }>((v, report) => {
  if (v.values !== undefined && v.path !== undefined) report('conflict', ['path'], 'set values or path, not both');
  else if (v.values === undefined && v.path === undefined) report('missing', ['values'], 'an empirical length needs values (a list) or path (a CSV file)');
  if (v.column !== undefined && v.path === undefined) report('conflict', ['column'], 'column needs path');
});

export const LengthSpecSchema = z.discriminatedUnion('dist', [
  strictObject({ dist: z.literal('fixed'), value: tokens }),
  strictObject({ dist: z.literal('uniform'), min: tokens, max: tokens }).check(boundsRule),
  strictObject({
    dist: z.literal('normal'),
    mean: z.number().positive().max(MAX_LENGTH_TOKENS),
    stddev: z.number().nonnegative(),
    min: tokens.optional(),
    max: tokens.optional(),
  }).check(boundsRule),
  strictObject({
    dist: z.literal('lognormal'),
    mean: z.number().positive().max(MAX_LENGTH_TOKENS),
    stddev: z.number().positive().optional(),
    p99: z.number().positive().optional(),
    min: tokens.optional(),
    max: tokens.optional(),
  }).check(boundsRule, lognormalRule),
  strictObject({
    dist: z.literal('zipf'),
    s: z.number().positive(),
    min: tokens.default(1),
    max: tokens,
  }).check(boundsRule, zipfSpanRule),
  strictObject({
    dist: z.literal('empirical'),
    values: z.array(tokens).min(1).optional(),
    /** A CSV file with a header row, relative to the scenario file; read by the loader. */
    path: z.string().min(1).optional(),
    /** The CSV column to read (default: the first). */
    column: z.string().min(1).optional(),
  }).check(empiricalRule),
]);

const stageObject = strictObject({ rate: z.number().nonnegative(), duration: seconds });

/** `"rate:duration"` → `{ rate, duration }`, as inference-perf's stage lists read. */
function parseStage(text: string): { rate: number; duration: number } | undefined {
  const m = /^\s*([0-9.eE+-]+)\s*:\s*([0-9.eE+-]+)\s*$/.exec(text);
  if (!m) return undefined;
  const rate = Number(m[1]);
  const duration = Number(m[2]);
  return Number.isFinite(rate) && rate >= 0 && Number.isFinite(duration) && duration > 0 ? { rate, duration } : undefined;
}

const stageString = z
  .string()
  .check((ctx) => {
    if (parseStage(ctx.value)) return;
    const params: ProblemParams = { code: 'invalid_value', expected: 'rate:duration, e.g. 10:30' };
    ctx.issues.push({ code: 'custom', input: ctx.value, message: `expected rate:duration with rate ≥ 0 req/s and duration > 0 s (e.g. 10:30), got ${show(ctx.value)}`, params });
  })
  .transform((t) => parseStage(t)!);

/** A stage item: `{ rate, duration }` or `"rate:duration"`; a string item is checked by stageString. */
const stageItem = z.unknown().transform((v, ctx) => {
  const parsed = typeof v === 'string' ? stageString.safeParse(v, { reportInput: true }) : stageObject.safeParse(v, { reportInput: true });
  if (parsed.success) return parsed.data;
  for (const iss of parsed.error.issues) ctx.issues.push(iss as never);
  return z.NEVER;
});

/** A list of stages, or one string `"3:20, 10:20"` split at commas. */
const stageList = z
  .preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((p) => p.trim()).filter((p) => p.length > 0) : v),
    z.array(stageItem).min(1),
  )
  .check(
    z.superRefine<{ rate: number; duration: number }[]>((stages, ctx) => {
      if (!stages.some((s) => s.rate > 0)) {
        const params: ProblemParams = { code: 'invalid_value', expected: 'a stage with rate > 0' };
        ctx.addIssue({ code: 'custom', input: stages, message: 'every stage has rate 0: no request would arrive', params });
      }
    }),
  );

const diurnalRule = rule<{ rate?: number; amplitude?: number; phase?: number; table?: number[] }>((v, report) => {
  if (v.table !== undefined) {
    if (v.rate !== undefined || v.amplitude !== undefined || v.phase !== undefined) {
      report('conflict', ['table'], 'set table, or rate with amplitude and phase, not both');
    }
    if (Array.isArray(v.table) && !v.table.some((r) => isNum(r) && r > 0)) report('invalid_value', ['table'], 'the rate table needs a rate > 0');
  } else if (v.rate === undefined) {
    report('missing', ['rate'], 'a diurnal arrival needs rate (with amplitude) or table');
  }
});

export const ArrivalSpecSchema = z.discriminatedUnion('process', [
  strictObject({ process: z.literal('poisson'), rate: z.number().positive() }),
  strictObject({ process: z.literal('gamma'), rate: z.number().positive(), cv: z.number().positive() }),
  strictObject({ process: z.literal('constant'), rate: z.number().positive() }),
  strictObject({ process: z.literal('burst') }),
  strictObject({ process: z.literal('weibull'), rate: z.number().positive(), shape: z.number().positive() }),
  strictObject({
    process: z.literal('stages'),
    /** inference-perf's load type: poisson or constant within each stage. */
    type: z.enum(['poisson', 'constant']).default('poisson'),
    /** `[{rate, duration}, ...]`, `["3:20", ...]` or `"3:20, 10:20"` (rate req/s : duration s). */
    stages: stageList,
    /** Seconds with no arrivals between stages (inference-perf's `interval`). */
    interval: z.number().nonnegative().default(0),
    /**
     * true: as inference-perf runs them, each stage sends ⌊rate·duration⌋ requests and the next
     * one starts `interval` s after all of them ended (an imported inference-perf file sets it).
     */
    drain: z.boolean().optional(),
  }),
  strictObject({
    process: z.literal('diurnal'),
    /** Seconds per cycle (a day by default). */
    period: seconds.default(86_400),
    rate: z.number().positive().optional(),
    amplitude: z.number().min(0).max(1).optional(),
    /** Radians added to the sinusoid's argument. */
    phase: z.number().optional(),
    /** Rates (req/s) for equal slots of the period, e.g. 24 hourly rates. */
    table: z.array(z.number().nonnegative()).min(1).optional(),
  }).check(diurnalRule),
]);

/** inference-perf's shared_prefix data type (num_groups, num_prompts_per_group, ...). */
export const SharedPrefixSpecSchema = strictObject({
  groups: count,
  promptsPerGroup: count,
  systemTokens: tokensOrNone,
  questionTokens: tokens,
  outputTokens: tokens.optional(),
});

/**
 * A request trace replayed as the workload (streamed). `path` is relative to the scenario file.
 * Times: (t − first row − window.start) / speed, or rescaled so the window's mean rate is `rate`.
 */
export const TraceSpecSchema = strictObject({
  format: z.enum(['azure', 'burstgpt', 'mooncake']),
  path: z.string().min(1),
  speed: z.number().positive().optional(),
  rate: z.number().positive().optional(),
  window: strictObject({ start: z.number().nonnegative().optional(), end: seconds.optional() })
    .check(
      rule<{ start?: number; end?: number }>((v, report) => {
        if (isNum(v.start) && isNum(v.end) && v.end <= v.start) report('out_of_range', ['end'], `end (${v.end}) must be > start (${v.start})`, `> ${v.start}`);
      }),
    )
    .optional(),
  /** A CSV column whose values name tenant classes (e.g. BurstGPT's `Model`): per-class metrics. */
  classBy: z.string().min(1).optional(),
}).check(
  rule<{ speed?: number; rate?: number; format?: unknown; classBy?: unknown }>((v, report) => {
    if (v.speed !== undefined && v.rate !== undefined) report('conflict', ['rate'], 'set speed or rate, not both: rate rescales time to a mean rate');
    if (v.classBy !== undefined && v.format === 'mooncake') report('conflict', ['classBy'], 'classBy names a CSV column; Mooncake rows have none to class by');
  }),
);

type Shape = { prompt?: unknown; output?: unknown; prefix?: unknown };

/** One request shape: prompts from `prefix` or `prompt`, outputs from exactly one place. */
function checkShape(v: Shape, report: Report, at: PathKey[], requireAll: boolean): void {
  const hasOutput = v.output !== undefined;
  if (v.prefix !== undefined) {
    const prefixOutput = isRecord(v.prefix) && v.prefix.outputTokens !== undefined;
    if (v.prompt !== undefined) {
      report('conflict', [...at, 'prompt'], 'set prompt or prefix, not both: with prefix a prompt is systemTokens + questionTokens');
    }
    if (hasOutput && prefixOutput) report('conflict', [...at, 'output'], 'set output or prefix.outputTokens, not both');
    if (!hasOutput && !prefixOutput && requireAll) report('missing', [...at, 'output'], 'set output or prefix.outputTokens');
    return;
  }
  if (!requireAll) return;
  if (v.prompt === undefined) report('missing', [...at, 'prompt'], 'set prompt and output, or prefix');
  if (!hasOutput) report('missing', [...at, 'output'], 'set output (with prompt or prefix)');
}

// A trace brings its own arrivals and lengths. With classes, each class's shape (its own parts,
// else the workload's) must be complete; the workload's own need not be.
const workloadRule = rule<{ arrival?: unknown; prompt?: unknown; output?: unknown; prefix?: unknown; trace?: unknown; classes?: unknown; sessions?: unknown; rag?: unknown; inferencePerf?: unknown }>((v, report) => {
  if (v.inferencePerf !== undefined) {
    for (const key of ['arrival', 'prompt', 'output', 'prefix', 'classes', 'sessions', 'rag', 'trace'] as const) {
      if (v[key] !== undefined) report('conflict', [key], `set ${key} or inferencePerf, not both: the inference-perf config gives the load stages and the data`);
    }
    return;
  }
  if (v.trace !== undefined) {
    for (const key of ['arrival', 'prompt', 'output', 'prefix', 'classes', 'sessions', 'rag'] as const) {
      if (v[key] !== undefined) report('conflict', [key], `set ${key} or trace, not both: a trace gives each request's arrival time and token counts`);
    }
    return;
  }
  if (v.arrival === undefined) report('missing', ['arrival'], 'set arrival (or trace)');
  const classes = Array.isArray(v.classes) ? v.classes : undefined;
  checkShape(v, report, [], classes === undefined);
  classes?.forEach((c: unknown, i: number) => {
    if (!isRecord(c)) return;
    if (c.prompt !== undefined && c.prefix !== undefined) {
      report('conflict', ['classes', i, 'prompt'], 'set prompt or prefix, not both: with prefix a prompt is systemTokens + questionTokens');
      return;
    }
    const own = c.prompt !== undefined || c.prefix !== undefined;
    const prefix = own ? c.prefix : v.prefix;
    const prefixOutput = isRecord(prefix) && prefix.outputTokens !== undefined;
    const shape: Shape = { prompt: own ? c.prompt : v.prompt, prefix, output: c.output ?? (prefixOutput ? undefined : v.output) };
    if (shape.prompt === undefined && shape.prefix === undefined) {
      report('missing', ['classes', i, 'prompt'], 'set the class prompt (or prefix), or workload.prompt');
    } else if (shape.output === undefined && !prefixOutput) {
      report('missing', ['classes', i, 'output'], 'set the class output, or workload.output');
    } else if (c.output !== undefined && prefixOutput) {
      report('conflict', ['classes', i, 'output'], 'set output or prefix.outputTokens, not both');
    }
  });
});

/**
 * Multi-turn chat: the arrival process starts sessions; each turn after the first arrives
 * `thinkTime` s (mean, exponential) after the previous one finished, with the conversation so far
 * plus `workload.prompt` new user tokens as its prompt.
 */
export const SessionSpecSchema = strictObject({
  /** Turns per session: a count, or a length distribution (e.g. uniform 2..8). */
  turns: z.union([count, LengthSpecSchema]),
  thinkTime: z.number().nonnegative(),
  /** A system prompt shared by every session, in tokens. */
  systemTokens: tokensOrNone.default(0),
  /** New tokens of each later turn (an agent's tool results); default: workload.prompt. */
  followUpTokens: LengthSpecSchema.optional(),
});

/**
 * Retrieval-augmented prompts: system ‖ `docsPerRequest` documents drawn by Zipf popularity from a
 * corpus of `documents` (lengths from `docTokens`) ‖ a question of `workload.prompt` tokens.
 */
export const RagSpecSchema = strictObject({
  documents: count.max(1_000_000),
  docTokens: LengthSpecSchema,
  docsPerRequest: count.default(1),
  /** Zipf exponent of document popularity; 0 is uniform. */
  popularity: z.number().nonnegative().default(1),
  systemTokens: tokensOrNone.default(0),
}).check(
  rule<{ documents?: number; docsPerRequest?: number }>((v, report) => {
    if (isNum(v.documents) && isNum(v.docsPerRequest) && v.docsPerRequest > v.documents) {
      report('out_of_range', ['docsPerRequest'], `docsPerRequest (${v.docsPerRequest}) must be ≤ documents (${v.documents})`, `≤ ${v.documents}`);
    }
  }),
);

const sessionsRule = rule<{ sessions?: unknown; prefix?: unknown; classes?: unknown; rag?: unknown; prompt?: unknown }>((v, report) => {
  if (v.rag !== undefined) {
    if (v.prefix !== undefined) report('conflict', ['rag'], 'set prefix or rag, not both');
    if (v.sessions !== undefined) report('conflict', ['rag'], 'rag with sessions is not supported yet');
  }
  if (v.sessions === undefined) return;
  if (v.prefix !== undefined) report('conflict', ['prefix'], 'set prefix or sessions, not both: a session prompt is the conversation so far');
  if (v.classes !== undefined) report('conflict', ['classes'], 'classes with sessions are not supported yet');
});

/** A tenant class of a multi-tenant mix; unset shape parts come from the workload. */
export const ClassSpecSchema = strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, `_`, `.`, `-`'),
  /** Relative weight of the arrivals (normalised over the classes). */
  share: z.number().positive(),
  prompt: LengthSpecSchema.optional(),
  output: LengthSpecSchema.optional(),
  prefix: SharedPrefixSpecSchema.optional(),
  /** Higher is more important (reported; offered to policies on each request). */
  priority: z.int().default(0),
  /** The class's own SLO targets; unset ones fall back to the scenario's `slo`. */
  slo: strictObject({ ttftP95: seconds.optional(), tpotP95: seconds.optional() }).optional(),
  /** LoRA adapter the class's requests target. */
  adapter: z.string().min(1).optional(),
});

const uniqueClassNames = z.superRefine<unknown[]>((classes, ctx) => {
  const seen = new Map<unknown, number>();
  classes.forEach((c, i) => {
    const name = isRecord(c) ? c.name : undefined;
    if (typeof name !== 'string') return;
    const first = seen.get(name);
    if (first === undefined) seen.set(name, i);
    else ctx.addIssue({ code: 'custom', input: name, path: [i, 'name'], message: `class name \`${name}\` is already used by workload.classes.${first}`, params: { code: 'conflict', expected: 'a unique name' } });
  });
}, { when: (payload) => Array.isArray(payload.value) });

export const WorkloadSpecSchema = strictObject({
  arrival: ArrivalSpecSchema.optional(),
  prompt: LengthSpecSchema.optional(),
  output: LengthSpecSchema.optional(),
  prefix: SharedPrefixSpecSchema.optional(),
  trace: TraceSpecSchema.optional(),
  classes: z.array(ClassSpecSchema).min(1).check(uniqueClassNames).optional(),
  sessions: SessionSpecSchema.optional(),
  /** With rag, `prompt` is the question's length. */
  rag: RagSpecSchema.optional(),
  /** An inference-perf config file (load stages + data), relative to the scenario; the whole workload. */
  inferencePerf: z.string().min(1).optional(),
  /**
   * Seconds after its arrival at which the client abandons an unfinished request (inference-perf's
   * request_timeout); the engine then aborts it and frees its KV. Counted as failed (timedOut).
   */
  requestTimeout: z.number().positive().optional(),
}).check(workloadRule, sessionsRule);

export type ArrivalSpec = z.output<typeof ArrivalSpecSchema>;
export type LengthSpec = z.output<typeof LengthSpecSchema>;
export type SharedPrefixSpec = z.output<typeof SharedPrefixSpecSchema>;
export type TraceSpec = z.output<typeof TraceSpecSchema>;
export type ClassSpec = z.output<typeof ClassSpecSchema>;
