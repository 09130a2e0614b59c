import { describe, expect, it } from 'vitest';
import { maxScorePicker } from '../../../src/policies/plugins/max-score-picker.js';
import { randomPicker } from '../../../src/policies/plugins/random-picker.js';
import { roundRobinPicker } from '../../../src/policies/plugins/round-robin-picker.js';
import { weightedRandomPicker } from '../../../src/policies/plugins/weighted-random-picker.js';
import { parseParams } from '../../../src/policies/plugin.js';
import type { Picker, ScoredEndpoint } from '../../../src/policies/types.js';
import { make, request, scored, testHandle } from '../helpers.js';

const pick = (p: Picker, s: ScoredEndpoint[]) => p.pick(new Map(), request(), s).targetEndpoints.map((e) => e.name);

describe('max-score-picker', () => {
  it('picks the highest score', () => {
    expect(pick(make<Picker>(maxScorePicker), scored(['a', 1], ['b', 3], ['c', 2]))).toEqual(['b']);
  });
  it('returns the top N by score with maxNumOfEndpoints', () => {
    expect(pick(make<Picker>(maxScorePicker, { maxNumOfEndpoints: 2 }), scored(['a', 1], ['b', 3], ['c', 2]))).toEqual(['b', 'c']);
  });
  it('breaks ties from the seeded stream (reservoir: replace the k-th tie when u·k < 1)', () => {
    // ties a, b, c; u = 0.9 for b (0.9·2 ≥ 1: keep a), u = 0.2 for c (0.2·3 < 1: take c)
    expect(pick(make<Picker>(maxScorePicker, undefined, testHandle([0.9, 0.2])), scored(['a', 1], ['b', 1], ['c', 1]))).toEqual(['c']);
    expect(pick(make<Picker>(maxScorePicker, undefined, testHandle([0.4, 0.9])), scored(['a', 1], ['b', 1], ['c', 1]))).toEqual(['b']);
  });
  it('spreads ties roughly evenly and identically for the same seed', () => {
    const run = () => {
      const p = make<Picker>(maxScorePicker, undefined, testHandle());
      const counts: Record<string, number> = {};
      for (let i = 0; i < 3000; i++) {
        const n = pick(p, scored(['a', 1], ['b', 1], ['c', 1]))[0];
        counts[n] = (counts[n] ?? 0) + 1;
      }
      return counts;
    };
    const c = run();
    for (const k of ['a', 'b', 'c']) expect(c[k]).toBeGreaterThan(850);
    expect(run()).toEqual(c);
  });
  it('returns no target for no candidates', () => expect(pick(make<Picker>(maxScorePicker), [])).toEqual([]));
  it('rejects maxNumOfEndpoints 0', () => {
    const r = parseParams(maxScorePicker, { maxNumOfEndpoints: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].path).toEqual(['maxNumOfEndpoints']);
  });
});

describe('random-picker', () => {
  it('picks floor(u·n), ignoring scores', () => {
    expect(pick(make<Picker>(randomPicker, undefined, testHandle([0.5])), scored(['a', 9], ['b', 0], ['c', 0]))).toEqual(['b']);
  });
  it('returns N distinct endpoints', () => {
    const got = pick(make<Picker>(randomPicker, { maxNumOfEndpoints: 3 }), scored(['a', 0], ['b', 0], ['c', 0]));
    expect([...got].sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('weighted-random-picker', () => {
  it('takes the largest A-Res key u^(1/w)', () => {
    // keys: a 0.25^(1/1)=0.25, b 0.25^(1/3)=0.63, c 0.9^(1/1)=0.9 → c
    expect(pick(make<Picker>(weightedRandomPicker, undefined, testHandle([0.25, 0.25, 0.9])), scored(['a', 1], ['b', 3], ['c', 1]))).toEqual(['c']);
    // keys: a 0.5, b 0.5^(1/3)=0.79, c 0.6 → b
    expect(pick(make<Picker>(weightedRandomPicker, undefined, testHandle([0.5, 0.5, 0.6])), scored(['a', 1], ['b', 3], ['c', 1]))).toEqual(['b']);
  });
  it('never picks a zero score while a positive one exists', () => {
    const p = make<Picker>(weightedRandomPicker);
    for (let i = 0; i < 200; i++) expect(pick(p, scored(['z', 0], ['a', 0.1]))).toEqual(['a']);
  });
  it('falls back to random when every score is ≤ 0', () => {
    expect(pick(make<Picker>(weightedRandomPicker, undefined, testHandle([0.7])), scored(['a', 0], ['b', 0]))).toEqual(['b']);
  });
  it('draws in proportion to score', () => {
    const p = make<Picker>(weightedRandomPicker);
    let b = 0;
    for (let i = 0; i < 4000; i++) if (pick(p, scored(['a', 1], ['b', 3]))[0] === 'b') b++;
    expect(b / 4000).toBeGreaterThan(0.72);
    expect(b / 4000).toBeLessThan(0.78);
  });
});

describe('round-robin-picker', () => {
  it('cycles through the candidates in order, ignoring scores', () => {
    const p = make<Picker>(roundRobinPicker);
    const s = scored(['a', 0], ['b', 5], ['c', 1]);
    expect([1, 2, 3, 4, 5].map(() => pick(p, s)[0])).toEqual(['a', 'b', 'c', 'a', 'b']);
  });
});
