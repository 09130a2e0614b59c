import { describe, expect, it } from 'vitest';
import { IN_FLIGHT_LOAD, PREFIX_CACHE_MATCH_INFO, dataKey } from '../../../src/policies/data.js';
import {
  inflightLoadProducer,
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
  it('discounts the cached prefix: only uncached prompt tokens count', () => {
    const p = make<InflightLoadProducer>(inflightLoadProducer);
    const a = endpoint('a');
    a.attributes.set(dataKey(PREFIX_CACHE_MATCH_INFO, 'approx-prefix-cache-producer'), { matchBlocks: 2, totalBlocks: 3, blockSizeTokens: 64 });
    p.preRequest(request(tokens(150)), resultFor(a));
    expect(p.load('a')).toEqual({ requests: 1, tokens: 22 });
  });
  it('adds estimated output tokens (prompt·outputRatio, capped) released only at completion', () => {
    const p = make<InflightLoadProducer>(inflightLoadProducer, { addEstimatedOutputTokens: true, maxEstimatedOutputTokens: 120 });
    const a = endpoint('a');
    const r = request(tokens(100), { streaming: true });
    p.preRequest(r, resultFor(a)); // 100 prompt + min(150, 120) output
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
  it('charges the prefill pick as well', () => {
    const p = make<InflightLoadProducer>(inflightLoadProducer);
    const r = request(tokens(10));
    p.preRequest(r, resultFor(endpoint('d'), endpoint('pf')));
    expect([p.load('d').requests, p.load('pf').requests]).toEqual([1, 1]);
    p.responseComplete(r, 'd');
    expect([p.load('d').requests, p.load('pf').requests]).toEqual([0, 0]);
  });
});
