import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { locate, underAny } from '../../src/scenario/locate.js';
import type { PathKey, Problem } from '../../src/scenario/problems.js';

const text = [
  'name: x', //                 line 1
  'stop: { requests: 5 }', //   line 2
  'cluster:', //                line 3
  '  pools:', //                line 4
  '    - name: a', //           line 5
  '      replicas: 2', //       line 6
  '    - &b { name: b }', //    line 7
  'slo:', //                    line 8
  'again: *b', //               line 9
].join('\n');

function at(path: PathKey[], code: Problem['code'] = 'invalid_value') {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return locate(doc, lineCounter, { code, path, message: '' });
}

describe('locate', () => {
  it('points at the value of a field', () => {
    expect(at(['cluster', 'pools', 0, 'replicas'])).toEqual({ line: 6, col: 17 });
    expect(at(['stop', 'requests'])).toEqual({ line: 2, col: 19 });
  });

  it('points at the key itself for an unknown key', () => {
    expect(at(['cluster', 'pools', 0, 'replicas'], 'unknown_key')).toEqual({ line: 6, col: 7 });
  });

  it('points at the enclosing map for a missing key', () => {
    expect(at(['cluster', 'pools', 0, 'accelerator'], 'missing')).toEqual({ line: 5, col: 7 });
    expect(at(['stop', 'duration'], 'missing')).toEqual({ line: 2, col: 7 });
  });

  it('points at the key when it has no value', () => {
    expect(at(['slo', 'ttftP95'], 'missing')).toEqual({ line: 8, col: 1 });
  });

  it('points at a list item and follows aliases to their anchor', () => {
    expect(at(['cluster', 'pools', 1])).toEqual({ line: 7, col: 10 }); // the node starts after its anchor
    expect(at(['again', 'name'])).toEqual({ line: 7, col: 18 });
  });

  it('points at the document start for the root', () => {
    expect(at([])).toEqual({ line: 1, col: 1 });
  });
});

describe('underAny', () => {
  it('matches a path equal to or under a prefix, comparing indices as text', () => {
    expect(underAny(['a', 0, 'b'], [['a', 0]])).toBe(true);
    expect(underAny(['a', 0], [['a', 0]])).toBe(true);
    expect(underAny(['a'], [['a', 0]])).toBe(false);
    expect(underAny(['a', 1], [['x'], ['a', 0]])).toBe(false);
  });
});
