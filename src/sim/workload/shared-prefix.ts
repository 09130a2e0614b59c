import type { Uniform } from '../rng.js';
import type { SharedPrefixSpec } from './types.js';
import { drawTokenSeed, fillTokens } from './tokens.js';

/** One corpus entry: the prompt's ids (the same object every time it is used) and its group. */
export interface SharedPrefixPrompt {
  tokens: Int32Array;
  group: number;
}

/**
 * inference-perf's `shared_prefix` data generator
 * (inference_perf/datagen/synthetic/shared_prefix_datagen.py): `groups` system prompts of
 * `systemTokens` random ids, each followed by `promptsPerGroup` questions of `questionTokens`
 * random ids. The groups × promptsPerGroup prompts are shuffled once; request i uses entry
 * i mod size, so the corpus cycles rather than being sampled per request.
 *
 * Every prompt is one Int32Array (system ‖ question), built on first use and then reused, so the
 * KV layer's per-array block-hash cache sees identical prompts as one object. All seeds and the
 * shuffle are drawn up front, so the ids do not depend on the order in which entries are built.
 * Memory is bounded by the corpus (groups × promptsPerGroup × prompt length), not by requests.
 */
export class SharedPrefixCorpus {
  readonly size: number;
  readonly promptTokens: number;
  private readonly systemSeeds: Uint32Array;
  private readonly questionSeeds: Uint32Array;
  /** order[k] = the (group·promptsPerGroup + question) slot used at position k of the cycle. */
  private readonly order: Int32Array;
  private readonly prompts: (SharedPrefixPrompt | undefined)[];

  constructor(
    private readonly spec: SharedPrefixSpec,
    uniform: Uniform,
    private readonly vocabSize: number,
  ) {
    const { groups, promptsPerGroup, systemTokens, questionTokens } = spec;
    checkCount('groups', groups, 1);
    checkCount('promptsPerGroup', promptsPerGroup, 1);
    checkCount('systemTokens', systemTokens, 0);
    checkCount('questionTokens', questionTokens, 0);
    this.promptTokens = systemTokens + questionTokens;
    if (this.promptTokens < 1) throw new RangeError('shared-prefix prompts need at least one token');
    this.size = groups * promptsPerGroup;

    this.systemSeeds = new Uint32Array(groups);
    for (let g = 0; g < groups; g++) this.systemSeeds[g] = drawTokenSeed(uniform);
    this.questionSeeds = new Uint32Array(this.size);
    for (let s = 0; s < this.size; s++) this.questionSeeds[s] = drawTokenSeed(uniform);

    // Fisher–Yates shuffle of the slots.
    this.order = new Int32Array(this.size);
    for (let s = 0; s < this.size; s++) this.order[s] = s;
    for (let k = this.size - 1; k > 0; k--) {
      const j = Math.floor(uniform() * (k + 1));
      const tmp = this.order[k];
      this.order[k] = this.order[j];
      this.order[j] = tmp;
    }
    this.prompts = builtPrompts(`${vocabSize}:${promptsPerGroup}:${systemTokens}:${questionTokens}:${this.systemSeeds.join(',')}:${this.questionSeeds.join(',')}`, this.size);
  }

  /** The prompt for request number `i` (0-based, in arrival order). */
  promptFor(i: number): SharedPrefixPrompt {
    const slot = this.order[i % this.size];
    return this.prompts[slot] ?? (this.prompts[slot] = this.build(slot));
  }

  private build(slot: number): SharedPrefixPrompt {
    const group = Math.floor(slot / this.spec.promptsPerGroup);
    const sys = this.spec.systemTokens;
    const tokens = new Int32Array(this.promptTokens);
    fillTokens(tokens, this.systemSeeds[group], this.vocabSize, 0, sys);
    fillTokens(tokens, this.questionSeeds[slot], this.vocabSize, sys, tokens.length);
    return { tokens, group };
  }
}

/**
 * The built prompts of the last few corpora, shared by the simulations of one process (a worker
 * runs many probes of one workload): the key holds everything the ids depend on, and prompts are
 * never written after they are built.
 */
const BUILT = new Map<string, (SharedPrefixPrompt | undefined)[]>();
const MAX_BUILT = 4;

function builtPrompts(key: string, size: number): (SharedPrefixPrompt | undefined)[] {
  let prompts = BUILT.get(key);
  if (!prompts) {
    prompts = new Array<SharedPrefixPrompt | undefined>(size);
    if (BUILT.size >= MAX_BUILT) BUILT.delete(BUILT.keys().next().value!);
    BUILT.set(key, prompts);
  }
  return prompts;
}

function checkCount(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) {
    throw new RangeError(`shared-prefix ${name} must be an integer ≥ ${min}, got ${v}`);
  }
}
