import type { Summary } from '../sim/metrics/summary.js';
import { summarize } from '../sim/metrics/summary.js';
import { Simulation, type SimConfig, type SimProgress } from '../sim/simulation.js';

export interface RunOptions {
  /** The sweep point this run stands for (empty for a plain run). */
  point?: Record<string, unknown>;
  onProgress?: (p: SimProgress) => void;
}

/**
 * Runs one simulation and returns its summary, with wall time and peak memory filled in.
 * After the run the invariants every run must satisfy are checked; a violation is a simulator
 * bug and throws.
 */
export function runSimulation(name: string, config: SimConfig, opts: RunOptions = {}): Summary {
  const t0 = process.hrtime.bigint();
  const sim = new Simulation(config);
  const end = sim.run(opts.onProgress);
  const summary = summarize(sim, name, opts.point ?? {}, end);
  checkInvariants(sim, summary);
  summary.sim.wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  summary.sim.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  return summary;
}

function checkInvariants(sim: Simulation, s: Summary): void {
  const r = s.requests;
  // Every request is accounted for exactly once: completed, rejected, or still in flight.
  if (r.completed + r.rejected + r.inFlight !== r.arrived) {
    throw new Error(`request conservation broken: ${JSON.stringify(r)}`);
  }
  for (const pod of sim.pods) {
    // No KV block leaks: blocks referenced by live requests plus free blocks = usable blocks.
    const live = new Set<number>();
    for (const req of pod.scheduler.running) for (const b of req.blocks) live.add(b);
    if (live.size + pod.kv.pool.numFreeBlocks !== pod.kv.pool.numUsableBlocks) {
      throw new Error(`${pod.name}: KV blocks leaked (${live.size} live + ${pod.kv.pool.numFreeBlocks} free ≠ ${pod.kv.pool.numUsableBlocks})`);
    }
  }
}
