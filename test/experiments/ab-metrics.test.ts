import { describe, expect, it } from 'vitest';
import { compareArms } from '../../src/experiments/ab/ab.js';
import type { Summary } from '../../src/sim/metrics/summary.js';

/** Just the figures compareArms reads. */
const run = (out: number, ladderPeak?: number) =>
  ({ throughput: { outputTokensPerSec: out }, ...(ladderPeak !== undefined && { ladder: { peakOutputTokensPerSec: ladderPeak, peakOutputRate: 40 } }) }) as unknown as Summary;

describe('compareArms', () => {
  it('compares the ladder figures of runs with load stages', () => {
    const d = compareArms([run(100, 700), run(110, 720)], [run(150, 1000), run(160, 1040)], ['throughput.outputTokensPerSec', 'ladder.peakOutputTokensPerSec']);
    expect(d.map((x) => x.metric)).toEqual(['throughput.outputTokensPerSec', 'ladder.peakOutputTokensPerSec']);
    expect(d[1].diff).toBeCloseTo(310, 9); // mean of the paired differences 300 and 320
    expect(d[1].label).toBe('peak stage output tok/s');
  });

  it('drops a metric that no run of either arm has, rather than reporting NaN', () => {
    const d = compareArms([run(100), run(110)], [run(150), run(160)], ['throughput.outputTokensPerSec', 'ladder.peakOutputTokensPerSec', 'ladder.sloRate']);
    expect(d.map((x) => x.metric)).toEqual(['throughput.outputTokensPerSec']);
  });
});
