import { describe, expect, it } from 'vitest';
import { IN_FLIGHT_LOAD, PREFIX_CACHE_MATCH_INFO, dataKey } from '../../../src/policies/data.js';
import { parseParams } from '../../../src/policies/plugin.js';
import { byLabelFilter } from '../../../src/policies/plugins/by-label-filter.js';
import { decodeFilter } from '../../../src/policies/plugins/decode-filter.js';
import { encodeFilter } from '../../../src/policies/plugins/encode-filter.js';
import { prefillFilter } from '../../../src/policies/plugins/prefill-filter.js';
import { prefillThroughputTTFTMs, prefixCacheAffinityFilter } from '../../../src/policies/plugins/prefix-cache-affinity-filter.js';
import type { Endpoint, Filter } from '../../../src/policies/types.js';
import { endpoint, make, request, testHandle } from '../helpers.js';

const roles = ['decode', 'prefill', 'prefill-decode', 'both', 'encode', 'encode-prefill', 'encode-prefill-decode', undefined];
const pods = roles.map((r) => endpoint(r ?? 'unlabelled', { labels: r ? { 'llm-d.ai/role': r } : {} }));
const names = (es: readonly Endpoint[]) => es.map((e) => e.name);
const run = (f: Filter, es: Endpoint[]) => f.filter(new Map(), request(), es);

