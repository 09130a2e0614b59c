/**
 * The sized fleet, made as small as it can be: replicas = ⌈target ÷ one replica's SLO rate⌉ is an
 * upper estimate when the fleet holds more per replica than a lone replica does (prefix-aware
 * routing spreads a workload's prefix groups over the fleet, so each pod caches fewer of them).
 * Bisects the replica count down between the roofline's lower bound and the verified size,
 * every candidate's probe of a round in parallel; each step is a simulated run of the whole
 * fleet at the target rate, so the result is a fleet verified to meet it.
 */
import { setArg, type RunJob } from '../job.js';
import { RATE_PATH, sloAttainment } from '../max-rate.js';
import type { JobRunner } from '../parallel/pool.js';
import { unwrap } from '../sweep.js';
import type { CandidateResult } from './plan.js';

export interface ShrinkOptions {
  file: string;
  sets: readonly string[];
  targetRate: number;
  goodput: number;
  /** The roofline estimate is not a strict bound: no fewer than ⌈target ÷ (margin × estimate)⌉. */
  rooflineMargin: number;
  signal?: AbortSignal;
}

/** Lowers each met candidate's `replicas` (and `atTarget`) to the smallest count verified to meet the target. */
export async function shrinkFleets(pool: JobRunner, met: CandidateResult[], o: ShrinkOptions): Promise<void> {
  const bounds = new Map(
    met.map((r) => [r, { lo: Math.max(1, Math.ceil(o.targetRate / (o.rooflineMargin * r.bound!.maxRate))), hi: r.replicas! }]),
  );
  for (;;) {
    o.signal?.throwIfAborted();
    const open = met.filter((r) => bounds.get(r)!.lo < bounds.get(r)!.hi);
    if (open.length === 0) return;
    const mids = open.map((r) => {
      const b = bounds.get(r)!;
      return Math.floor((b.lo + b.hi) / 2);
    });
    const jobs: RunJob[] = open.map((r, i) => ({
      file: o.file,
      sets: [...o.sets, ...r.config.sets, setArg('cluster.pools.0.replicas', mids[i]), setArg(RATE_PATH, o.targetRate)],
      point: { replicas: mids[i] },
    }));
    const runs = await pool.run(jobs);
    open.forEach((r, i) => {
      const b = bounds.get(r)!;
      const summary = unwrap(runs[i]).summary;
      if (sloAttainment(summary) >= o.goodput) {
        b.hi = mids[i];
        r.replicas = mids[i];
        r.atTarget = summary;
      } else {
        b.lo = mids[i] + 1;
      }
    });
  }
}
