import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate.js';
import { brief, problemsOf, rawScenario } from './builders.js';

describe('validateScenario', () => {
  it('returns the resolved scenario for valid data', () => {
    const r = validateScenario(rawScenario());
    expect(r.ok).toBe(true);
    expect(r.ok && r.scenario.cluster.pools[0].engine.maxNumSeqs).toBe(1024);
  });

  it('reports a document that is not a map', () => {
    const r = validateScenario([1, 2]);
    expect(r.ok ? [] : brief(r.problems)).toEqual([
      { code: 'invalid_type', path: [], message: 'expected map, got list' },
    ]);
  });
});

describe('sweep paths', () => {
  it('accepts paths to scalars that are set, defaulted, or optional and unset', () => {
    expect(problemsOf((r) => (r.sweep = {
      'workload.arrival.rate': [1, 2, 4],
      seed: [1, 2],
      'cluster.pools.0.engine.maxNumSeqs': [64, 128],
      'slo.ttftP95': [1, 2],
    }))).toEqual([]);
  });

  it('rejects a path to a map or list', () => {
    expect(brief(problemsOf((r) => (r.sweep = { 'workload.arrival': [1] })))).toEqual([
      { code: 'invalid_type', path: ['sweep', 'workload.arrival'], message: '`workload.arrival` is a map; a sweep varies one scalar' },
    ]);
  });

  it('rejects a malformed path and a path into the sweep itself', () => {
    const problems = problemsOf((r) => (r.sweep = { 'a..b': [1], 'sweep.seed': [1] }));
    expect(problems.map((p) => p.message)).toEqual(['`a..b` is not a path into the scenario', '`sweep.seed` is not a path into the scenario']);
  });

  it('reports each sweep value that makes the scenario invalid, at that value', () => {
    expect(brief(problemsOf((r) => (r.sweep = { 'workload.arrival.rate': [1, 0, 'x'] })))).toEqual([
      { code: 'out_of_range', path: ['sweep', 'workload.arrival.rate', 1], message: 'with workload.arrival.rate = 0: workload.arrival.rate: must be > 0, got 0' },
      { code: 'invalid_type', path: ['sweep', 'workload.arrival.rate', 2], message: 'with workload.arrival.rate = `x`: workload.arrival.rate: expected number, got string' },
    ]);
  });

  it('reports a misspelt sweep path through the unknown key it names', () => {
    expect(brief(problemsOf((r) => (r.sweep = { 'workload.arival.rate': [1] })))).toEqual([
      { code: 'unknown_key', path: ['sweep', 'workload.arival.rate', 0], message: 'with workload.arival.rate = 1: workload.arival: unknown key `arival`; did you mean `arrival`?' },
    ]);
  });

  it('reports a list index past the end', () => {
    expect(brief(problemsOf((r) => (r.sweep = { 'cluster.pools.3.replicas': [1] })))).toEqual([
      { code: 'out_of_range', path: ['sweep', 'cluster.pools.3.replicas', 0], message: 'with cluster.pools.3.replicas = 1: cluster.pools.3: no such item: the list has 1' },
    ]);
  });
});
