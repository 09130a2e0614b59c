import { describe, expect, it } from 'vitest';
import { MAX_RUN_ARRIVALS } from '../../src/scenario/run-size.js';
import { brief, problemsOf } from './builders.js';

const TAIL = '; fleetsim refuses runs above 1.0e9 requests (hours of CPU): is a rate or duration off by orders of magnitude?';

describe('the run-size bound (a rate or duration off by orders of magnitude)', () => {
  it('is 1e9 arrivals', () => {
    expect(MAX_RUN_ARRIVALS).toBe(1e9);
  });

  it('refuses stop.requests above it, at that field', () => {
    expect(brief(problemsOf((r) => (r.stop = { requests: 2e9 })))).toEqual([
      { code: 'out_of_range', path: ['stop', 'requests'], message: `2.0e9 requests${TAIL}` },
    ]);
    expect(problemsOf((r) => (r.stop = { requests: 1e9 }))).toEqual([]);
  });

  it('refuses rate × stop.duration above it when no stop.requests ends the run sooner', () => {
    expect(brief(problemsOf((r) => {
      r.stop = { duration: 1e12 };
      r.workload.arrival = { process: 'poisson', rate: 1e12 };
    }))).toEqual([
      { code: 'out_of_range', path: ['stop', 'duration'], message: `1.0e12 s at 1.0e12 req/s is about 1.0e24 requests${TAIL}` },
    ]);
    // 1e9 s at 1 req/s is exactly the bound: allowed; stop.requests caps an otherwise huge run.
    expect(problemsOf((r) => { r.stop = { duration: 1e9 }; r.workload.arrival = { process: 'poisson', rate: 1 }; })).toEqual([]);
    expect(problemsOf((r) => { r.stop = { duration: 1e12, requests: 1000 }; r.workload.arrival = { process: 'constant', rate: 1e6 }; })).toEqual([]);
  });

  it('takes a diurnal table at its mean rate', () => {
    // mean of [0, 2e6] = 1e6 req/s × 2000 s = 2e9
    expect(brief(problemsOf((r) => {
      r.stop = { duration: 2000 };
      r.workload.arrival = { process: 'diurnal', table: [0, 2e6] };
    }))).toEqual([
      { code: 'out_of_range', path: ['stop', 'duration'], message: `2000 s at a mean of 1.0e6 req/s is about 2.0e9 requests${TAIL}` },
    ]);
    expect(problemsOf((r) => { r.stop = { duration: 1000 }; r.workload.arrival = { process: 'diurnal', table: [0, 2e6] }; })).toEqual([]);
  });

  it('sums a stage ladder, in either stage form', () => {
    expect(brief(problemsOf((r) => {
      delete r.stop;
      r.workload.arrival = { process: 'stages', stages: ['10:20', { rate: 1e6, duration: 2000 }] };
    }))).toEqual([
      { code: 'out_of_range', path: ['workload', 'arrival', 'stages'], message: `the stages send about 2.0e9 requests (Σ rate × duration)${TAIL}` },
    ]);
    expect(problemsOf((r) => { delete r.stop; r.workload.arrival = { process: 'stages', stages: '10:20, 100:60' }; })).toEqual([]);
  });
});
