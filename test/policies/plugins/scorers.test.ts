import { describe, expect, it } from 'vitest';
import { IN_FLIGHT_LOAD, UNCACHED_REQUEST_TOKENS, PREFIX_CACHE_MATCH_INFO, dataKey } from '../../../src/policies/data.js';
import { parseParams } from '../../../src/policies/plugin.js';
import { activeRequestScorer } from '../../../src/policies/plugins/active-request-scorer.js';
import { kvCacheUtilizationScorer } from '../../../src/policies/plugins/kv-cache-utilization-scorer.js';
import { loadAwareScorer } from '../../../src/policies/plugins/load-aware-scorer.js';
import { prefixCacheScorer } from '../../../src/policies/plugins/prefix-cache-scorer.js';
import { queueScorer } from '../../../src/policies/plugins/queue-scorer.js';
import { runningRequestsSizeScorer } from '../../../src/policies/plugins/running-requests-size-scorer.js';
import { tokenLoadScorer } from '../../../src/policies/plugins/token-load-scorer.js';
import type { Endpoint, Scorer } from '../../../src/policies/types.js';
import { endpoint, make, scores } from '../helpers.js';

const withQueues = (...qs: number[]) => qs.map((q, i) => endpoint(`p${i}`, { waitingQueueSize: q }));
const inflightKey = dataKey(IN_FLIGHT_LOAD, 'inflight-load-producer');
const prefixKey = dataKey(PREFIX_CACHE_MATCH_INFO, 'approx-prefix-cache-producer');
function withInflight(...loads: [number, number][]): Endpoint[] {
  return loads.map(([requests, tokens], i) => {
    const e = endpoint(`p${i}`);
    e.attributes.set(inflightKey, { requests, tokens });
    return e;
  });
}
function withMatch(blockSizeTokens: number, ...m: [number, number][]): Endpoint[] {
  return m.map(([matchBlocks, totalBlocks], i) => {
    const e = endpoint(`p${i}`);
    e.attributes.set(prefixKey, { matchBlocks, totalBlocks, blockSizeTokens });
    return e;
  });
}

describe('queue-scorer', () => {
  const s = make<Scorer>(queueScorer);
  it.each([
    { name: 'min-max over waiting queues', qs: [0, 5, 10], want: [1, 0.5, 0] },
    { name: 'all equal scores 1 for everyone', qs: [3, 3, 3], want: [1, 1, 1] },
    { name: 'single endpoint scores 1', qs: [7], want: [1] },
    { name: 'uneven spread', qs: [2, 4, 10], want: [1, 0.75, 0] },
  ])('$name', ({ qs, want }) => {
    expect(scores(s, withQueues(...qs))).toEqual(want);
  });
  it('is a distribution scorer', () => expect(s.category).toBe('distribution'));
  it('uses stale metrics as they are (no staleness check)', () => {
    const es = [endpoint('a', { waitingQueueSize: 0, updateTime: -100 }), endpoint('b', { waitingQueueSize: 4, updateTime: 0 })];
    expect(scores(s, es)).toEqual([1, 0]);
  });
  it('rejects any parameter', () => {
    const r = parseParams(queueScorer, { threshold: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ path: ['threshold'] });
  });
});

describe('running-requests-size-scorer', () => {
  it('applies the min-max formula to running requests', () => {
    const es = [0, 2, 8].map((r, i) => endpoint(`p${i}`, { runningRequestsSize: r }));
    expect(scores(make<Scorer>(runningRequestsSizeScorer), es)).toEqual([1, 0.75, 0]);
  });
});

describe('kv-cache-utilization-scorer', () => {
  it.each([
    { usage: [0, 0.25, 1], want: [1, 0.75, 0] },
    { usage: [0.5, 0.5], want: [0.5, 0.5] },
  ])('scores 1 − usage for $usage', ({ usage, want }) => {
    const es = usage.map((u, i) => endpoint(`p${i}`, { kvCacheUsagePercent: u }));
    expect(scores(make<Scorer>(kvCacheUtilizationScorer), es)).toEqual(want);
  });
});

describe('load-aware-scorer', () => {
  it.each([
    { name: 'default threshold 128', params: undefined, qs: [0, 64, 128, 500], want: [0.5, 0.25, 0, 0] },
    { name: 'threshold 10', params: { threshold: 10 }, qs: [0, 1, 5, 10], want: [0.5, 0.45, 0.25, 0] },
  ])('$name', ({ params, qs, want }) => {
    expect(scores(make<Scorer>(loadAwareScorer, params), withQueues(...qs))).toEqual(want);
  });
  it('rejects threshold ≤ 0 instead of replacing it', () => {
    const r = parseParams(loadAwareScorer, { threshold: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].path).toEqual(['threshold']);
  });
});

