import { describe, expect, it } from 'vitest';
import { expandPoints, mergeAxes, splitSets, sweepJobs } from '../../src/experiments/sweep.js';

describe('sweep points', () => {
  it('expands the product, first axis slowest', () => {
    const pts = expandPoints([
      { path: 'a', values: [1, 2] },
      { path: 'b', values: ['x', 'y', 'z'] },
    ]);
    expect(pts).toHaveLength(6);
    expect(pts[0]).toEqual({ a: 1, b: 'x' });
    expect(pts[2]).toEqual({ a: 1, b: 'z' });
    expect(pts[3]).toEqual({ a: 2, b: 'x' });
    expect(expandPoints([])).toEqual([{}]);
  });

  it('splits --set lists into axes and keeps plain overrides', () => {
    const { fixed, axes } = splitSets(['workload.arrival.rate=1,2,4', 'seed=3', 'router.config=[a, round-robin]', 'name=x']);
    expect(fixed).toEqual(['seed=3', 'name=x']);
    expect(axes).toEqual([
      { path: 'workload.arrival.rate', values: [1, 2, 4] },
      { path: 'router.config', values: ['a', 'round-robin'] },
    ]);
  });

  it('command-line axes override the file axis of the same path and add new ones', () => {
    const axes = mergeAxes({ 'workload.arrival.rate': [1, 2], seed: [0, 1] }, [{ path: 'workload.arrival.rate', values: [8] }, { path: 'x', values: [1] }]);
    expect(axes).toEqual([
      { path: 'workload.arrival.rate', values: [8] },
      { path: 'seed', values: [0, 1] },
      { path: 'x', values: [1] },
    ]);
  });

  it('a job carries the fixed overrides, then the point as JSON-quoted YAML', () => {
    const [job] = sweepJobs('s.yaml', ['seed=1'], [{ 'workload.arrival.rate': 2.5, 'router.config': 'random' }]);
    expect(job.sets).toEqual(['seed=1', 'workload.arrival.rate=2.5', 'router.config="random"']);
    expect(job.point).toEqual({ 'workload.arrival.rate': 2.5, 'router.config': 'random' });
  });
});
