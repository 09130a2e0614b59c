import { describe, expect, it } from 'vitest';
import { contextLengthAware, contextRangeScore, parseContextRange } from '../../../src/policies/plugins/context-length-aware.js';
import type { Filter, Scorer } from '../../../src/policies/types.js';
import { endpoint, make, request, scores, tokens } from '../helpers.js';

const L = 'llm-d.ai/context-length-range';
const pods = () => [
  endpoint('short', { labels: { [L]: '0-2048' } }),
  endpoint('long', { labels: { [L]: '0-8192' } }),
  endpoint('plain'),
  endpoint('broken', { labels: { [L]: '10-5' } }),
];

describe('context-length-aware', () => {
  it('in range: 0.3 + 0.7·(0.7·w + 0.3·h), by hand', () => {
    // 0-2048 at 1000 tokens: w = 1/(1 + 0.2048), h = 1048/2048
    const w = 1 / 1.2048;
    expect(contextRangeScore(1000, 0, 2048)).toBeCloseTo(0.3 + 0.7 * (0.7 * w + 0.3 * (1048 / 2048)), 12);
    expect(contextRangeScore(1000, 0, 2048)).toBeCloseTo(0.8141674, 6);
    expect(contextRangeScore(100, 100, 100)).toBe(1);
  });
  it('out of range: 0.3 ÷ (1 + distance/1000); the nearest range wins', () => {
    expect(contextRangeScore(9000, 0, 8192)).toBeCloseTo(0.3 / 1.808, 12);
    expect(contextRangeScore(9000, 0, 2048)).toBeCloseTo(0.3 / 7.952, 12);
    expect(contextRangeScore(10, 100, 200)).toBeCloseTo(0.3 / 1.09, 12);
  });
  it('parses "min-max" as upstream does', () => {
    expect(parseContextRange('0-2048')).toEqual([0, 2048]);
    expect(parseContextRange(' 16 - 32 ')).toEqual([16, 32]);
    for (const bad of ['', 'abc', '1-2-3', '10-5', '1.5-3']) expect(parseContextRange(bad)).toBeUndefined();
  });
  it('scores the pods: a tighter fitting range first, no label 0.5, a bad label 0', () => {
    const s = make<Scorer>(contextLengthAware);
    const got = scores(s, pods(), request(tokens(1000)));
    expect(got[0]).toBeCloseTo(0.8141674, 6);
    expect(got[1]).toBeLessThan(got[0]);
    expect(got.slice(2)).toEqual([0.5, 0]);
    const long = scores(s, pods(), request(tokens(5000)));
    expect(long[1]).toBeGreaterThan(0.3);
    expect(long[0]).toBeCloseTo(0.3 / (1 + 2952 / 1000), 12);
  });
  it('filters only with enableFiltering: out-of-range and unparsable dropped, unlabelled kept', () => {
    const names = (es: readonly { name: string }[]) => es.map((e) => e.name);
    const off = make<Filter>(contextLengthAware);
    expect(names(off.filter(new Map(), request(tokens(5000)), pods()))).toEqual(['short', 'long', 'plain', 'broken']);
    const on = make<Filter>(contextLengthAware, { enableFiltering: true });
    expect(names(on.filter(new Map(), request(tokens(5000)), pods()))).toEqual(['long', 'plain']);
    expect(names(on.filter(new Map(), request(tokens(100)), pods()))).toEqual(['short', 'long', 'plain']);
  });
  it('refuses an empty label', () => expect(() => make(contextLengthAware, { label: '' })).toThrow(/label/));
});
