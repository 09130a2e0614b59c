import type { Distribution } from './samples.js';
import { distributionOf } from './samples.js';
import { stageWindows, tenantClasses, type Simulation } from '../simulation.js';
import type { FaultRecord } from '../faults.js';
import type { Autoscaler, ScaleEvent } from '../autoscaler.js';
import type { ColdStartQueue } from '../cold-start-queue.js';
import { quantileSorted, type SampleBuffer } from './samples.js';
import type { MetricsRecorder } from './recorder.js';
import type { ClassStats } from './class-stats.js';
import { ladderSummary, type LadderSummary } from './ladder.js';

/** The summary JSON contract (DESIGN §4). Times in seconds. */
export interface Summary {
  scenario: string;
  seed: number;
  point: Record<string, unknown>;
  /**
   * `failed` and `retried` appear in runs with faults or a request timeout (`timedOut`, part of
   * failed): arrived = completed + rejected + failed + inFlight.
   */
  requests: { arrived: number; completed: number; rejected: number; preempted: number; inFlight: number; measured: number; failed?: number; retried?: number; timedOut?: number };
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
  /** Runs with faults only: each fault, and TTFT of the requests that arrived before, during and after it. */
  faults?: FaultSummary[];
  /** Runs with an autoscaler only: what it did and what the fleet cost, from t = 0 to the end of the run. */
  autoscaling?: AutoscalingSummary;
  /** Runs with faults or an autoscaler: TTFT by arrival time, in equal buckets from warm-up to the last arrival. */
  ttftOverTime?: WindowTtft[];
  sim: {
    events: number;
    simulatedSeconds: number;
    wallSeconds: number;
    peakRssMB: number;
    /** The run stopped once its SLO verdict was a certain miss (SimConfig.abortBelowGoodput): figures are partial. */
    stoppedEarly?: { misses: number; measuredArrivals: number };
  };
  /** Per tenant class (workload.classes), by name; absent without classes. */
  classes?: Record<string, ClassSummary>;
  /** Per load stage (arrival process `stages`), by the stage a request arrived in; absent otherwise. */
  stages?: StageSummary[];
  /** With stages: the ladder's peak stage output and the highest rate holding the SLO from the bottom. */
  ladder?: LadderSummary;
  /** Present for a trace replay: rows replayed from the window, failed (zero-token) rows and malformed rows skipped. */
  trace?: { file: string; format: string; rows: number; emptyRows: number; skippedBadRows: number; timeScale: number };
}

/**
 * The figures of a set of requests (a tenant class, a load stage). Throughput: a class's over the
 * run's measured window (the same as the totals', so classes add up to the total); a stage's over
 * its own arrival window, what it delivered per second of offered load (drained stages,
 * inference-perf's: over its first arrival to its last request's end).
 */
export interface RequestSetSummary {
  requests: { arrived: number; completed: number; rejected: number; measured: number };
  throughput: { requestsPerSec: number; inputTokensPerSec: number; outputTokensPerSec: number };
  ttft: Distribution;
  tpot: Distribution;
  e2e: Distribution;
  prefixCache: { hitRate: number };
}

export interface ClassSummary extends RequestSetSummary {
  share: number;
  priority: number;
  adapter?: string;
  slo: { met: boolean; goodput: number; targets: { ttftP95?: number; tpotP95?: number } };
}

export interface StageSummary extends RequestSetSummary {
  rate: number;
  start: number;
  end: number;
  slo: { met: boolean; goodput: number };
}

