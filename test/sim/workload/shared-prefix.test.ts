import { describe, expect, it } from 'vitest';
import { SharedPrefixCorpus } from '../../../src/sim/workload/shared-prefix.js';
import type { SharedPrefixSpec } from '../../../src/sim/workload/types.js';
import { stream } from './helpers.js';

function corpus(over: Partial<SharedPrefixSpec> = {}, seed = 1): SharedPrefixCorpus {
  const spec = { groups: 4, promptsPerGroup: 3, systemTokens: 64, questionTokens: 16, ...over };
  return new SharedPrefixCorpus(spec, stream(seed, 'prefix'), 32000);
}

function commonPrefix(a: Int32Array, b: Int32Array): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

describe('SharedPrefixCorpus', () => {
  it('prompts are systemTokens + questionTokens long', () => {
    expect(corpus().promptFor(0).tokens.length).toBe(80);
  });

  it('prompts in the same group share exactly the first systemTokens ids; other groups share none', () => {
    const c = corpus();
    const prompts = Array.from({ length: c.size }, (_, i) => c.promptFor(i));
    for (const a of prompts) {
      for (const b of prompts) {
        if (a === b) continue;
        expect(commonPrefix(a.tokens, b.tokens)).toBe(a.group === b.group ? 64 : 0);
      }
    }
  });

  it('one cycle uses every (group, question) once: each group appears promptsPerGroup times', () => {
    const c = corpus();
    const seen = new Set<Int32Array>();
    const perGroup = [0, 0, 0, 0];
    for (let i = 0; i < c.size; i++) {
      const p = c.promptFor(i);
      seen.add(p.tokens);
      perGroup[p.group]++;
    }
    expect(seen.size).toBe(12);
    expect(perGroup).toEqual([3, 3, 3, 3]);
  });

  it('request i and i + groups×promptsPerGroup get the very same Int32Array', () => {
    const c = corpus();
    for (let i = 0; i < c.size; i++) {
      expect(c.promptFor(i + c.size).tokens).toBe(c.promptFor(i).tokens);
      expect(c.promptFor(i + 5 * c.size).tokens).toBe(c.promptFor(i).tokens);
    }
  });

  it('the order is shuffled, not group by group', () => {
    const c = corpus({ groups: 10, promptsPerGroup: 5 });
    const groups = Array.from({ length: c.size }, (_, i) => c.promptFor(i).group);
    expect(groups).not.toEqual([...groups].sort((a, b) => a - b));
  });

  it('ids do not depend on the order in which prompts are first used', () => {
    const forward = corpus();
    const backward = corpus();
    for (let i = backward.size - 1; i >= 0; i--) backward.promptFor(i);
    for (let i = 0; i < forward.size; i++) {
      expect(forward.promptFor(i).tokens).toEqual(backward.promptFor(i).tokens);
    }
  });

  it('the same seed gives the same corpus and order; another seed gives others', () => {
    const [a, b, c] = [corpus({}, 1), corpus({}, 1), corpus({}, 2)];
    const ids = (x: SharedPrefixCorpus) => Array.from({ length: x.size }, (_, i) => Array.from(x.promptFor(i).tokens));
    expect(ids(a)).toEqual(ids(b));
    expect(ids(a)).not.toEqual(ids(c));
  });

  it('rejects non-integer or empty shapes', () => {
    expect(() => corpus({ groups: 0 })).toThrow(RangeError);
    expect(() => corpus({ promptsPerGroup: 1.5 })).toThrow(RangeError);
    expect(() => corpus({ systemTokens: 0, questionTokens: 0 })).toThrow(RangeError);
  });
});
