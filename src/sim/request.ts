import type { RequestSpec } from './workload/types.js';

/** Life-cycle states, with vLLM's names (`vllm/v1/request.py RequestStatus`). */
export type RequestStatus = 'WAITING' | 'WAITING_FOR_REMOTE_KVS' | 'RUNNING' | 'PREEMPTED' | 'FINISHED';

/**
 * A request's part in P/D disaggregation (vLLM NixlConnector's kv_transfer_params):
 * - 'prefill': the prefill pod's copy (do_remote_decode): max_tokens 1; when it finishes its
 *   blocks are held for the decode pod to pull (delay_free_blocks), then released to the cache;
 * - 'decode': the decode pod's copy (do_remote_prefill): admitted with the whole prompt
 *   allocated, it waits outside the running set while the KV it lacks is pulled, then runs a
 *   1-token prefill and decodes.
 */
export type PdPart = 'none' | 'prefill' | 'decode';

/**
 * KV a waiting request loads from outside the GPU before it can run (vLLM's async connector
 * loads, WAITING_FOR_REMOTE_KVS): pulled from a P/D prefill pod, or read back from the pod's own
 * CPU/NVMe offload tiers.
 */
export interface RemoteKv {
  /** The P/D prefill pod, or −1 for the pod's own offload tiers. */
  podIndex: number;
  /** P/D: the prefill request whose held blocks are released when the pull is done. */
  request: EngineRequest | undefined;
  /** Tokens computed once the load is done (P/D: all but the last; offload: GPU + tier hits). */
  loadedTokens: number;
  /** Set when the KV has arrived (vLLM's finished_recving). */
  ready: boolean;
}

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
  pd: PdPart = 'none';
  /** When the client abandons it (arrival + workload.requestTimeout); Infinity: never. */
  deadline = Infinity;
  /** Aborted at its deadline (it ends FINISHED without its tokens). */
  aborted = false;
  /** Set while KV is being loaded for it from elsewhere (P/D pull or offload tier); then cleared. */
  remote: RemoteKv | undefined;
  /** Prompt tokens found in the CPU / NVMe offload tiers at first admission. */
  numCpuHitTokens = 0;
  numNvmeHitTokens = 0;
  /** For a 'prefill' request: the decode pod it hands its KV to. */
  decodePod = -1;
  /** The tenant class (workload.classes index), for per-class metrics; 0 without classes. */
  classIndex = 0;
  /** The user's request this engine request serves (set by the gateway; a retry re-routes it). */
  spec: RequestSpec | undefined;

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
