import { describe, expect, it } from 'vitest';
import { IN_FLIGHT_LOAD, PREFIX_CACHE_MATCH_INFO, UNCACHED_REQUEST_TOKENS, dataKey } from '../../../src/policies/data.js';
import {
  estimateOutputTokens,
  inflightLoadProducer,
  uncachedInputTokens,
  type InflightLoadProducer,
} from '../../../src/policies/plugins/inflight-load-producer.js';
import { endpoint, make, request, resultFor, tokens } from '../helpers.js';

describe('inflight-load-producer', () => {
  it('counts requests and prompt tokens on the pick, released at completion', () => {
    const p = make<InflightLoadProducer>(inflightLoadProducer);
    const [a, b] = [endpoint('a'), endpoint('b')];
    const r1 = request(tokens(100));
    const r2 = request(tokens(50));
    p.produce(new Map(), r1, [a, b]);
    p.preRequest(r1, resultFor(a));
    p.produce(new Map(), r2, [a, b]);
    p.preRequest(r2, resultFor(a));
    expect(p.load('a')).toEqual({ requests: 2, tokens: 150 });
    p.produce(new Map(), request(), [a, b]);
    expect(a.attributes.get(dataKey(IN_FLIGHT_LOAD, 'inflight-load-producer'))).toEqual({ requests: 2, tokens: 150 });
    p.responseComplete(r1, 'a');
    expect(p.load('a')).toEqual({ requests: 1, tokens: 50 });
    p.responseComplete(r1, 'a'); // a second completion is ignored
    expect(p.load('a')).toEqual({ requests: 1, tokens: 50 });
  });
  it('discounts the cached prefix in whole blocks: (totalBlocks − matchBlocks)·blockSize', () => {
    const p = make<InflightLoadProducer>(inflightLoadProducer);
    const a = endpoint('a');
    a.attributes.set(dataKey(PREFIX_CACHE_MATCH_INFO, 'approx-prefix-cache-producer'), { matchBlocks: 2, totalBlocks: 3, blockSizeTokens: 64 });
    // upstream counts the unmatched (partial) last block whole: (3 − 2)·64, not 150 − 128
    p.preRequest(request(tokens(150)), resultFor(a));
    expect(p.load('a')).toEqual({ requests: 1, tokens: 64 });
  });
  it.each([
    { name: 'no match info: the whole prompt', info: undefined, input: 150, want: 150 },
    { name: 'block size 0: the whole prompt', info: { matchBlocks: 1, totalBlocks: 3, blockSizeTokens: 0 }, input: 150, want: 150 },
    { name: 'full match', info: { matchBlocks: 3, totalBlocks: 3, blockSizeTokens: 64 }, input: 150, want: 0 },
    { name: 'no match: partial last block counted whole', info: { matchBlocks: 0, totalBlocks: 3, blockSizeTokens: 64 }, input: 150, want: 192 },
    { name: 'index capped: the tail past totalBlocks·blockSize is added', info: { matchBlocks: 2, totalBlocks: 2, blockSizeTokens: 64 }, input: 1000, want: 872 },
    { name: 'match > total clamps to 0', info: { matchBlocks: 5, totalBlocks: 3, blockSizeTokens: 64 }, input: 150, want: 0 },
    { name: 'negative input without info', info: undefined, input: -5, want: 0 },
  ])('uncachedInputTokens: $name', ({ info, input, want }) => {
    expect(uncachedInputTokens(info, input)).toBe(want);
  });
  it('reads the match info of prefixMatchInfoProducerName only', () => {
    const p = make<InflightLoadProducer>(inflightLoadProducer, { prefixMatchInfoProducerName: 'precise' });
    const a = endpoint('a');
    a.attributes.set(dataKey(PREFIX_CACHE_MATCH_INFO, 'approx-prefix-cache-producer'), { matchBlocks: 2, totalBlocks: 2, blockSizeTokens: 64 });
    a.attributes.set(dataKey(PREFIX_CACHE_MATCH_INFO, 'precise'), { matchBlocks: 1, totalBlocks: 2, blockSizeTokens: 64 });
    p.preRequest(request(tokens(128)), resultFor(a));
    expect(p.load('a').tokens).toBe(64);
  });
  it.each([
    { name: 'ratio of the full prompt', input: 100, ratio: 1.5, client: undefined, op: undefined, want: 150 },
    { name: 'capped by the client max tokens', input: 100, ratio: 1.5, client: 40, op: undefined, want: 40 },
    { name: 'capped by the operator cap', input: 100, ratio: 1.5, client: 1000, op: 120, want: 120 },
    { name: 'a cap of 0 is a cap', input: 100, ratio: 1.5, client: undefined, op: 0, want: 0 },
    { name: 'rounds half away from zero', input: 3, ratio: 0.5, client: undefined, op: undefined, want: 2 },
    { name: 'no input, no output', input: 0, ratio: 1.5, client: undefined, op: undefined, want: 0 },
  ])('estimateOutputTokens: $name', ({ input, ratio, client, op, want }) => {
    expect(estimateOutputTokens(input, ratio, client, op)).toBe(want);
  });
  it('adds estimated output tokens (prompt·outputRatio, capped) released only at completion', () => {
    const p = make<InflightLoadProducer>(inflightLoadProducer, { addEstimatedOutputTokens: true, maxEstimatedOutputTokens: 120 });
    const a = endpoint('a');
    const r = request(tokens(100), { streaming: true, maxTokens: 1000 });
    p.preRequest(r, resultFor(a)); // 100 prompt + min(150, 1000, 120) output
    expect(p.load('a').tokens).toBe(220);
    p.responseStart(r, 'a');
    expect(p.load('a')).toEqual({ requests: 1, tokens: 120 });
    p.responseComplete(r, 'a');
    expect(p.load('a')).toEqual({ requests: 0, tokens: 0 });
  });
  it('keeps prompt tokens until completion for non-streaming requests', () => {
    const p = make<InflightLoadProducer>(inflightLoadProducer);
    const a = endpoint('a');
    const r = request(tokens(10));
    p.preRequest(r, resultFor(a));
    p.responseStart(r, 'a');
    expect(p.load('a').tokens).toBe(10);
  });
  it('Produce writes each candidate\'s UncachedRequestTokens: uncached prompt (+ output estimate)', () => {
    const key = dataKey(UNCACHED_REQUEST_TOKENS, 'inflight-load-producer');
    const [a, b] = [endpoint('a'), endpoint('b')];
    a.attributes.set(dataKey(PREFIX_CACHE_MATCH_INFO, 'approx-prefix-cache-producer'), { matchBlocks: 2, totalBlocks: 3, blockSizeTokens: 64 });
    make<InflightLoadProducer>(inflightLoadProducer).produce(new Map(), request(tokens(150)), [a, b]);
    expect([a.attributes.get(key), b.attributes.get(key)]).toEqual([64, 150]);
    const withOutput = make<InflightLoadProducer>(inflightLoadProducer, { addEstimatedOutputTokens: true });
    withOutput.produce(new Map(), request(tokens(150), { maxTokens: 100 }), [a, b]);
    expect([a.attributes.get(key), b.attributes.get(key)]).toEqual([164, 250]);
  });
  it('charges the prefill pick as well', () => {
    const p = make<InflightLoadProducer>(inflightLoadProducer);
    const r = request(tokens(10));
    p.preRequest(r, resultFor(endpoint('d'), endpoint('pf')));
    expect([p.load('d').requests, p.load('pf').requests]).toEqual([1, 1]);
    p.responseComplete(r, 'd');
    expect([p.load('d').requests, p.load('pf').requests]).toEqual([0, 0]);
  });
});