describe('role filters', () => {
  it.each([
    { type: 'decode-filter', def: decodeFilter, want: ['decode', 'prefill-decode', 'both', 'encode-prefill-decode', 'unlabelled'] },
    { type: 'prefill-filter', def: prefillFilter, want: ['prefill', 'prefill-decode', 'both', 'encode-prefill', 'encode-prefill-decode'] },
    { type: 'encode-filter', def: encodeFilter, want: ['encode', 'encode-prefill', 'encode-prefill-decode'] },
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

describe('by-label (deprecated, still registered upstream)', () => {
  it('keeps exact valid values, and unlabelled endpoints only when allowsNoLabel', () => {
    const es = [endpoint('a', { labels: { tier: 'gold' } }), endpoint('b', { labels: { tier: 'silver' } }), endpoint('c')];
    expect(names(run(make<Filter>(byLabelFilter, { label: 'tier', validValues: ['gold'] }), es))).toEqual(['a']);
    expect(names(run(make<Filter>(byLabelFilter, { label: 'tier', validValues: ['gold'], allowsNoLabel: true }), es))).toEqual(['a', 'c']);
    expect(names(run(make<Filter>(byLabelFilter, { label: 'tier', allowsNoLabel: true }), es))).toEqual(['c']);
  });
  it('on the role label, as the old P/D configs used it, matches the role filters', () => {
    const asDecode = make<Filter>(byLabelFilter, { label: 'llm-d.ai/role', validValues: ['decode', 'prefill-decode', 'both', 'encode-prefill-decode'], allowsNoLabel: true });
    expect(names(run(asDecode, pods))).toEqual(names(run(make<Filter>(decodeFilter), pods)));
    expect(names(run(asDecode, [endpoint('r', { role: 'prefill' })]))).toEqual([]);
  });
  it('refuses what upstream refuses: no label, or nothing it could keep', () => {
    expect(parseParams(byLabelFilter, { validValues: ['x'] }).ok).toBe(false);
    const r = parseParams(byLabelFilter, { label: 'tier' });
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([
      "parameter \"validValues\" of by-label: either 'validValues' must be non-empty or 'allowsNoLabel' must be true",
    ]);
  });
});

describe('prefix-cache-affinity-filter', () => {
  const key = dataKey(PREFIX_CACHE_MATCH_INFO, 'approx-prefix-cache-producer');
  const loadKey = dataKey(IN_FLIGHT_LOAD, 'inflight-load-producer');
  /** Endpoints p0, p1, … with match m/10 and (optionally) in-flight tokens. */
  const pods = (m: number[], tokens?: (number | undefined)[]) =>
    m.map((x, i) => {
      const e = endpoint(`p${i}`);
      e.attributes.set(key, { matchBlocks: x, totalBlocks: 10, blockSizeTokens: 64 });
      const t = tokens?.[i];
      if (t !== undefined) e.attributes.set(loadKey, { requests: 1, tokens: t });
      return e;
    });
  const filt = (params?: unknown, handle = testHandle()) => make<Filter>(prefixCacheAffinityFilter, params, handle);

  it.each([
    { name: 'keeps endpoints at or above the default 0.8', params: undefined, m: [10, 8, 7, 0], want: ['p0', 'p1'] },
    { name: 'threshold 0.99 keeps only full matches', params: { affinityThreshold: 0.99 }, m: [10, 9], want: ['p0'] },
    { name: 'nobody sticky: keeps everyone (fail open)', params: undefined, m: [1, 2, 0], want: ['p0', 'p1', 'p2'] },
    { name: 'everyone sticky: keeps everyone', params: undefined, m: [9, 10], want: ['p0', 'p1'] },
    { name: 'threshold 0 disables the filter', params: { affinityThreshold: 0 }, m: [10, 0], want: ['p0', 'p1'] },
    { name: 'a negative threshold disables it too', params: { affinityThreshold: -1 }, m: [10, 0], want: ['p0', 'p1'] },
  ])('$name', ({ params, m, want }) => {
    expect(names(run(filt(params), pods(m)))).toEqual(want);
  });
  it('one endpoint or none: returned as is', () => {
    const one = pods([0]);
    expect(run(filt(), one)).toBe(one);
    expect(run(filt(), [])).toEqual([]);
  });
  it('treats missing prefix info, and totalBlocks 0, as no match', () => {
    const empty = endpoint('empty');
    empty.attributes.set(key, { matchBlocks: 0, totalBlocks: 0, blockSizeTokens: 64 });
    expect(names(run(filt(), [endpoint('cold'), empty, ...pods([10])]))).toEqual(['p0']);
  });
  it('reads the prefix info of prefixMatchInfoProducerName', () => {
    const es = pods([10, 0]);
    es[1].attributes.set(dataKey(PREFIX_CACHE_MATCH_INFO, 'precise'), { matchBlocks: 10, totalBlocks: 10, blockSizeTokens: 64 });
    expect(names(run(filt({ prefixMatchInfoProducerName: 'precise' }), es))).toEqual(['p1']);
  });

  describe('TTFT load gate (ttftSource prefillThroughput)', () => {
    // TTFT_ms = inFlightTokens / peakPrefillThroughput · 1000; defaults 18000 ms and 15928 tok/s,
    // so the gate opens past 286,704 tokens of difference between the best sticky and best other.
    const limit = (18000 * 15928) / 1000;
    it.each([
      { name: 'difference exactly at the penalty: stays sticky', t: [limit, 0], want: ['p0'] },
      { name: 'one token over the penalty: all kept', t: [limit + 1, 0], want: ['p0', 'p1'] },
      { name: 'best (lowest) of each side is compared', t: [limit + 10, 5, 20, 0], m: [10, 10, 0, 0], want: ['p0', 'p1'] },
      { name: 'best other pod loaded too: difference small, sticky', t: [limit + 100, 200], want: ['p0'] },
      { name: 'sticky pod idler than the others: sticky', t: [0, 500000], want: ['p0'] },
      { name: 'absent InFlightLoad counts as 0 tokens', t: [undefined, undefined], want: ['p0'] },
      { name: 'absent on the other pod (0) vs a loaded sticky pod: broken', t: [limit + 1, undefined], want: ['p0', 'p1'] },
    ])('$name', ({ t, m, want }) => {
      expect(names(run(filt(), pods(m ?? [10, 0], t)))).toEqual(want);
    });
    it('scales with peakPrefillThroughput and maxTTFTPenaltyMs', () => {
      // 1000 tokens at 1000 tok/s = 1000 ms; penalty 999 ms → broken, 1000 ms → sticky
      expect(names(run(filt({ peakPrefillThroughput: 1000, maxTTFTPenaltyMs: 999 }), pods([10, 0], [1000, 0])))).toEqual(['p0', 'p1']);
      expect(names(run(filt({ peakPrefillThroughput: 1000, maxTTFTPenaltyMs: 1000 }), pods([10, 0], [1000, 0])))).toEqual(['p0']);
      expect(prefillThroughputTTFTMs(15928, 15928)).toBe(1000);
    });
    it('maxTTFTPenaltyMs 0: always sticky, and no in-flight producer is needed', () => {
      expect(names(run(filt({ maxTTFTPenaltyMs: 0 }), pods([10, 0], [1e9, 0])))).toEqual(['p0']);
      expect(prefixCacheAffinityFilter.consumes!(parsed({ maxTTFTPenaltyMs: 0 }), 'f')).toEqual([key]);
    });
    it('consumes InFlightLoad of inFlightLoadProducerName when the gate is on', () => {
      expect(prefixCacheAffinityFilter.consumes!(parsed({}), 'f')).toEqual([key, loadKey]);
      const es = pods([10, 0], [0, 0]);
      es[0].attributes.set(dataKey(IN_FLIGHT_LOAD, 'mine'), { requests: 1, tokens: 1e9 });
      expect(names(run(filt({ inFlightLoadProducerName: 'mine' }), es))).toEqual(['p0', 'p1']);
    });
  });

  describe('TTFT load gate (ttftSource latencyPredictor)', () => {
    const ttftKey = dataKey('LatencyPredictionInfo', 'predicted-latency-producer');
    const withTTFT = (m: number[], ttft: (number | undefined)[]) => {
      const es = pods(m);
      es.forEach((e, i) => ttft[i] !== undefined && e.attributes.set(ttftKey, { ttft: ttft[i] }));
      return es;
    };
    const f = () => filt({ ttftSource: 'latencyPredictor', maxTTFTPenaltyMs: 5000 });
    it.each([
      { name: 'predicted 5001 ms worse: broken', ttft: [6001, 1000], want: ['p0', 'p1'] },
      { name: 'predicted 5000 ms worse: sticky', ttft: [6000, 1000], want: ['p0'] },
      { name: 'no predictions at all: the gate is skipped', ttft: [undefined, undefined], want: ['p0'] },
      { name: 'no prediction on the sticky pod: never the fastest, broken', ttft: [undefined, 1000], want: ['p0', 'p1'] },
      { name: 'no prediction on the other pod: sticky', ttft: [1e9, undefined], want: ['p0'] },
    ])('$name', ({ ttft, want }) => {
      expect(names(run(f(), withTTFT([10, 0], ttft)))).toEqual(want);
    });
    it('consumes LatencyPredictionInfo, not InFlightLoad', () => {
      expect(prefixCacheAffinityFilter.consumes!(parsed({ ttftSource: 'latencyPredictor' }), 'f')).toEqual([key, ttftKey]);
    });
  });

  describe('exploration', () => {
    it('skips the gate when the draw is below explorationProbability', () => {
      expect(names(run(filt({ explorationProbability: 0.3 }, testHandle([0.29])), pods([10, 0])))).toEqual(['p0', 'p1']);
      expect(names(run(filt({ explorationProbability: 0.3 }, testHandle([0.3])), pods([10, 0])))).toEqual(['p0']);
    });
    it('probability 0 (the default) draws nothing', () => {
      const h = testHandle([0]);
      let draws = 0;
      const rng = h.rng;
      h.rng = () => (draws++, rng());
      run(filt(undefined, h), pods([10, 0]));
      expect(draws).toBe(0);
    });
  });

  it.each([
    { name: 'threshold above 1', params: { affinityThreshold: 1.01 } },
    { name: 'exploration above 1', params: { explorationProbability: 1.5 } },
    { name: 'exploration below 0', params: { explorationProbability: -0.1 } },
    { name: 'negative penalty', params: { maxTTFTPenaltyMs: -1 } },
    { name: 'negative throughput', params: { peakPrefillThroughput: -1 } },
    { name: 'zero throughput with the gate on', params: { peakPrefillThroughput: 0 } },
    { name: 'unknown ttftSource', params: { ttftSource: 'magic' } },
    { name: 'the removed maxTokensInFlightPenalty', params: { maxTokensInFlightPenalty: 286720 } },
  ])('rejects $name', ({ params }) => {
    expect(parseParams(prefixCacheAffinityFilter, params).ok).toBe(false);
  });
  it('accepts zero throughput when the gate is off', () => {
    expect(parseParams(prefixCacheAffinityFilter, { peakPrefillThroughput: 0, maxTTFTPenaltyMs: 0 }).ok).toBe(true);
  });
  it('defaults as upstream', () => {
    expect(parsed({})).toEqual({
      affinityThreshold: 0.8,
      explorationProbability: 0,
      maxTTFTPenaltyMs: 18000,
      ttftSource: 'prefillThroughput',
      peakPrefillThroughput: 15928,
      prefixMatchInfoProducerName: 'approx-prefix-cache-producer',
      latencyPredictionInfoProducerName: 'predicted-latency-producer',
      inFlightLoadProducerName: 'inflight-load-producer',
    });
  });
});

function parsed(params: unknown): never {
  const r = parseParams(prefixCacheAffinityFilter, params);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r.value as never;
}
