/**
 * Workload input shapes. The scenario schema (src/scenario) produces objects of exactly these
 * shapes; the generators in this folder turn them into a stream of RequestSpec.
 */

export type ArrivalSpec =
  | { process: 'poisson'; rate: number }
  | { process: 'gamma'; rate: number; cv: number }
  | { process: 'constant'; rate: number }
  | { process: 'burst' };

export type LengthSpec =
  | { dist: 'fixed'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'normal'; mean: number; stddev: number; min?: number; max?: number }
  | { dist: 'lognormal'; mean: number; stddev?: number; p99?: number; min?: number; max?: number };

export interface SharedPrefixSpec {
  groups: number;
  promptsPerGroup: number;
  systemTokens: number;
  questionTokens: number;
  outputTokens?: number;
}

export interface WorkloadSpec {
  arrival: ArrivalSpec;
  prompt?: LengthSpec;
  output?: LengthSpec;
  prefix?: SharedPrefixSpec;
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
}

/** Lazily, in arrival order; undefined when exhausted. */
export interface RequestSource {
  next(): RequestSpec | undefined;
}
