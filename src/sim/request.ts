/** Life-cycle states, with vLLM's names (`vllm/v1/request.py RequestStatus`). */
export type RequestStatus = 'WAITING' | 'RUNNING' | 'PREEMPTED' | 'FINISHED';

/**
 * One request inside an engine pod. Token accounting follows vLLM V1: there are no prefill or
 * decode phases, only `numComputedTokens` catching up with `numTokens` (prompt + outputs).
 * A step that brings them level samples one new output token.
 */
export class EngineRequest {
  status: RequestStatus = 'WAITING';
  numOutputTokens = 0;
  numComputedTokens = 0;
  /** KV block ids in token order. */
  readonly blocks: number[] = [];
  /** How many leading entries of `blocks` are hashed into the prefix cache. */
  numCachedBlocks = 0;
  /** Full-block hashes of the prompt (shared across requests using the same prompt array). */
  promptHashes: Float64Array | undefined;
  /** Hashes of full blocks past the prompt's full blocks (they include generated tokens). */
  readonly extraHashes: number[] = [];
  numPreemptions = 0;
  /** Prompt tokens found in the prefix cache at first admission. */
  numCachedPromptTokens = 0;
  firstTokenTime = -1;
  /** When the latest output token was emitted (for inter-token latency). */
  lastTokenTime = -1;
  finishTime = -1;
  /** The tenant class (workload.classes index), for per-class metrics; 0 without classes. */
  classIndex = 0;

  constructor(
    readonly id: number,
    readonly arrivalTime: number,
    readonly prompt: Int32Array,
    readonly maxTokens: number,
    /** Seeds the synthetic ids of generated tokens (see outputTokenId). */
    readonly salt: number,
    /** When the request reached this pod (arrival + routing). */
    readonly enqueueTime: number,
  ) {}

  get numPromptTokens(): number {
    return this.prompt.length;
  }

  get numTokens(): number {
    return this.prompt.length + this.numOutputTokens;
  }
}