export interface AutoscalingSummary {
  /** Accelerator-hours billed, each replica from its scale-up decision to its termination. */
  gpuHours: number;
  usd: number;
  variants: { name: string; minReplicas: number; maxReplicas: number; replicaHours: number; gpuHours: number; usd: number; meanReplicas: number; peakReplicas: number; scaleUps: number; scaleDowns: number }[];
  /** Every change of a variant's replica count (the target applied). */
  events: ScaleEvent[];
  /**
   * With a variant that may scale to zero: requests that waited at the gateway for a replica to
   * come up (released or timed out), and their waits in seconds.
   */
  coldStarts?: { requests: number; meanWaitSeconds: number; maxWaitSeconds: number };
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

/** TTFT over requests that arrived in a window and completed; `failed`: those that arrived in it and failed. */
export interface WindowTtft {
  from: number;
  to: number;
  completed: number;
  failed: number;
  p50: number;
  p95: number;
}

export interface FaultSummary extends FaultRecord {
  /** Arrivals from the previous fault's recovery (or warm-up) to this failure. */
  before: WindowTtft;
  /** Arrivals from the failure until the group is ready again (or the end of the run). */
  during: WindowTtft;
  /** Arrivals from the group's recovery to the next failure (or the end); absent if it never recovered. */
  after?: WindowTtft;
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
    rec.numMeasured + rec.numFailedMeasured > 0 &&
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
      ...((sim.faults || sim.autoscaler || sim.config.workload.requestTimeout !== undefined) && { failed: rec.numFailed, retried: rec.numRetried }),
      ...(sim.config.workload.requestTimeout !== undefined && { timedOut: rec.numTimedOut }),
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
      // A failed request met no SLO (numFailedMeasured is 0 without faults).
      goodput: round(rec.numMeasured + rec.numFailedMeasured > 0 ? rec.numWithinSlo / (rec.numMeasured + rec.numFailedMeasured) : 0),
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
    ...(sim.faults && { faults: faultSummaries(sim.faults.records, rec, simulatedSeconds) }),
    ...(sim.autoscaler && { autoscaling: autoscalingSummary(sim.autoscaler, simulatedSeconds, sim.coldStart) }),
    ...((sim.faults || sim.autoscaler) && { ttftOverTime: ttftOverTime(rec) }),
    sim: {
      events: sim.engine.numEvents,
      simulatedSeconds: round(simulatedSeconds),
      wallSeconds: 0,
      peakRssMB: 0,
      ...(sim.sloAbort?.decided && { stoppedEarly: { misses: sim.sloAbort.misses, measuredArrivals: sim.sloAbort.measuredArrivals } }),
    },
    ...(rec.classes.length > 0 && { classes: classSummaries(sim, perSec) }),
    ...(rec.stages.length > 0 && withLadder(stageSummaries(sim), rec.warmup, ttftP95 !== undefined || tpotP95 !== undefined)),
    ...(sim.config.trace && { trace: { ...sim.config.trace.stats, timeScale: round(sim.config.trace.stats.timeScale) } }),
  };
}

function autoscalingSummary(a: Autoscaler, end: number, cold: ColdStartQueue | undefined): AutoscalingSummary {
  const bills = a.billing(end);
  const variants = a.variants.map((v, k) => {
    const events = a.events.filter((e) => e.variant === v.name);
    const bill = bills[k];
    return {
      name: v.name,
      minReplicas: v.minReplicas,
      maxReplicas: v.maxReplicas,
      replicaHours: round(bill.replicaHours),
      gpuHours: round(bill.gpuHours),
      usd: round(bill.usd),
      meanReplicas: round(end > 0 ? (bill.replicaHours * 3600) / end : v.initial),
      peakReplicas: events.reduce((m, e) => Math.max(m, e.to), v.initial),
      scaleUps: events.filter((e) => e.to > e.from).length,
      scaleDowns: events.filter((e) => e.to < e.from).length,
    };
  });
  return {
    gpuHours: round(bills.reduce((x, b) => x + b.gpuHours, 0)),
    usd: round(bills.reduce((x, b) => x + b.usd, 0)),
    variants,
    events: a.events.map((e) => ({ ...e, t: round(e.t) })),
    ...(cold && {
      coldStarts: { requests: cold.numWaited, meanWaitSeconds: round(cold.numWaited > 0 ? cold.waitSeconds / cold.numWaited : 0), maxWaitSeconds: round(cold.maxWaitSeconds) },
    }),
  };
}

