/**
 * The two figures a published rate ladder is quoted by (llm-d's benchmark READMEs): the peak
 * output throughput over its stages, and the highest rate the fleet holds its SLO up to, climbing
 * from the bottom. Pure: computed from the stage summaries alone.
 */

/** What a stage contributes: its offered rate, first arrival, measured requests, output rate and SLO verdict. */
export interface LadderStage {
  rate: number;
  start: number;
  requests: { measured: number };
  throughput: { outputTokensPerSec: number };
  slo: { met: boolean };
}

export interface LadderSummary {
  /** The most output tokens per second any stage delivered, and that stage's rate. */
  peakOutputTokensPerSec: number;
  peakOutputRate: number;
  /**
   * With SLO targets: the highest stage rate reached from the bottom of the ladder while every
   * stage so far met them (p95 TTFT/TPOT over its requests); 0 when the first stage misses.
   */
  sloRate?: number;
}

/**
 * Only stages that begin after the warm-up count: a warm-up stage (inference-perf's, llm-d's 15 QPS
 * for 50 s) measures just its tail, queued behind requests the warm-up excludes, and neither its
 * output rate nor its latency is a figure of that rate.
 */
export function ladderSummary(stages: readonly LadderStage[], warmup: number, hasSloTargets: boolean): LadderSummary | undefined {
  const measured = stages.filter((s) => s.requests.measured > 0 && s.start >= warmup);
  if (measured.length === 0) return undefined;
  let peak = measured[0];
  for (const s of measured) if (s.throughput.outputTokensPerSec > peak.throughput.outputTokensPerSec) peak = s;
  let sloRate = 0;
  for (const s of measured) {
    if (!s.slo.met) break;
    sloRate = Math.max(sloRate, s.rate);
  }
  return {
    peakOutputTokensPerSec: peak.throughput.outputTokensPerSec,
    peakOutputRate: peak.rate,
    ...(hasSloTargets && { sloRate }),
  };
}
