import { describe, expect, it } from 'vitest';
import { loadEndpointPickerConfigFile } from '../../../src/policies/config/load.js';
import { createScheduler } from '../../../src/policies/cycle.js';
import { PREFIX_CACHE_MATCH_INFO, dataKey, type PrefixCacheMatchInfo } from '../../../src/policies/data.js';
import { parseDuration } from '../../../src/policies/plugins/duration.js';
import {
  precisePrefixCacheProducer,
  type PrecisePrefixCache,
} from '../../../src/policies/plugins/precise-prefix-cache-producer/index.js';
import { precisePrefixCacheScorer } from '../../../src/policies/plugins/precise-prefix-cache-scorer.js';
import { createDefaultRegistry } from '../../../src/policies/registry.js';
import { primaryTarget, type Endpoint, type PluginHandle, type Scorer } from '../../../src/policies/types.js';
import { endpoint, make, request, resultFor, scores, testHandle, tokens } from '../helpers.js';

/** Engine hashes stand-in: block i of a prompt hashes to its first token id (blocks of 4). */
const engineHandle = (): PluginHandle & { t: number } => {
  const h = testHandle();
  return Object.assign(h, {
    engineBlockHashes: (t: Int32Array, bs: number) => Array.from({ length: Math.floor(t.length / bs) }, (_, i) => t[i * bs]),
  });
};
const KEY = dataKey(PREFIX_CACHE_MATCH_INFO, 'precise-prefix-cache-producer');
const match = (p: PrecisePrefixCache, es: Endpoint[], n: number) => {
  p.produce(new Map(), request(tokens(n)), es);
  return es.map((e) => (e.attributes.get(KEY) as PrefixCacheMatchInfo).matchBlocks);
};
const params = { tokenProcessorConfig: { blockSize: 4 } };

