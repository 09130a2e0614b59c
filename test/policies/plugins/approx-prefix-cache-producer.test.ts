import { describe, expect, it } from 'vitest';
import { PREFIX_CACHE_MATCH_INFO, dataKey, type PrefixCacheMatchInfo } from '../../../src/policies/data.js';
import { parseParams } from '../../../src/policies/plugin.js';
import {
  approxPrefixCacheProducer,
  type ApproxPrefixCacheProducer,
} from '../../../src/policies/plugins/approx-prefix-cache-producer/index.js';
import { blockHashes, seedHash } from '../../../src/policies/plugins/approx-prefix-cache-producer/hash.js';
import type { Endpoint, LLMRequest } from '../../../src/policies/types.js';
import { endpoint, make, request, resultFor, testHandle, tokens } from '../helpers.js';

const KEY = dataKey(PREFIX_CACHE_MATCH_INFO, 'approx-prefix-cache-producer');
const info = (e: Endpoint) => e.attributes.get(KEY) as PrefixCacheMatchInfo;
const concat = (...parts: Int32Array[]) => Int32Array.from(parts.flatMap((p) => [...p]));

function setup(params?: unknown, handle = testHandle()) {
  const p = make<ApproxPrefixCacheProducer>(approxPrefixCacheProducer, params, handle);
  const pods = [endpoint('p0'), endpoint('p1'), endpoint('p2')];
  /** Produce, then (optionally) route to `to` and record it. Returns [matchBlocks per pod], totalBlocks. */
  const send = (req: LLMRequest, to?: Endpoint, es = pods) => {
    p.produce(new Map(), req, es);
    const got = { match: es.map((e) => info(e).matchBlocks), total: info(es[0]).totalBlocks, bs: info(es[0]).blockSizeTokens };
    if (to) p.preRequest(req, resultFor(to));
    return got;
  };
  return { p, pods, send };
}

describe('approx-prefix-cache hashing', () => {
  it('chains blocks and includes the partial last block', () => {
    const seed = seedHash('m');
    const a = blockHashes(seed, tokens(130), 64, Infinity);
    const b = blockHashes(seed, concat(tokens(128), Int32Array.from([7, 7])), 64, Infinity);
    expect(a.length).toBe(3);
    expect([a[0], a[1]]).toEqual([b[0], b[1]]);
    expect(a[2]).not.toBe(b[2]);
  });
  it('a different first block changes every later hash', () => {
    const seed = seedHash('m');
    const a = blockHashes(seed, tokens(192), 64, Infinity);
    const b = blockHashes(seed, concat(tokens(64, 1000), tokens(128, 64)), 64, Infinity);
    expect(a.some((h, i) => h === b[i])).toBe(false);
  });
  it('the model and salt seed the chain', () => {
    expect(seedHash('m')).not.toBe(seedHash('n'));
    expect(seedHash('m', 'salt')).not.toBe(seedHash('m'));
  });
});

describe('approx-prefix-cache-producer', () => {
  it('clamps the default 16-token block to 64 and counts the partial block', () => {
    const { send } = setup();
    expect(send(request(tokens(130)))).toEqual({ match: [0, 0, 0], total: 3, bs: 64 });
  });
  it('matches the blocks recorded speculatively on the chosen pod', () => {
    const { pods, send } = setup();
    send(request(tokens(192)), pods[1]);
    // same first 128 tokens, different third block: p1 holds 2 of 3
    expect(send(request(concat(tokens(128), tokens(64, 5000))))).toMatchObject({ match: [0, 2, 0], total: 3 });
    expect(send(request(tokens(192)))).toMatchObject({ match: [0, 3, 0] });
  });
  it('stops the walk at the first block no pod holds', () => {
    const { pods, send } = setup();
    send(request(tokens(192)), pods[0]);
    expect(send(request(concat(tokens(64, 999), tokens(128, 64))))).toMatchObject({ match: [0, 0, 0] });
  });
  it('walks greedily over all pods: a pod whose LRU evicted block 0 still counts later blocks', () => {
    const { p, pods, send } = setup({ lruCapacityPerServer: 2 });
    send(request(tokens(192)), pods[1]); // p1 keeps the 2 newest: blocks 1 and 2
    expect(p.numIndexedBlocks('p1')).toBe(2);
    send(request(tokens(64)), pods[0]); // p0 holds block 0
    expect(send(request(tokens(192)))).toMatchObject({ match: [1, 2, 0], total: 3 });
  });
  it('sizes the per-pod LRU from cacheNumBlocks when autoTune is on', () => {
    const { p, send } = setup();
    const small = endpoint('small', { cacheNumBlocks: 1 });
    send(request(tokens(192)), small, [small]);
    expect(p.numIndexedBlocks('small')).toBe(1);
  });
  it('takes the first endpoint cacheBlockSize with autoTune', () => {
    const { send } = setup();
    const es = [endpoint('a', { cacheBlockSize: 128 }), endpoint('b')];
    expect(send(request(tokens(192)), undefined, es)).toMatchObject({ total: 2, bs: 128 });
  });
  it('uses blockSizeTokens when autoTune is off, still at least 64', () => {
    expect(setup({ autoTune: false, blockSizeTokens: 100 }).send(request(tokens(250)))).toMatchObject({ total: 3, bs: 100 });
    expect(setup({ autoTune: false, blockSizeTokens: 16 }).send(request(tokens(250)))).toMatchObject({ total: 4, bs: 64 });
  });
  it('caps the blocks at maxPrefixTokensToMatch / blockSize', () => {
    expect(setup({ maxPrefixTokensToMatch: 128 }).send(request(tokens(1000)))).toMatchObject({ total: 2 });
  });
  it('records the prefill pick too', () => {
    const { p, pods } = setup();
    const req = request(tokens(64));
    p.produce(new Map(), req, pods);
    p.preRequest(req, resultFor(pods[0], pods[2]));
    expect([p.numIndexedBlocks('p0'), p.numIndexedBlocks('p2')]).toEqual([1, 1]);
  });
  it('purges pods that left the pool after 2 minutes', () => {
    const h = testHandle();
    const { p, pods, send } = setup(undefined, h);
    send(request(tokens(64)), pods[2]);
    h.t = 119;
    send(request(tokens(64)), undefined, pods.slice(0, 2));
    expect(p.numIndexedBlocks('p2')).toBe(1);
    h.t = 121;
    send(request(tokens(64)), undefined, pods.slice(0, 2));
    expect(p.numIndexedBlocks('p2')).toBe(0);
  });
  it.each([
    { params: { autoTune: false, blockSizeTokens: 0 }, path: ['blockSizeTokens'] },
    { params: { maxPrefixTokensToMatch: -1 }, path: ['maxPrefixTokensToMatch'] },
    { params: { blockSizeToken: 64 }, path: ['blockSizeToken'] },
  ])('rejects $params', ({ params, path }) => {
    const r = parseParams(approxPrefixCacheProducer, params);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].path).toEqual(path);
  });
});
