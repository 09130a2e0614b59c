import { describe, expect, it } from 'vitest';
import { editDistance, typeName, typeWord } from '../../src/wording/yaml-words.js';

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

describe('typeName and typeWord', () => {
  it('use YAML words for collections', () => {
    expect([typeName([]), typeName({}), typeName(null), typeName('x'), typeName(1)]).toEqual(['list', 'map', 'null', 'string', 'number']);
    expect([typeWord('object'), typeWord('array'), typeWord('int'), typeWord('record'), typeWord('string')]).toEqual(['map', 'list', 'integer', 'map', 'string']);
  });
});