describe('precise-prefix-cache-producer', () => {
  it('credits each pod with its consecutive run of stored blocks from block 0', () => {
    const p = make<PrecisePrefixCache>(precisePrefixCacheProducer, params, engineHandle());
    const es = [endpoint('a'), endpoint('b'), endpoint('c')];
    p.onKvEvent({ pod: 'a', type: 'stored', hashes: [0, 4, 8] });
    p.onKvEvent({ pod: 'b', type: 'stored', hashes: [0, 8, 12] }); // gap at block 1
    p.onKvEvent({ pod: 'c', type: 'stored', hashes: [4, 8] }); // no block 0
    expect(match(p, es, 16)).toEqual([3, 1, 0]);
    expect((es[0].attributes.get(KEY) as PrefixCacheMatchInfo).totalBlocks).toBe(4);
  });
  it('forgets removed blocks and cleared pods (eviction-aware, unlike approx)', () => {
    const p = make<PrecisePrefixCache>(precisePrefixCacheProducer, params, engineHandle());
    const es = [endpoint('a'), endpoint('b')];
    p.onKvEvent({ pod: 'a', type: 'stored', hashes: [0, 4, 8] });
    p.onKvEvent({ pod: 'b', type: 'stored', hashes: [0, 4] });
    p.onKvEvent({ pod: 'a', type: 'removed', hashes: [4] });
    expect(match(p, es, 12)).toEqual([1, 2]);
    p.onKvEvent({ pod: 'b', type: 'cleared', hashes: [] });
    expect(match(p, es, 12)).toEqual([1, 0]);
    expect(p.numIndexedBlocks('b')).toBe(0);
  });
  it('device tiers: CPU-medium blocks count at weight 0.8, GPU at 1.0, the run continuing across tiers', () => {
    const p = make<PrecisePrefixCache>(precisePrefixCacheProducer, params, engineHandle());
    const es = [endpoint('a'), endpoint('b'), endpoint('c')];
    p.onKvEvent({ pod: 'a', type: 'stored', hashes: [0, 4, 8] });
    p.onKvEvent({ pod: 'b', type: 'stored', hashes: [0] });
    p.onKvEvent({ pod: 'b', type: 'stored', hashes: [4, 8], medium: 'CPU' }); // offloaded: GPU 1 + CPU 2
    p.onKvEvent({ pod: 'c', type: 'stored', hashes: [0, 4, 8], medium: 'CPU' });
    p.onKvEvent({ pod: 'c', type: 'stored', hashes: [0] }); // on both tiers: counts as GPU
    const [a, b, c] = match(p, es, 16);
    expect(a).toBe(3);
    expect(b).toBeCloseTo(1 + 2 * 0.8, 12);
    expect(c).toBeCloseTo(1 + 2 * 0.8, 12);
    p.onKvEvent({ pod: 'b', type: 'removed', hashes: [4], medium: 'CPU' }); // CPU eviction breaks b's run
    expect(match(p, es, 16)[1]).toBe(1);
    p.onKvEvent({ pod: 'c', type: 'cleared', hashes: [] }); // a cleared pod forgets both tiers
    expect(match(p, es, 16)[2]).toBe(0);
  });
  it('does not learn from routing unless speculativeIndexing, whose entries expire after the TTL', () => {
    const h = engineHandle();
    const plain = make<PrecisePrefixCache>(precisePrefixCacheProducer, params, h);
    const spec = make<PrecisePrefixCache>(precisePrefixCacheProducer, { ...params, speculativeIndexing: true, speculativeTTL: '500ms' }, h);
    const a = endpoint('a');
    for (const p of [plain, spec]) {
      const r = request(tokens(8));
      p.produce(new Map(), r, [a]);
      p.preRequest(r, resultFor(a));
    }
    expect(match(plain, [a], 8)).toEqual([0]);
    h.t = 0.4;
    expect(match(spec, [a], 8)).toEqual([2]);
    h.t = 0.6;
    expect(match(spec, [a], 8)).toEqual([0]);
  });
  it('falls back to its own full-block hashes without engineBlockHashes', () => {
    const p = make<PrecisePrefixCache>(precisePrefixCacheProducer, params);
    const r = request(tokens(10));
    p.produce(new Map(), r, [endpoint('a')]);
    expect(r.attributes.get('precise-prefix-cache-producer/precise-prefix-cache-producer/hashes')).toHaveLength(2);
  });
  it('the deprecated precise-prefix-cache-scorer scores the match ratio', () => {
    const s = make<PrecisePrefixCache & Scorer>(precisePrefixCacheScorer, params, engineHandle());
    s.onKvEvent({ pod: 'a', type: 'stored', hashes: [0] });
    const es = [endpoint('a'), endpoint('b')];
    const req = request(tokens(8));
    s.produce(new Map(), req, es);
    expect(scores(s, es, req)).toEqual([0.5, 0]);
  });
  it('configs/precise-prefix.yaml routes by KV events dispatched through the scheduler', () => {
    const reg = createDefaultRegistry();
    const r = loadEndpointPickerConfigFile('configs/precise-prefix.yaml', reg);
    if (!r.ok) throw new Error();
    const h = Object.assign(testHandle(), {
      engineBlockHashes: (t: Int32Array, bs: number) => Array.from({ length: Math.floor(t.length / bs) }, (_, i) => t[i * bs] + 1),
    });
    const s = createScheduler(r.config, reg, h);
    s.onKvEvent({ pod: 'b', type: 'stored', hashes: [1, 65] });
    const res = s.schedule(request(tokens(128)), [endpoint('a'), endpoint('b'), endpoint('c')]);
    if ('error' in res) throw new Error(res.error);
    expect(primaryTarget(res)?.name).toBe('b');
  });
  it('parses Go durations', () => {
    expect([parseDuration('200ms'), parseDuration('2s'), parseDuration('1m30s'), parseDuration('2 s')]).toEqual([0.2, 2, 90, undefined]);
  });
});
