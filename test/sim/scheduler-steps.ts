import type { Scheduler } from '../../src/sim/scheduler.js';
import { SchedulerOutput } from '../../src/sim/scheduler-output.js';

/** Applies a step's outputs as the pod does: sample where caught up, finish at maxTokens. */
export function completeStep(s: Scheduler, out: SchedulerOutput): void {
  for (const r of out.reqs) {
    if (r.numComputedTokens === r.numTokens) {
      r.numOutputTokens++;
      if (r.numOutputTokens >= r.maxTokens) r.status = 'FINISHED';
    }
  }
  s.removeFinished();
}

/** One step: request id → tokens scheduled, in batch order. */
export function step(s: Scheduler, out = new SchedulerOutput()): Map<number, number> {
  s.schedule(out);
  const m = new Map(out.reqs.map((r, i) => [r.id, out.numScheduledTokens[i]] as const));
  completeStep(s, out);
  return m;
}
