import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareCase, loadCaseFile, predictCase } from '../../src/experiments/validate.js';
import { buildSimConfig } from '../../src/experiments/fleet.js';
import { runSimulation } from '../../src/experiments/run.js';
import { meetsLimits, searchMaxRate, withArrivalRate } from '../../src/experiments/validation/max-rate.js';
import type { Summary } from '../../src/sim/metrics/summary.js';

const SERVER = fileURLToPath(new URL('../fixtures/validation/server/tiny-8b-server.yaml', import.meta.url));

/** A pass function that records the rates it was asked about. */
function threshold(limit: number): { passes: (r: number) => boolean; probes: number[] } {
  const probes: number[] = [];
  return { probes, passes: (r) => (probes.push(r), r <= limit) };
}

describe('searchMaxRate', () => {
  it('grows by 1.25 from a passing start, then bisects to 1 % of the bracket top', () => {
    // 75 and 93.75 pass, 117.1875 fails; halves of [93.75, 117.1875] until the width (0.73) is
    // ≤ 1 % of the top (0.996).
    const t = threshold(99);
    expect(searchMaxRate(t.passes, 75)).toBe(98.876953125);
    expect(t.probes).toEqual([75, 93.75, 117.1875, 105.46875, 99.609375, 96.6796875, 98.14453125, 98.876953125]);
  });

  it('shrinks by 1.25 from a failing start to bracket the edge', () => {
    // 75, 60, 48, 38.4 and 30.72 fail, 24.576 passes; bisection of [24.576, 30.72] stops at
    // [29.952, 30.144], width 0.192 ≤ 0.301.
    const t = threshold(30);
    expect(searchMaxRate(t.passes, 75)).toBeCloseTo(29.952, 9);
    expect(t.probes.slice(0, 6).map((r) => Number(r.toFixed(9)))).toEqual([75, 60, 48, 38.4, 30.72, 24.576]);
  });

  it('returns its ceiling (start × 1.25^12) when every rate passes and 0 when none does', () => {
    expect(searchMaxRate(() => true, 1)).toBeCloseTo(1.25 ** 12, 9);
    expect(searchMaxRate(() => false, 1)).toBe(0);
  });
});

describe('meetsLimits', () => {
  const run = (ttftP99: number, tpotP99: number, inFlight = 0): Summary =>
    ({ requests: { measured: 100, inFlight, rejected: 0 }, ttft: { p99: ttftP99 }, tpot: { p99: tpotP99 } }) as unknown as Summary;
  const limits = { ttftP99: 2, tpotP99: 0.2 };

  it('passes at the limits (loadgen fails only above them)', () => {
    expect(meetsLimits(run(2, 0.2), limits)).toBe(true);
  });

  it('fails on either p99 above its limit, or on a request left unserved', () => {
    expect(meetsLimits(run(2.001, 0.1), limits)).toBe(false);
    expect(meetsLimits(run(0.5, 0.2001), limits)).toBe(false);
    expect(meetsLimits(run(0.5, 0.1, 1), limits)).toBe(false);
  });
});

describe('maxRate in a validation case', () => {
  const r = loadCaseFile(SERVER);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  const c = r.case;
  const runAt = (rate: number) => {
    const fleet = buildSimConfig(withArrivalRate(c.scenario, rate));
    if (!fleet.ok) throw new Error('fleet');
    return runSimulation(c.scenario.name, fleet.config);
  };

  it('changes only the arrival rate of the scenario', () => {
    const s = withArrivalRate(c.scenario, 7);
    expect(s.workload.arrival).toEqual({ process: 'poisson', rate: 7 });
    expect({ ...s, workload: { ...s.workload, arrival: c.scenario.workload.arrival } }).toEqual(c.scenario);
  });

  it('is compared after the expect figures, as the highest rate whose run meets the limits', () => {
    const p = predictCase(c);
    expect(p.values).toHaveLength(2);
    const rate = p.values[1];
    expect(meetsLimits(runAt(rate), c.maxRate!)).toBe(true);
    expect(meetsLimits(runAt(rate * 1.05), c.maxRate!)).toBe(false);
    const rows = compareCase(c, p.values);
    expect(rows.map((x) => [x.metric, x.published])).toEqual([
      ['throughput.outputTokensPerSec', 640],
      ['maxRate', 30],
    ]);
  });
});
