/**
 * The sized fleet, made as small as it can be: replicas = ⌈target ÷ one replica's SLO rate⌉ is an
 * upper estimate when the fleet holds more per replica than a lone replica does (prefix-aware
 * routing spreads a workload's prefix groups over the fleet, so each pod caches fewer of them).
 * Bisects the replica count down between a lower bound and the verified size, every candidate's
 * run of a round in parallel; each step is a simulated run of the whole fleet at the target rate
 * (stopped early once it certainly misses), so the result is a fleet verified to meet it.
 */
import type { Summary } from '../../sim/metrics/summary.js';
import type { RunJob } from '../job.js';
import { sloAttainment } from '../max-rate.js';
import type { JobRunner } from '../parallel/pool.js';
import { unwrap } from '../sweep.js';
import type { CandidateResult } from './plan.js';

export interface Shrinkable {
  /** Verified to meet the target with r.replicas. */
  r: CandidateResult;
  /** No fewer replicas than this (the roofline estimate, with its margin). */
  lo: number;
  /** The whole fleet's run at the target rate with n replicas (units, for P/D). */
  job(n: number): RunJob;
  /** n replicas met the target: record the smaller fleet and its run. */
  resize(n: number, summary: Summary): void;
}

export async function shrinkFleets(pool: JobRunner, fleets: readonly Shrinkable[], o: { goodput: number; signal?: AbortSignal }): Promise<void> {
  const state = fleets.map((f) => ({ f, lo: Math.min(f.lo, f.r.replicas!), hi: f.r.replicas! }));
  for (;;) {
    o.signal?.throwIfAborted();
    const open = state.filter((s) => s.lo < s.hi);
    if (open.length === 0) return;
    const mids = open.map((s) => Math.floor((s.lo + s.hi) / 2));
    const runs = await pool.run(open.map((s, i) => s.f.job(mids[i])));
    open.forEach((s, i) => {
      const summary = unwrap(runs[i]).summary;
      if (sloAttainment(summary) >= o.goodput) {
        s.hi = mids[i];
        s.f.resize(mids[i], summary);
      } else {
        s.lo = mids[i] + 1;
      }
    });
  }
}
