import { describe, expect, it } from 'vitest';
import { PREFIX_CACHE_MATCH_INFO, dataKey } from '../../../src/policies/data.js';
import { parseParams } from '../../../src/policies/plugin.js';
import { labelSelectorFilter } from '../../../src/policies/plugins/label-selector-filter.js';
import { loraAffinityScorer } from '../../../src/policies/plugins/lora-affinity-scorer.js';
import { noHitLruScorer } from '../../../src/policies/plugins/no-hit-lru-scorer.js';
import { SESSION_RESPONSE_HEADER_ATTRIBUTE, sessionAffinityScorer } from '../../../src/policies/plugins/session-affinity-scorer.js';
import { sessionAffinityFilter } from '../../../src/policies/plugins/session-affinity-filter.js';
import { utilizationDetector, type UtilizationDetector } from '../../../src/policies/plugins/utilization-detector.js';
import type { Endpoint, Filter, PreRequest, Scorer } from '../../../src/policies/types.js';
import { endpoint, make, request, resultFor, scores, testHandle } from '../helpers.js';

const names = (es: readonly Endpoint[]) => es.map((e) => e.name);

describe('utilization-detector', () => {
  const h = testHandle();
  h.t = 10;
  const d = make<UtilizationDetector>(utilizationDetector, undefined, h);
  const es = [
    endpoint('ok', { waitingQueueSize: 5, kvCacheUsagePercent: 0.8, updateTime: 10 }),
    endpoint('queued', { waitingQueueSize: 6, updateTime: 10 }),
    endpoint('full', { kvCacheUsagePercent: 0.81, updateTime: 10 }),
    endpoint('stale', { updateTime: 9.7 }),
  ];
  it('filters out stale, queued beyond 5 and kv beyond 0.8', () => {
    expect(names(d.filter(new Map(), request(), es))).toEqual(['ok']);
  });
  it('keeps everyone when everyone would go (fail open)', () => {
    expect(names(d.filter(new Map(), request(), es.slice(1)))).toEqual(['queued', 'full', 'stale']);
  });
  it('saturation is the mean of max(q/5, kv/0.8), stale counting 1', () => {
    // ok: max(1, 1) = 1; queued: 1.2; full: 1.0125; stale: 1
    expect(d.saturation(es)).toBeCloseTo((1 + 1.2 + 1.0125 + 1) / 4, 12);
    expect(d.saturation([])).toBe(1);
  });
  it('headroom widens the limits', () => {
    const wide = make<UtilizationDetector>(utilizationDetector, { headroom: 0.2 }, h);
    expect(names(wide.filter(new Map(), request(), es))).toEqual(['ok', 'queued', 'full']);
  });
});

describe('label-selector-filter', () => {
  const es = [
    endpoint('a', { labels: { tier: 'gpu', zone: 'x' } }),
    endpoint('b', { labels: { tier: 'cpu', zone: 'y' } }),
    endpoint('c', { labels: { tier: 'gpu' } }),
  ];
  it.each([
    { params: { matchLabels: { tier: 'gpu' } }, want: ['a', 'c'] },
    { params: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['x', 'y'] }] }, want: ['a', 'b'] },
    { params: { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['x'] }] }, want: ['b', 'c'] },
    { params: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, want: ['a', 'b'] },
    { params: { matchLabels: { tier: 'gpu' }, matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, want: ['c'] },
  ])('$params', ({ params, want }) => {
    expect(names(make<Filter>(labelSelectorFilter, params).filter(new Map(), request(), es))).toEqual(want);
  });
  it('rejects In without values', () => {
    expect(parseParams(labelSelectorFilter, { matchExpressions: [{ key: 'k', operator: 'In' }] }).ok).toBe(false);
  });
});

describe('lora-affinity-scorer', () => {
  it('scores active 1, free slot 0.8, waiting 0.6, else 0', () => {
    const es = [
      endpoint('active', { activeModels: ['lora-a'], maxActiveModels: 1 }),
      endpoint('room', { activeModels: ['x'], maxActiveModels: 2 }),
      endpoint('waiting', { activeModels: ['x'], waitingModels: ['lora-a'], maxActiveModels: 2 }),
      endpoint('none', { activeModels: ['x'], maxActiveModels: 1 }),
    ];
    expect(scores(make<Scorer>(loraAffinityScorer), es, request([], { model: 'lora-a' }))).toEqual([1, 0.8, 0.6, 0]);
  });
});

