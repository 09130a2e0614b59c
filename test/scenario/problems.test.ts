import { describe, expect, it } from 'vitest';
import { formatPath, formatProblem, sortProblems, type Problem } from '../../src/scenario/problems.js';

describe('formatProblem', () => {
  it('writes file:line:col, the dotted path with list indices, then the message', () => {
    const p: Problem = { code: 'out_of_range', path: ['cluster', 'pools', 0, 'replicas'], message: 'must be ≥ 1, got 0', file: 'a.yaml', line: 7, col: 17 };
    expect(formatProblem(p)).toBe('a.yaml:7:17: cluster.pools.0.replicas: must be ≥ 1, got 0');
  });

  it('leaves out the position parts it does not have', () => {
    expect(formatProblem({ code: 'invalid_value', path: ['seed'], message: 'x', file: '--set' })).toBe('--set: seed: x');
    expect(formatProblem({ code: 'invalid_value', path: ['seed'], message: 'x' })).toBe('seed: x');
  });

  it('leaves out an empty path', () => {
    expect(formatProblem({ code: 'invalid_type', path: [], message: 'expected map, got list', file: 'f', line: 1, col: 1 })).toBe('f:1:1: expected map, got list');
    expect(formatProblem({ code: 'syntax', path: [], message: 'Map keys must be unique', file: 'f', line: 3, col: 1 })).toBe('f:3:1: Map keys must be unique');
  });
});

describe('formatPath', () => {
  it('joins keys and indices with dots', () => {
    expect(formatPath(['a', 0, 'b'])).toBe('a.0.b');
  });
});

describe('sortProblems', () => {
  it('orders by line then column and keeps unplaced problems last, in their order', () => {
    const at = (line: number | undefined, col: number | undefined, message: string): Problem => ({ code: 'missing', path: [], message, line, col });
    const sorted = sortProblems([at(undefined, undefined, 'u1'), at(5, 3, 'b'), at(2, 9, 'a'), at(5, 1, 'c'), at(undefined, undefined, 'u2')]);
    expect(sorted.map((p) => p.message)).toEqual(['a', 'c', 'b', 'u1', 'u2']);
  });
});
