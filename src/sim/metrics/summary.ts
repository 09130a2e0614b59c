import type { Distribution } from './samples.js';
import { distributionOf } from './samples.js';
import { stageWindows, tenantClasses, type Simulation } from '../simulation.js';

/** The summary JSON contract (DESIGN §4). Times in seconds. */
export interface Summary {
  scenario: string;
  seed: number;
  point: Record<string, unknown>;
  requests: { arrived: number; completed: number; rejected: number; preempted: number; inFlight: number; measured: number };
  throughput: { requestsPerSec: number; inputTokensPerSec: number; outputTokensPerSec: number };
  ttft: Distribution;
  tpot: Distribution;
  itl: Distribution;
  e2e: Distribution;
  /** `byTier` only with offload tiers: where the hit tokens were found (shares of prompt tokens). */
  prefixCache: { hitRate: number; byTier?: { gpu: number; cpu: number; nvme: number } };
  slo: { met: boolean; goodput: number; targets: { ttftP95?: number; tpotP95?: number } };
  pods: PodSummary[];
  /** P/D fleets only: KV pulled from prefill to decode pods; seconds from a decode request's admission to its KV being ready. */
  kvTransfer?: { transfers: number; gigabytes: number; seconds: Distribution };
  sim: { events: number; simulatedSeconds: number; wallSeconds: number; peakRssMB: number };
  /** Per tenant class (workload.classes), by name; absent without classes. */
  classes?: Record<string, ClassSummary>;
  /** Per load stage (arrival process `stages`), by the stage a request arrived in; absent otherwise. */
  stages?: StageSummary[];
  /** Present for a trace replay: rows replayed from the window, failed (zero-token) rows and malformed rows skipped. */
  trace?: { file: string; format: string; rows: number; emptyRows: number; skippedBadRows: number; timeScale: number };
}

export interface ClassSummary {
  share: number;
  priority: number;
  adapter?: string;
  requests: { arrived: number; completed: number; rejected: number; measured: number };
  /** Over the run's measured window (the same as the totals'), so classes add up to the total. */
  throughput: { requestsPerSec: number; inputTokensPerSec: number; outputTokensPerSec: number };
  ttft: Distribution;
  tpot: Distribution;
  e2e: Distribution;
  prefixCache: { hitRate: number };
  slo: { met: boolean; goodput: number; targets: { ttftP95?: number; tpotP95?: number } };
}

export interface StageSummary {
  rate: number;
  start: number;
  end: number;
  requests: { arrived: number; completed: number; rejected: number; measured: number };
  /** Over the stage's own arrival window: what it delivered per second of offered load. */
  throughput: { requestsPerSec: number; inputTokensPerSec: number; outputTokensPerSec: number };
  ttft: Distribution;
  tpot: Distribution;
  e2e: Distribution;
  prefixCache: { hitRate: number };
  slo: { met: boolean; goodput: number };
}

export interface PodSummary {
  name: string;
  requests: number;
  kvUtilMean: number;
  queueMean: number;
  runningMean: number;
  steps: number;
  numGpuBlocks: number;
}

const round = (x: number, digits = 9): number => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : 0);

function roundDist(d: Distribution): Distribution {
  return { mean: round(d.mean), p50: round(d.p50), p90: round(d.p90), p95: round(d.p95), p99: round(d.p99) };
}

/**
 * Builds the summary from a finished simulation. Percentiles are over requests completed after
 * warm-up; throughput is over the measured window, from the first measured arrival to the last
 * finish. `wallSeconds` and `peakRssMB` are left at 0 for the caller: they are the only fields
 * allowed to differ between two runs of the same scenario and seed.
 */