/** The figures a set of requests (a tenant class, a load stage) reports, over its own rate window. */
function setFigures(c: ClassStats, perSec: (x: number) => number) {
  const ttft = distributionOf(c.ttft);
  const tpot = distributionOf(c.tpot);
  const { ttftP95, tpotP95 } = c.targets.slo;
  return {
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
}

function classSummaries(sim: Simulation, perSec: (x: number) => number): Record<string, ClassSummary> {
  const specs = tenantClasses(sim.config) ?? [];
  const out: Record<string, ClassSummary> = {};
  sim.recorder.classes.forEach((c, i) => {
    const spec = specs[i];
    const f = setFigures(c, perSec);
    const { ttftP95, tpotP95 } = c.targets.slo;
    out[c.targets.name] = {
      share: round(spec.share),
      priority: spec.priority,
      ...(spec.adapter !== undefined && { adapter: spec.adapter }),
      ...f,
      slo: { ...f.slo, targets: { ...(ttftP95 !== undefined && { ttftP95 }), ...(tpotP95 !== undefined && { tpotP95 }) } },
    };
  });
  return out;
}

/** Windows between faults, in time order: before → during → after each, clipped to the run. */
function faultSummaries(records: readonly FaultRecord[], rec: MetricsRecorder, end: number): FaultSummary[] {
  const order = records.map((_, i) => i).sort((a, b) => records[a].at - records[b].at || a - b);
  const out: FaultSummary[] = new Array(records.length);
  let prevReady = rec.warmup;
  order.forEach((i, j) => {
    const r = records[i];
    const nextAt = j + 1 < order.length ? records[order[j + 1]].at : Infinity;
    const readyOrEnd = r.readyAt ?? Math.max(end, r.at);
    out[i] = {
      ...r,
      before: windowTtft(rec, Math.min(prevReady, r.at), r.at),
      during: windowTtft(rec, r.at, readyOrEnd),
      ...(r.readyAt !== null && { after: windowTtft(rec, r.readyAt, Math.max(r.readyAt, Math.min(nextAt, end))) }),
    };
    prevReady = Math.max(prevReady, r.readyAt ?? r.at);
  });
  return out;
}

function withLadder(stages: StageSummary[], warmup: number, hasSloTargets: boolean): { stages: StageSummary[]; ladder?: LadderSummary } {
  const ladder = ladderSummary(stages, warmup, hasSloTargets);
  return { stages, ...(ladder && { ladder }) };
}

/**
 * A stage's figures over its window: the arrival window, or for drained stages (inference-perf's)
 * its requests' first arrival to last end, the span inference-perf divides throughput by.
 */
function stageSummaries(sim: Simulation): StageSummary[] {
  const windows = stageWindows(sim.config);
  const a = sim.config.workload.arrival;
  const drained = a?.process === 'stages' && a.drain === true;
  return sim.recorder.stages.map((c, i) => {
    const span = sim.recorder.stageSpans[i];
    const { rate } = windows[i];
    const [start, end] = drained ? (span.last > span.first ? [span.first, span.last] : [0, 0]) : [windows[i].start, windows[i].end];
    return { rate, start: round(start), end: round(end), ...setFigures(c, (x) => (end > start ? x / (end - start) : 0)) };
  });
}

function windowTtft(rec: MetricsRecorder, from: number, to: number): WindowTtft {
  const arrivals = rec.timedArrivals!;
  const ttfts = rec.timedTtfts!;
  const inWindow: number[] = [];
  for (let i = 0; i < arrivals.length; i++) {
    const a = arrivals.get(i);
    if (a >= from && a < to) inWindow.push(ttfts.get(i));
  }
  const sorted = Float64Array.from(inWindow).sort();
  return {
    from: round(from),
    to: round(to),
    completed: sorted.length,
    failed: countIn(rec.failedArrivals!, from, to),
    p50: round(quantileSorted(sorted, 0.5)),
    p95: round(quantileSorted(sorted, 0.95)),
  };
}

function countIn(b: SampleBuffer, from: number, to: number): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) if (b.get(i) >= from && b.get(i) < to) n++;
  return n;
}

/** About this many buckets, each a round number of seconds (1, 2, 5 × 10^k). */
const TIMELINE_BUCKETS = 40;

function ttftOverTime(rec: MetricsRecorder): WindowTtft[] {
  let last = rec.warmup;
  const a = rec.timedArrivals!;
  for (let i = 0; i < a.length; i++) if (a.get(i) > last) last = a.get(i);
  const f = rec.failedArrivals!;
  for (let i = 0; i < f.length; i++) if (f.get(i) > last) last = f.get(i);
  const span = last - rec.warmup;
  if (!(span > 0)) return [];
  const raw = span / TIMELINE_BUCKETS;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const width = [1, 2, 5, 10].map((m) => m * pow).find((w) => w >= raw)!;
  const out: WindowTtft[] = [];
  for (let from = rec.warmup; from <= last; from += width) out.push(windowTtft(rec, from, from + width));
  return out;
}
