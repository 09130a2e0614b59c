import { describe, expect, it } from 'vitest';
import { ladderSummary, type LadderStage } from '../../../src/sim/metrics/ladder.js';

const stage = (rate: number, start: number, measured: number, out: number, met: boolean): LadderStage => ({
  rate,
  start,
  requests: { measured },
  throughput: { outputTokensPerSec: out },
  slo: { met },
});

describe('ladderSummary', () => {
  // A warm-up stage (starts inside the 50 s warm-up, only its tail measured), then 3 → 60 QPS.
  const ladder = [
    stage(15, 1, 55, 900, false),
    stage(3, 120, 60, 1500, true),
    stage(10, 190, 200, 4600, true),
    stage(20, 260, 760, 9000, true),
    stage(40, 400, 1520, 14100, false),
    stage(49, 600, 1470, 14900, true), // passes again above a miss: not counted
    stage(60, 800, 1500, 13500, false),
  ];

  it('takes the peak output over the stages after the warm-up, and its rate', () => {
    const l = ladderSummary(ladder, 50, true)!;
    expect(l.peakOutputTokensPerSec).toBe(14900);
    expect(l.peakOutputRate).toBe(49);
  });

  it('climbs from the bottom: the highest rate before the first stage that misses the SLO', () => {
    expect(ladderSummary(ladder, 50, true)!.sloRate).toBe(20);
  });

  it('judges the warm-up stage too when the run has no warm-up, so a missed first stage gives 0', () => {
    expect(ladderSummary(ladder, 0, true)!.sloRate).toBe(0);
  });

  it('has no SLO rate without SLO targets, and no ladder without a measured stage', () => {
    expect(ladderSummary(ladder, 50, false)).not.toHaveProperty('sloRate');
    expect(ladderSummary([stage(15, 1, 0, 0, false)], 0, true)).toBeUndefined();
  });
});
