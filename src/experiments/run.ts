import type { Summary } from '../sim/metrics/summary.js';
import { summarize } from '../sim/metrics/summary.js';
import { quantileSorted } from '../sim/metrics/samples.js';
import type { TimelineSample } from '../sim/metrics/timeline.js';
import { Simulation, type SimConfig, type SimProgress } from '../sim/simulation.js';

export interface RunOptions {
  /** The sweep point this run stands for (empty for a plain run). */
  point?: Record<string, unknown>;
  onProgress?: (p: SimProgress) => void;
}

/** What a report draws besides the summary: latency CDFs and per-pod gauges over time. */
export interface RunDetail {
  cdf: { metric: 'ttft' | 'tpot' | 'e2e'; quantiles: { q: number; value: number }[] }[];
  timeline: { pods: string[]; samples: TimelineSample[] };
}

/** The quantiles a CDF is drawn through: every percent, and the tail finer. */
const CDF_QS = [...Array.from({ length: 100 }, (_, i) => i / 100), 0.995, 0.999, 1];

/** Timeline spacing before thinning; PodTimeline doubles it as a long run goes on. */
const TIMELINE = { interval: 0.5, maxSamples: 400 };

/**
 * Runs one simulation and returns its summary, with wall time and peak memory filled in.
 * After the run the invariants every run must satisfy are checked; a violation is a simulator
 * bug and throws.
 */
export function runSimulation(name: string, config: SimConfig, opts: RunOptions = {}): Summary {
  return simulate(name, config, opts).summary;
}

/** As runSimulation, also sampling what a report draws; the summary is the same as without. */
export function runSimulationDetailed(name: string, config: SimConfig, opts: RunOptions = {}): { summary: Summary; detail: RunDetail } {
  const { summary, sim } = simulate(name, { ...config, timeline: config.timeline ?? TIMELINE }, opts);
  const rec = sim.recorder;
  const cdf = (['ttft', 'tpot', 'e2e'] as const).map((metric) => {
    const sorted = rec[metric].sorted();
    const quantiles = sorted.length === 0 ? [] : CDF_QS.map((q) => ({ q, value: quantileSorted(sorted, q) }));
    return { metric, quantiles };
  });
  const timeline = { pods: sim.pods.map((p) => p.name), samples: sim.timeline?.samples ?? [] };
  return { summary, detail: { cdf, timeline } };
}

function simulate(name: string, config: SimConfig, opts: RunOptions): { summary: Summary; sim: Simulation } {
  const t0 = process.hrtime.bigint();
  const sim = new Simulation(config);
  const end = sim.run(opts.onProgress);
  const summary = summarize(sim, name, opts.point ?? {}, end);
  checkInvariants(sim, summary);
  summary.sim.wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  summary.sim.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  return { summary, sim };
}

function checkInvariants(sim: Simulation, s: Summary): void {
  const r = s.requests;
  // Every request is accounted for exactly once: completed, rejected, failed, or still in flight.
  if (r.completed + r.rejected + (r.failed ?? 0) + r.inFlight !== r.arrived) {
    throw new Error(`request conservation broken: ${JSON.stringify(r)}`);
  }
  for (const pod of sim.pods) {
    // No KV block leaks: blocks referenced by live requests plus free blocks = usable blocks.
    // Running requests, waiting ones parked for a KV load (P/D pull or offload tier), and finished
    // P/D prefill requests holding blocks for the decode pod all own blocks.
    // Distinct blocks are counted with one mark per block (a Set of them was 3 % of bench:plan's CPU).
    const seen = new Uint8Array(pod.kv.pool.numBlocks);
    let live = 0;
    const mark = (blocks: readonly number[]) => {
      for (const b of blocks) {
        if (seen[b] === 0) {
          seen[b] = 1;
          live++;
        }
      }
    };
    for (const req of pod.scheduler.running) mark(req.blocks);
    for (const req of pod.scheduler.held) mark(req.blocks);
    for (const req of pod.scheduler.waiting) mark(req.blocks); // parked for a KV load
    if (live + pod.kv.pool.numFreeBlocks !== pod.kv.pool.numUsableBlocks) {
      throw new Error(`${pod.name}: KV blocks leaked (${live} live + ${pod.kv.pool.numFreeBlocks} free ≠ ${pod.kv.pool.numUsableBlocks})`);
    }
  }
}
