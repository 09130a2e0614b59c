import { describe, expect, it } from 'vitest';
import { PREFIX_CACHE_MATCH_INFO, dataKey } from '../../../src/policies/data.js';
import { decodeFilter } from '../../../src/policies/plugins/decode-filter.js';
import { prefillFilter } from '../../../src/policies/plugins/prefill-filter.js';
import { prefixCacheAffinityFilter } from '../../../src/policies/plugins/prefix-cache-affinity-filter.js';
import type { Endpoint, Filter } from '../../../src/policies/types.js';
import { endpoint, make, request } from '../helpers.js';

const roles = ['decode', 'prefill', 'prefill-decode', 'both', 'encode', 'encode-prefill', 'encode-prefill-decode', undefined];
const pods = roles.map((r) => endpoint(r ?? 'unlabelled', { labels: r ? { 'llm-d.ai/role': r } : {} }));
const names = (es: readonly Endpoint[]) => es.map((e) => e.name);
const run = (f: Filter, es: Endpoint[]) => f.filter(new Map(), request(), es);

describe('role filters', () => {
  it.each([
    { type: 'decode-filter', def: decodeFilter, want: ['decode', 'prefill-decode', 'both', 'encode-prefill-decode', 'unlabelled'] },
    { type: 'prefill-filter', def: prefillFilter, want: ['prefill', 'prefill-decode', 'both', 'encode-prefill', 'encode-prefill-decode'] },
  ])('$type keeps the roles in the reference table', ({ def, want }) => {
    expect(names(run(make<Filter>(def), pods))).toEqual(want);
  });
  it('decode-filter returns the same array when nothing is dropped', () => {
    const es = [endpoint('a'), endpoint('b', { role: 'decode' })];
    expect(run(make<Filter>(decodeFilter), es)).toBe(es);
  });
  it('the role field overrides the label', () => {
    const e = endpoint('a', { labels: { 'llm-d.ai/role': 'decode' }, role: 'prefill' });
    expect(names(run(make<Filter>(decodeFilter), [e]))).toEqual([]);
  });
  it('an empty set stays empty', () => expect(run(make<Filter>(prefillFilter), [])).toEqual([]));
});

describe('prefix-cache-affinity-filter', () => {
  const key = dataKey(PREFIX_CACHE_MATCH_INFO, 'approx-prefix-cache-producer');
  const withRatios = (...m: number[]) =>
    m.map((x, i) => {
      const e = endpoint(`p${i}`);
      e.attributes.set(key, { matchBlocks: x, totalBlocks: 10, blockSizeTokens: 64 });
      return e;
    });
  it.each([
    { name: 'keeps endpoints at or above the default 0.8', params: undefined, m: [10, 8, 7, 0], want: ['p0', 'p1'] },
    { name: 'threshold 0.99 keeps only full matches', params: { affinityThreshold: 0.99 }, m: [10, 9], want: ['p0'] },
    { name: 'nobody hot: keeps everyone (fail open)', params: undefined, m: [1, 2, 0], want: ['p0', 'p1', 'p2'] },
    { name: 'everyone hot: keeps everyone', params: undefined, m: [9, 10], want: ['p0', 'p1'] },
  ])('$name', ({ params, m, want }) => {
    expect(names(run(make<Filter>(prefixCacheAffinityFilter, params), withRatios(...m)))).toEqual(want);
  });
  it('treats missing prefix info as no match', () => {
    const es = [endpoint('cold'), ...withRatios(10)];
    expect(names(run(make<Filter>(prefixCacheAffinityFilter), es))).toEqual(['p0']);
  });
});