describe('active-request-scorer', () => {
  it.each([
    { name: 'idle endpoints score 1, busiest 0', params: undefined, c: [0, 2, 4], want: [1, 0.5, 0] },
    { name: 'idleThreshold 2 keeps c ≤ 2 at 1', params: { idleThreshold: 2 }, c: [1, 2, 3, 6], want: [1, 1, 0.5, 0] },
    { name: 'maxBusyScore scales the busy scores', params: { maxBusyScore: 0.5 }, c: [0, 1, 4], want: [1, 0.375, 0] },
    { name: 'all idle', params: undefined, c: [0, 0], want: [1, 1] },
  ])('$name', ({ params, c, want }) => {
    const es = withInflight(...c.map((x) => [x, 0] as [number, number]));
    expect(scores(make<Scorer>(activeRequestScorer, params), es)).toEqual(want);
  });
  it('treats an endpoint without InFlightLoad as idle', () => {
    expect(scores(make<Scorer>(activeRequestScorer), [endpoint('a')])).toEqual([1]);
  });
  it('rejects maxBusyScore outside [0,1]', () => {
    expect(parseParams(activeRequestScorer, { maxBusyScore: 1.5 }).ok).toBe(false);
  });
  it('accepts the deprecated requestTimeout', () => {
    expect(parseParams(activeRequestScorer, { requestTimeout: '2m' }).ok).toBe(true);
  });
});

describe('token-load-scorer', () => {
  it.each([
    { name: 'default threshold 4194304', params: undefined, t: [0, 1048576, 4194304, 9e6], want: [1, 0.75, 0, 0] },
    { name: 'threshold 1000', params: { queueThresholdTokens: 1000 }, t: [0, 250, 999], want: [1, 0.75, 0.001] },
  ])('$name', ({ params, t, want }) => {
    const es = withInflight(...t.map((x) => [1, x] as [number, number]));
    const got = scores(make<Scorer>(tokenLoadScorer, params), es);
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 12));
  });
  it('adds the request\'s own uncached tokens on each pod (UncachedRequestTokens)', () => {
    const es = withInflight([1, 500], [1, 500], [0, 0]);
    es[0].attributes.set(dataKey(UNCACHED_REQUEST_TOKENS, 'inflight-load-producer'), 0); // prefix cached there
    es[1].attributes.set(dataKey(UNCACHED_REQUEST_TOKENS, 'inflight-load-producer'), 250);
    expect(scores(make<Scorer>(tokenLoadScorer, { queueThresholdTokens: 1000 }), es)).toEqual([0.5, 0.25, 1]);
  });
  it('no attributes at all: score 1', () => {
    expect(scores(make<Scorer>(tokenLoadScorer), [endpoint('a')])).toEqual([1]);
  });
  it('a threshold ≤ 0 falls back to the default, as upstream', () => {
    const es = withInflight([1, 1048576]);
    expect(scores(make<Scorer>(tokenLoadScorer, { queueThresholdTokens: 0 }), es)[0]).toBeCloseTo(0.75, 12);
    expect(scores(make<Scorer>(tokenLoadScorer, { queueThresholdTokens: -5 }), es)[0]).toBeCloseTo(0.75, 12);
  });
  it('reads the producer named by inFlightLoadProducerName', () => {
    const e = endpoint('a');
    e.attributes.set(dataKey(IN_FLIGHT_LOAD, 'mine'), { requests: 1, tokens: 500 });
    expect(scores(make<Scorer>(tokenLoadScorer, { queueThresholdTokens: 1000, inFlightLoadProducerName: 'mine' }), [e])).toEqual([0.5]);
  });
});

describe('prefix-cache-scorer', () => {
  it.each([
    { name: 'default weight 0: the match ratio', params: undefined, m: [[0, 4], [1, 4], [4, 4]], want: [0, 0.25, 1] },
    {
      name: 'matchLengthWeight 0.5, scale 512, block 64',
      params: { matchLengthWeight: 0.5, matchLengthScaleTokens: 512 },
      // ratio 0.5, len = min(1, 4·64/512)² = 0.25 → 0.375; ratio 1, len min(1, 16·64/512)=1 → 1
      m: [[4, 8], [16, 16]],
      want: [0.375, 1],
    },
    { name: 'zero total blocks scores 0', params: undefined, m: [[0, 0]], want: [0] },
  ])('$name', ({ params, m, want }) => {
    const es = withMatch(64, ...(m as [number, number][]));
    expect(scores(make<Scorer>(prefixCacheScorer, params), es)).toEqual(want);
  });
  it('scores 0 when the attribute is missing', () => {
    expect(scores(make<Scorer>(prefixCacheScorer), [endpoint('a')])).toEqual([0]);
  });
  it('reads the named producer', () => {
    const e = endpoint('a');
    e.attributes.set(dataKey(PREFIX_CACHE_MATCH_INFO, 'precise'), { matchBlocks: 1, totalBlocks: 2, blockSizeTokens: 16 });
    expect(scores(make<Scorer>(prefixCacheScorer, { prefixMatchInfoProducerName: 'precise' }), [e])).toEqual([0.5]);
    expect(scores(make<Scorer>(prefixCacheScorer), [e])).toEqual([0]);
  });
  it('is an affinity scorer', () => expect(make<Scorer>(prefixCacheScorer).category).toBe('affinity'));
});
