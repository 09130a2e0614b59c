/**
 * The router's own chained block hashes over a request's token ids, in the shape of llm-d's
 * `dataproducer/prefixhash/hashing.go`: h0 = H(model ‖ cacheSalt); H_i = H(H_{i−1}, tokens of
 * block i); the last partial block is included. llm-d uses xxh64; we keep 30 bits of a two-lane
 * 32-bit mix, so a hash is a small integer (V8 keeps it unboxed in Maps and Int32Arrays, which makes
 * the router's index several times faster than with 53-bit keys). A false match needs two of the
 * ~2^18 indexed blocks to collide (~1 in 4,000 lookups at 8 pods × 31,250 blocks), negligible
 * beside the index's real approximation (speculative updates). These hashes need not match the
 * pods' own: the approx index is the router's guess, never compared with engine hashes.
 */

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function join(h1: number, h2: number): number {
  return (fmix(h1) ^ Math.imul(fmix(h2), 0x27d4eb2f)) & 0x3fffffff;
}

/** h0: the model name and cache salt (omitted when empty). */
export function seedHash(model: string, cacheSalt = ''): number {
  let h1 = 0x2545f491;
  let h2 = 0x6c8e9cf5;
  const s = cacheSalt === '' ? model : `${model}\u0000${cacheSalt}`;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x5bd1e995);
    h1 ^= h1 >>> 15;
    h2 = Math.imul(h2 ^ (c + 0x27d4eb2d), 0x1b873593);
    h2 ^= h2 >>> 13;
  }
  return join(h1, h2);
}

/** Hash of tokens[start, start+len) chained to `parent`. */
export function hashBlock(parent: number, tokens: Int32Array, start: number, len: number): number {
  let h1 = parent ^ 0x9e3779b9;
  let h2 = Math.imul(parent, 0x85ebca6b) ^ 0x7f4a7c15;
  for (let i = start, end = start + len; i < end; i++) {
    const t = tokens[i];
    h1 = Math.imul(h1 ^ t, 0x5bd1e995);
    h1 ^= h1 >>> 15;
    h2 = Math.imul(h2 ^ (t + 0x27d4eb2d), 0x1b873593);
    h2 ^= h2 >>> 13;
  }
  h1 ^= len; // a partial last block differs from a full one with the same prefix
  return join(h1, h2);
}

/** Chained hashes of every block, the last partial one included, at most `maxBlocks`. */
export function blockHashes(seed: number, tokens: Int32Array, blockSize: number, maxBlocks: number): Int32Array {
  const n = Math.min(Math.ceil(tokens.length / blockSize), maxBlocks);
  const out = new Int32Array(n);
  let parent = seed;
  for (let i = 0; i < n; i++) {
    const start = i * blockSize;
    parent = hashBlock(parent, tokens, start, Math.min(blockSize, tokens.length - start));
    out[i] = parent;
  }
  return out;
}
