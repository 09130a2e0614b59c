import { describe, expect, it } from 'vitest';
import { checkVocabSize, drawTokenSeed, fillTokens, randomTokens } from '../../../src/sim/workload/tokens.js';
import { stream } from './helpers.js';

describe('tokens', () => {
  it('fills ids in [0, vocabSize) that cover the vocabulary', () => {
    const t = randomTokens(20_000, 123, 100);
    expect(Math.min(...t)).toBe(0);
    expect(Math.max(...t)).toBe(99);
  });

  it('the same seed gives the same ids; another seed gives others', () => {
    expect(randomTokens(64, 5, 32000)).toEqual(randomTokens(64, 5, 32000));
    expect(randomTokens(64, 5, 32000)).not.toEqual(randomTokens(64, 6, 32000));
  });

  it('fills only the asked range, restarting the generator at its start', () => {
    const out = new Int32Array(10).fill(-1);
    fillTokens(out, 9, 1000, 4, 8);
    expect(Array.from(out.subarray(0, 4))).toEqual([-1, -1, -1, -1]);
    expect(Array.from(out.subarray(8))).toEqual([-1, -1]);
    expect(out.subarray(4, 8)).toEqual(randomTokens(4, 9, 1000));
  });

  it('a prompt costs exactly one draw from the named stream', () => {
    let calls = 0;
    const u = stream();
    const seed = drawTokenSeed(() => (calls++, u()));
    randomTokens(5000, seed, 32000);
    expect(calls).toBe(1);
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
  });

  it('stays below vocabSize for the largest allowed vocabulary and the largest generator output', () => {
    const vocab = 2 ** 21;
    expect(Math.floor((2 ** 32 - 1) * (vocab / 2 ** 32))).toBe(vocab - 1);
    expect(() => checkVocabSize(vocab + 1)).toThrow(RangeError);
    expect(() => checkVocabSize(0)).toThrow(RangeError);
  });
});
