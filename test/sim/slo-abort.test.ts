/**
 * A probe stopped as soon as its SLO verdict is a certain miss must give the verdict the full run
 * gives, and a run that meets the SLO must be the very run it is without the early stop.
 */
import { describe, expect, it } from 'vitest';
import { runJob, setArg, type RunJob } from '../../src/experiments/job.js';
import { sloAttainment } from '../../src/experiments/max-rate.js';
import { countMeasuredArrivals } from '../../src/sim/slo-abort.js';
import type { Summary } from '../../src/sim/metrics/summary.js';
import { fixture } from '../e2e/helpers.js';

const GOODPUT = 0.99;

function run(rate: number, replicas: number, slo: string[], abort: boolean, file = 'sweep-ladder.yaml'): Summary {
  const job: RunJob = {
    file: fixture(file),
    sets: [setArg('workload.arrival.rate', rate), setArg('cluster.pools.0.replicas', replicas), setArg('stop.duration', 30), ...slo],
    point: {},
    ...(abort && { abortBelowGoodput: GOODPUT }),
  };
  const r = runJob(job);
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.summary;
}

describe('early stop of a probe at a certain SLO miss', () => {
  it('counts the measured arrivals the run will have', () => {
    const s = run(6, 2, [], false);
    expect(countMeasuredArrivals({ arrival: { process: 'poisson', rate: 6 } } as never, { duration: 30, warmup: 5 }, 5)).toBe(s.requests.measured);
  });

  for (const [name, slo, file, rates] of [
    ['TTFT', [], 'sweep-ladder.yaml', [2, 5, 8, 12, 14, 16, 20, 40]],
    ['TTFT and TPOT', [setArg('slo.tpotP95', 0.012)], 'sweep-ladder.yaml', [2, 5, 8, 12, 14, 16, 20, 40]],
    ['TPOT only', [setArg('slo', { tpotP95: 0.012 })], 'sweep-ladder.yaml', [5, 8, 12, 20]],
    ['P/D, TTFT and TPOT', [setArg('slo', { ttftP95: 1, tpotP95: 0.03 })], 'pd-8b.yaml', [2, 6, 10, 16]],
  ] as const) {
    it(`gives the full run's verdict on a rate ladder (${name})`, () => {
      let stopped = 0;
      for (const rate of rates) {
        const full = run(rate, 1, [...slo], false, file);
        const fast = run(rate, 1, [...slo], true, file);
        const verdict = (s: Summary) => sloAttainment(s) >= GOODPUT;
        expect(verdict(fast), `rate ${rate}`).toBe(verdict(full));
        if (fast.sim.stoppedEarly) {
          stopped++;
          expect(fast.sim.events).toBeLessThan(full.sim.events);
          expect(fast.sim.stoppedEarly.measuredArrivals).toBe(full.requests.measured + full.requests.rejected);
        } else {
          // Not stopped: the same run, figure for figure.
          expect({ ...fast, sim: undefined }).toEqual({ ...full, sim: undefined });
        }
      }
      expect(stopped).toBeGreaterThan(0);
    });
  }
});