export function summarize(
  sim: Simulation,
  scenario: string,
  point: Record<string, unknown>,
  simulatedSeconds: number,
): Summary {
  const rec = sim.recorder;
  const window = rec.lastFinish - Math.min(rec.firstMeasuredArrival, rec.lastFinish);
  const perSec = (x: number) => (window > 0 ? x / window : 0);
  const share = (tokens: number) => (rec.measuredInputTokens > 0 ? tokens / rec.measuredInputTokens : 0);
  const ttft = distributionOf(rec.ttft);
  const tpot = distributionOf(rec.tpot);
  const { ttftP95, tpotP95 } = rec.slo;
  const met =
    rec.numMeasured > 0 &&
    (ttftP95 === undefined || ttft.p95 <= ttftP95) &&
    (tpotP95 === undefined || tpot.p95 <= tpotP95);
  return {
    scenario,
    seed: sim.config.seed,
    point,
    requests: {
      arrived: rec.numArrived,
      completed: rec.numCompleted,
      rejected: rec.numRejected,
      preempted: sim.numPreemptions,
      inFlight: sim.numInFlight,
      measured: rec.numMeasured,
    },
    throughput: {
      requestsPerSec: round(perSec(rec.numMeasured)),
      inputTokensPerSec: round(perSec(rec.measuredInputTokens)),
      outputTokensPerSec: round(perSec(rec.measuredOutputTokens)),
    },
    ttft: roundDist(ttft),
    tpot: roundDist(tpot),
    itl: roundDist(rec.itl.distribution()),
    e2e: roundDist(distributionOf(rec.e2e)),
    prefixCache: {
      hitRate: round(share(rec.measuredCachedPromptTokens)),
      ...(sim.pods.some((p) => p.offload) && {
        byTier: {
          gpu: round(share(rec.measuredCachedPromptTokens - rec.measuredCpuHitTokens - rec.measuredNvmeHitTokens)),
          cpu: round(share(rec.measuredCpuHitTokens)),
          nvme: round(share(rec.measuredNvmeHitTokens)),
        },
      }),
    },
    slo: {
      met,
      goodput: round(rec.numMeasured > 0 ? rec.numWithinSlo / rec.numMeasured : 0),
      targets: { ...(ttftP95 !== undefined && { ttftP95 }), ...(tpotP95 !== undefined && { tpotP95 }) },
    },
    pods: sim.pods.map((p) => {
      const g = p.gauges;
      const avg = (x: number) => round(g.seconds > 0 ? x / g.seconds : 0);
      return {
        name: p.name,
        requests: p.numRouted,
        kvUtilMean: avg(g.kvUsageSeconds),
        queueMean: avg(g.waitingSeconds),
        runningMean: avg(g.runningSeconds),
        steps: p.numSteps,
        numGpuBlocks: p.config.numGpuBlocks,
      };
    }),
    ...(sim.transfers && {
      kvTransfer: {
        transfers: sim.transfers.numTransfers,
        gigabytes: round(sim.transfers.bytesTransferred / 1e9),
        seconds: roundDist(distributionOf(sim.transfers.durations)),
      },
    }),
    sim: { events: sim.engine.numEvents, simulatedSeconds: round(simulatedSeconds), wallSeconds: 0, peakRssMB: 0 },
    ...(rec.classes.length > 0 && { classes: classSummaries(sim, perSec) }),
    ...(rec.stages.length > 0 && { stages: stageSummaries(sim) }),
    ...(sim.config.trace && { trace: { ...sim.config.trace.stats, timeScale: round(sim.config.trace.stats.timeScale) } }),
  };
}

function classSummaries(sim: Simulation, perSec: (x: number) => number): Record<string, ClassSummary> {
  const specs = tenantClasses(sim.config) ?? [];
  const out: Record<string, ClassSummary> = {};
  sim.recorder.classes.forEach((c, i) => {
    const spec = specs[i];
    const ttft = distributionOf(c.ttft);
    const tpot = distributionOf(c.tpot);
    const { ttftP95, tpotP95 } = c.targets.slo;
    const met = c.numMeasured > 0 && (ttftP95 === undefined || ttft.p95 <= ttftP95) && (tpotP95 === undefined || tpot.p95 <= tpotP95);
    out[c.targets.name] = {
      share: round(spec.share),
      priority: spec.priority,
      ...(spec.adapter !== undefined && { adapter: spec.adapter }),
      requests: { arrived: c.numArrived, completed: c.numCompleted, rejected: c.numRejected, measured: c.numMeasured },
      throughput: {
        requestsPerSec: round(perSec(c.numMeasured)),
        inputTokensPerSec: round(perSec(c.measuredInputTokens)),
        outputTokensPerSec: round(perSec(c.measuredOutputTokens)),
      },
      ttft: roundDist(ttft),
      tpot: roundDist(tpot),
      e2e: roundDist(distributionOf(c.e2e)),
      prefixCache: { hitRate: round(c.measuredInputTokens > 0 ? c.measuredCachedPromptTokens / c.measuredInputTokens : 0) },
      slo: {
        met,
        goodput: round(c.numMeasured > 0 ? c.numWithinSlo / c.numMeasured : 0),
        targets: { ...(ttftP95 !== undefined && { ttftP95 }), ...(tpotP95 !== undefined && { tpotP95 }) },
      },
    };
  });
  return out;
}

function stageSummaries(sim: Simulation): StageSummary[] {
  const windows = stageWindows(sim.config);
  return sim.recorder.stages.map((c, i) => {
    const { rate, start, end } = windows[i];
    const perSec = (x: number) => x / (end - start);
    const ttft = distributionOf(c.ttft);
    const tpot = distributionOf(c.tpot);
    const { ttftP95, tpotP95 } = c.targets.slo;
    return {
      rate,
      start: round(start),
      end: round(end),
      requests: { arrived: c.numArrived, completed: c.numCompleted, rejected: c.numRejected, measured: c.numMeasured },
      throughput: {
        requestsPerSec: round(perSec(c.numMeasured)),
        inputTokensPerSec: round(perSec(c.measuredInputTokens)),
        outputTokensPerSec: round(perSec(c.measuredOutputTokens)),
      },
      ttft: roundDist(ttft),
      tpot: roundDist(tpot),
      e2e: roundDist(distributionOf(c.e2e)),
      prefixCache: { hitRate: round(c.measuredInputTokens > 0 ? c.measuredCachedPromptTokens / c.measuredInputTokens : 0) },
      slo: {
        met: c.numMeasured > 0 && (ttftP95 === undefined || ttft.p95 <= ttftP95) && (tpotP95 === undefined || tpot.p95 <= tpotP95),
        goodput: round(c.numMeasured > 0 ? c.numWithinSlo / c.numMeasured : 0),
      },
    };
  });
}