describe('no-hit-lru-scorer', () => {
  const key = dataKey(PREFIX_CACHE_MATCH_INFO, 'approx-prefix-cache-producer');
  const cold = (...ns: string[]) =>
    ns.map((n) => {
      const e = endpoint(n);
      e.attributes.set(key, { matchBlocks: 0, totalBlocks: 4, blockSizeTokens: 64 });
      return e;
    });
  it('scores never-used pods first, then used ones oldest first', () => {
    const s = make<Scorer & PreRequest>(noHitLruScorer);
    const es = cold('a', 'b', 'c');
    expect(scores(s, es)).toEqual([1, 0.5, 0]);
    const r = request();
    scores(s, es, r);
    s.preRequest(r, resultFor(es[0])); // a becomes used
    // never used: b (1), c (0.5); used: a at lruPos 0 → 1 − (2 + 0)/2 = 0
    expect(scores(s, es)).toEqual([0, 1, 0.5]);
  });
  it('warm requests score 0.5 everywhere and do not touch the LRU', () => {
    const s = make<Scorer & PreRequest>(noHitLruScorer);
    const es = cold('a', 'b');
    es[1].attributes.set(key, { matchBlocks: 1, totalBlocks: 4, blockSizeTokens: 64 });
    const r = request();
    expect(scores(s, es, r)).toEqual([0.5, 0.5]);
    s.preRequest(r, resultFor(es[0]));
    expect(scores(s, cold('a', 'b'))).toEqual([1, 0]);
  });
  it('a single candidate scores 1', () => expect(scores(make<Scorer>(noHitLruScorer), cold('a'))).toEqual([1]));
});

describe('session-affinity-scorer', () => {
  it('encoded_endpoint_header: the base64 token names the pod; the pick is handed back', () => {
    const s = make<Scorer & PreRequest>(sessionAffinityScorer);
    const es = [endpoint('ns/a'), endpoint('ns/b')];
    const token = Buffer.from('ns/b').toString('base64');
    expect(scores(s, es, request([], { headers: { 'x-session-token': token } }))).toEqual([0, 1]);
    expect(scores(s, es)).toEqual([0, 0]);
    const r = request();
    s.preRequest(r, resultFor(es[0]));
    expect(r.attributes.get(SESSION_RESPONSE_HEADER_ATTRIBUTE)).toEqual({ header: 'x-session-token', value: Buffer.from('ns/a').toString('base64') });
  });
  it('session_id: binds the session to its pick and expires after the TTL', () => {
    const h = testHandle();
    const s = make<Scorer & PreRequest>(sessionAffinityScorer, { strategy: 'session_id', sessionIdConfig: { evictionTtlSeconds: 60 } }, h);
    const es = [endpoint('a'), endpoint('b')];
    const req = () => request([], { headers: { 'x-session-id': 'S' } });
    expect(scores(s, es, req())).toEqual([0, 0]);
    s.preRequest(req(), resultFor(es[1]));
    h.t = 59;
    expect(scores(s, es, req())).toEqual([0, 1]);
    h.t = 200;
    expect(scores(s, es, req())).toEqual([0, 0]);
  });
});

describe('session-affinity-filter (the hard pin)', () => {
  const names = (es: readonly { name: string }[]) => es.map((e) => e.name);
  it('keeps only the session pod when it is a candidate; otherwise every candidate (never empty)', () => {
    const f = make<Filter & PreRequest>(sessionAffinityFilter);
    const es = [endpoint('a'), endpoint('b'), endpoint('c')];
    const withToken = (pod: string) => request([], { headers: { 'x-session-token': Buffer.from(pod).toString('base64') } });
    expect(names(f.filter(new Map(), withToken('b'), es))).toEqual(['b']);
    expect(f.filter(new Map(), withToken('gone'), es)).toBe(es);
    expect(f.filter(new Map(), request(), es)).toBe(es);
    const r = request();
    f.preRequest(r, resultFor(es[2]));
    expect(r.attributes.get(SESSION_RESPONSE_HEADER_ATTRIBUTE)).toEqual({ header: 'x-session-token', value: Buffer.from('c').toString('base64') });
  });
  it('session_id: pins after the first pick, and the binding follows a request sent elsewhere', () => {
    const f = make<Filter & PreRequest>(sessionAffinityFilter, { strategy: 'session_id' });
    const es = [endpoint('a'), endpoint('b')];
    const req = () => request([], { headers: { 'x-session-id': 'S' } });
    expect(f.filter(new Map(), req(), es)).toBe(es);
    f.preRequest(req(), resultFor(es[0]));
    expect(names(f.filter(new Map(), req(), es))).toEqual(['a']);
    expect(names(f.filter(new Map(), req(), [es[1]]))).toEqual(['b']); // a gone: pass through
    f.preRequest(req(), resultFor(es[1]));
    expect(names(f.filter(new Map(), req(), es))).toEqual(['b']);
  });
});
