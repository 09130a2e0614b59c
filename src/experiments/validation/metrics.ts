/**
 * Which dotted paths into summary.json a validation case may compare: every number of the summary
 * contract (DESIGN §4), found by walking a zero-valued summary whose type is `Summary`, so a field
 * added to the summary becomes a valid metric and a removed one stops being valid at compile time.
 */
import { getPath, parsePath } from '../../scenario/set.js';
import { didYouMean } from '../../scenario/wording.js';
import type { PodSummary, StageSummary, Summary } from '../../sim/metrics/summary.js';

const DIST = { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0 };

const STAGE: StageSummary = {
  rate: 0,
  start: 0,
  end: 0,
  requests: { arrived: 0, completed: 0, rejected: 0, measured: 0 },
  throughput: { requestsPerSec: 0, inputTokensPerSec: 0, outputTokensPerSec: 0 },
  ttft: DIST,
  tpot: DIST,
  e2e: DIST,
  prefixCache: { hitRate: 0 },
  slo: { met: false, goodput: 0 },
};

const POD: PodSummary = { name: '', requests: 0, kvUtilMean: 0, queueMean: 0, runningMean: 0, steps: 0, numGpuBlocks: 0 };

const SHAPE: Summary = {
  scenario: '',
  seed: 0,
  point: {},
  requests: { arrived: 0, completed: 0, rejected: 0, preempted: 0, inFlight: 0, measured: 0 },
  throughput: { requestsPerSec: 0, inputTokensPerSec: 0, outputTokensPerSec: 0 },
  ttft: DIST,
  tpot: DIST,
  itl: DIST,
  e2e: DIST,
  prefixCache: { hitRate: 0 },
  slo: { met: false, goodput: 0, targets: {} },
  pods: [POD],
  sim: { events: 0, simulatedSeconds: 0, wallSeconds: 0, peakRssMB: 0 },
  // Optional blocks a case may name when its scenario produces them (checked in checkMetricPath).
  ladder: { peakOutputTokensPerSec: 0, peakOutputRate: 0, sloRate: 0 },
  stages: [STAGE],
};

/** What a case's scenario produces beyond the summary's required fields. */
export interface ScenarioShape {
  numPods: number;
  /** Load stages (arrival process `stages`, an imported inference-perf profile): `ladder.*` exists. */
  stages: boolean;
  /** How many (`stages.N.*`, N counted from 0 with a warm-up stage first when there is one). */
  numStages: number;
  /** SLO targets: `ladder.sloRate` exists. */
  slo: boolean;
}

/** Fields that differ between two runs of the same scenario and seed: never a validation metric. */
const NOT_DETERMINISTIC = new Set(['sim.wallSeconds', 'sim.peakRssMB']);

function numericLeaves(value: unknown, prefix: string): string[] {
  if (typeof value === 'number') return [prefix];
  if (Array.isArray(value)) return numericLeaves(value[0], `${prefix}.N`);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => numericLeaves(v, prefix ? `${prefix}.${k}` : k));
  }
  return [];
}

/** The metric paths a case may name, pods written `pods.N.field` (N a pod index), stages `stages.N.field`. */
export const METRIC_PATHS: readonly string[] = numericLeaves(SHAPE, '').filter((p) => !NOT_DETERMINISTIC.has(p));

/**
 * Why `metric` is not a comparable number of a summary with `numPods` pods, or undefined when it is.
 * The reason is a sentence fragment; `expected` lists what would have been accepted.
 */
export function checkMetricPath(metric: string, shape: ScenarioShape): string | undefined {
  const { numPods } = shape;
  const path = parsePath(metric);
  if (!path) return `\`${metric}\` is not a dotted path such as throughput.outputTokensPerSec`;
  const generic = path.map((k) => (typeof k === 'number' ? 'N' : k)).join('.');
  if (NOT_DETERMINISTIC.has(generic)) return `\`${metric}\` differs from run to run (wall clock, memory); it cannot be validated`;
  if (!METRIC_PATHS.includes(generic)) return `\`${metric}\` is not a number in summary.json${didYouMean(generic, METRIC_PATHS)}`;
  if ((path[0] === 'ladder' || path[0] === 'stages') && !shape.stages) {
    return `\`${metric}\` exists only for a run with load stages (workload.arrival.process: stages, or workload.inferencePerf)`;
  }
  if (generic === 'ladder.sloRate' && !shape.slo) return `\`${metric}\` needs SLO targets (slo: { ttftP95 or tpotP95 })`;
  if (path[0] === 'stages') {
    const i = path[1] as number;
    if (i >= shape.numStages) {
      return `\`${metric}\` names stage ${i}, but the scenario has ${shape.numStages} stage${shape.numStages === 1 ? '' : 's'} (0–${shape.numStages - 1}, a warm-up stage first)`;
    }
  }
  const podIndex = path[0] === 'pods' ? path[1] : undefined;
  if (typeof podIndex === 'number' && podIndex >= numPods) {
    return `\`${metric}\` names pod ${podIndex}, but the scenario has ${numPods} pod${numPods === 1 ? '' : 's'} (0–${numPods - 1})`;
  }
  return undefined;
}

/** The number at `metric` in a summary; a case's metrics were checked at load time, so a miss throws. */
export function readMetric(summary: Summary, metric: string): number {
  const path = parsePath(metric);
  const value = path ? getPath(summary, path) : undefined;
  if (typeof value !== 'number') throw new Error(`summary has no number at ${metric} (got ${String(value)})`);
  return value;
}
