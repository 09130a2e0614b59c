/**
 * Chained block hashes, as vLLM's `hash_block_tokens`: h_i = H(h_{i-1}, tokens of block i).
 * vLLM uses SHA-256 and keeps 64 bits for KV events; we keep 53 bits (a JS safe integer) from a
 * two-lane 32-bit mix, which is plenty to make accidental collisions negligible at simulator
 * scale, and lets a hash be a plain number key. Hashes depend only on token ids, so two pods
 * (and the router's approximate index) agree on them, as pods sharing PYTHONHASHSEED do.
 */

/** Parent hash of block 0 (vLLM's NONE_HASH with a fixed PYTHONHASHSEED). */
export const NONE_HASH = 0x1f3a5c7;

const TWO_POW_32 = 4294967296;
const LOW21 = 0x1fffff;

function finish(h1: number, h2: number): number {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
  h1 = Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b);
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  // 21 high bits from lane 2, 32 low bits from lane 1: a non-negative integer < 2^53.
  return (h2 & LOW21) * TWO_POW_32 + (h1 >>> 0);
}

/** Hash of one full block of `len` tokens of `tokens` starting at `start`, chained to `parent`. */
export function hashBlockTokens(parent: number, tokens: Int32Array, start: number, len: number): number {
  // A block inside the array is a "mixed" block with no output positions: one loop serves both.
  return hashMixedBlock(parent, tokens, 0, start, len);
}

/**
 * Id of the generated token at absolute position `pos` of a request whose outputs are seeded by
 * `salt`. Outputs are synthetic; making them a pure function of (request, position) means a
 * preempted request that recomputes finds its own generated blocks in the cache, as in vLLM.
 */
export function outputTokenId(salt: number, pos: number): number {
  let x = Math.imul(salt ^ pos, 0x2c1b3c6d) ^ 0x297a2d39;
  x = Math.imul(x ^ (x >>> 12), 0x297a2d39);
  return (x ^ (x >>> 15)) & 0x7fffffff;
}

/**
 * Hash of the block covering positions [start, start + len) of the virtual sequence
 * prompt ‖ outputs (outputs given by outputTokenId).
 */
export function hashMixedBlock(
  parent: number,
  prompt: Int32Array,
  salt: number,
  start: number,
  len: number,
): number {
  // Two 32-bit lanes seeded from the parent's low and high words (no array: this runs per block).
  let h1 = (parent >>> 0) ^ 0x9e3779b9;
  let h2 = (Math.floor(parent / TWO_POW_32) >>> 0) ^ 0x7f4a7c15;
  const promptLen = prompt.length;
  for (let i = start, end = start + len; i < end; i++) {
    const t = i < promptLen ? prompt[i] : outputTokenId(salt, i);
    h1 = Math.imul(h1 ^ t, 0x5bd1e995);
    h1 ^= h1 >>> 15;
    h2 = Math.imul(h2 ^ (t + 0x27d4eb2d), 0x1b873593);
    h2 ^= h2 >>> 13;
  }
  return finish(h1, h2);
}

/**
 * Block hashes of every full block of a prompt, cached per prompt array: workloads that reuse a
 * prompt pass the same Int32Array, so a shared-prefix corpus is hashed once, not per request.
 */
export class PromptHashCache {
  private readonly cache = new WeakMap<Int32Array, Float64Array>();

  constructor(readonly blockSize: number) {}

  hashes(prompt: Int32Array): Float64Array {
    let h = this.cache.get(prompt);
    if (!h) {
      const n = Math.floor(prompt.length / this.blockSize);
      h = new Float64Array(n);
      let parent = NONE_HASH;
      for (let i = 0; i < n; i++) {
        parent = hashBlockTokens(parent, prompt, i * this.blockSize, this.blockSize);
        h[i] = parent;
      }
      this.cache.set(prompt, h);
    }
    return h;
  }
}

/**
 * One cache per block size for the whole process: hashes depend on the prompt's ids and the
 * block size only, and a worker runs many simulations of the same corpus (plan's probes).
 */
const SHARED = new Map<number, PromptHashCache>();

export function sharedPromptHashCache(blockSize: number): PromptHashCache {
  let c = SHARED.get(blockSize);
  if (!c) SHARED.set(blockSize, (c = new PromptHashCache(blockSize)));
  return c;
}
