import { describe, expect, it } from 'vitest';
import { applySet, applySets, getPath, parsePath, parseSet } from '../../src/scenario/set.js';

describe('parsePath', () => {
  it('splits on dots and turns all-digit segments into list indices', () => {
    expect(parsePath('cluster.pools.0.replicas')).toEqual(['cluster', 'pools', 0, 'replicas']);
    expect(parsePath('seed')).toEqual(['seed']);
  });

  it('rejects empty segments', () => {
    expect(parsePath('cluster..pools')).toBeUndefined();
    expect(parsePath('')).toBeUndefined();
    expect(parsePath('seed.')).toBeUndefined();
  });

  it('rejects segments that name a prototype, which would rewrite every object instead of a field', () => {
    expect(parsePath('__proto__.x')).toBeUndefined();
    expect(parsePath('cluster.constructor.prototype')).toBeUndefined();
    expect(parsePath('router.prototype')).toBeUndefined();
  });
});

describe('parseSet', () => {
  it('reads the value as YAML, so numbers and booleans keep their types', () => {
    const values = ['a=4', 'a=0.5', 'a=true', 'a=fp8', 'a="4"', 'a=x=y'].map((s) => {
      const r = parseSet(s);
      return r.ok ? r.value.value : r.problem;
    });
    expect(values).toEqual([4, 0.5, true, 'fp8', '4', 'x=y']);
  });

  it('reports a missing `=` or a malformed path as a --set syntax problem', () => {
    const noEquals = parseSet('cluster.pools.0.replicas');
    const badPath = parseSet('cluster..replicas=2');
    expect(noEquals).toEqual({ ok: false, problem: { code: 'syntax', path: [], file: '--set', expected: 'path=value', message: '`cluster.pools.0.replicas` is not path=value' } });
    expect(badPath.ok ? undefined : badPath.problem.message).toBe('`cluster..replicas` is not a dotted path such as cluster.pools.0.replicas');
  });

  it('reports a value that is not valid YAML', () => {
    const r = parseSet('name=[1, 2');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.problem.message).toMatch(/^value of `name=\[1, 2` is not valid YAML: /);
  });
});

describe('applySet', () => {
  const base = { seed: 1, cluster: { pools: [{ name: 'a', replicas: 1 }, { name: 'b' }] } };

  it('sets a value inside a list item and leaves the input untouched', () => {
    const r = applySet(base, ['cluster', 'pools', 1, 'replicas'], 4);
    expect(r).toEqual({ ok: true, value: { seed: 1, cluster: { pools: [{ name: 'a', replicas: 1 }, { name: 'b', replicas: 4 }] } } });
    expect(base.cluster.pools[1]).toEqual({ name: 'b' });
  });

  it('creates missing maps on the way', () => {
    expect(applySet(base, ['slo', 'ttftP95'], 2)).toEqual({ ok: true, value: { ...base, slo: { ttftP95: 2 } } });
  });

  it('refuses a list index past the end', () => {
    expect(applySet(base, ['cluster', 'pools', 2, 'replicas'], 4)).toEqual({
      ok: false,
      problem: { code: 'out_of_range', path: ['cluster', 'pools', 2], message: 'no such item: the list has 2' },
    });
  });

  it('refuses a key on a list and a key inside a scalar', () => {
    const onList = applySet(base, ['cluster', 'pools', 'a'], 1);
    const inScalar = applySet(base, ['seed', 'x'], 1);
    expect(onList).toEqual({ ok: false, problem: { code: 'invalid_type', path: ['cluster', 'pools', 'a'], message: 'is a list: use an index, not `a`' } });
    expect(inScalar).toEqual({ ok: false, problem: { code: 'invalid_type', path: ['seed'], message: 'is a number, so `x` cannot be set inside it' } });
  });
});

describe('getPath', () => {
  it('follows keys and indices and gives undefined for a missing step', () => {
    const obj = { a: [{ b: 3 }] };
    expect(getPath(obj, ['a', 0, 'b'])).toBe(3);
    expect(getPath(obj, ['a', 1, 'b'])).toBeUndefined();
    expect(getPath(obj, ['a', 0, 'b', 'c'])).toBeUndefined();
  });
});

describe('applySets', () => {
  it('applies good overrides in order and reports each bad one with file --set', () => {
    const r = applySets({ seed: 1, list: [1] }, ['seed=2', 'seed=3', 'oops', 'list.4=1']);
    expect(r.value).toEqual({ seed: 3, list: [1] });
    expect(r.applied).toEqual([['seed'], ['seed']]);
    expect(r.problems.map((p) => [p.file, p.code, p.path, p.message])).toEqual([
      ['--set', 'syntax', [], '`oops` is not path=value'],
      ['--set', 'out_of_range', ['list', 4], 'no such item: the list has 1 (in `list.4=1`)'],
    ]);
  });
});
