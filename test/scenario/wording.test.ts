import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance, show, typeName } from '../../src/scenario/wording.js';

describe('editDistance', () => {
  it.each([
    ['replicas', 'replicas', 0],
    ['replicass', 'replicas', 1],
    ['rplicas', 'replicas', 1],
    ['h100', 'h200', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s → %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe('closest', () => {
  it('suggests the nearest candidate within two edits, ignoring case', () => {
    expect(closest('replicass', ['name', 'replicas', 'role'])).toBe('replicas');
    expect(closest('MaxNumSeqs', ['maxNumSeqs'])).toBe('maxNumSeqs');
  });

  it('suggests nothing when every candidate is more than two edits away', () => {
    expect(closest('zzzzzz', ['name', 'role'])).toBeUndefined();
    expect(didYouMean('zzzzzz', ['name'])).toBe('');
  });

  it('prefers the first listed candidate on a tie', () => {
    expect(closest('h300-sxm', ['h100-sxm', 'h200-sxm'])).toBe('h100-sxm');
  });
});

describe('show and typeName', () => {
  it('use YAML words for collections and show scalars literally', () => {
    expect([typeName([]), typeName({}), typeName(null), typeName('x'), typeName(1)]).toEqual(['list', 'map', 'null', 'string', 'number']);
    expect([show('fp16'), show(-4), show(true), show(null), show([1])]).toEqual(['`fp16`', '-4', 'true', 'null', 'list']);
  });
});
