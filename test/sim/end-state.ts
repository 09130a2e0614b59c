import { expect } from 'vitest';
import type { Simulation } from '../../src/sim/simulation.js';

/**
 * The end state every drained run must reach, whatever scaled or failed on the way: each request
 * ended exactly once (completed, rejected or failed), none is in flight, every pod is idle with all
 * its KV blocks free, and a pod the autoscaler switched off holds no cached block either.
 */
export function expectDrainedEndState(sim: Simulation): void {
  const rec = sim.recorder;
  expect(rec.numCompleted + rec.numRejected + rec.numFailed).toBe(rec.numArrived);
  expect(sim.numInFlight).toBe(0);
  for (const pod of sim.pods) {
    expect(pod.scheduler.hasRequests).toBe(false);
    expect(pod.kv.pool.numFreeBlocks).toBe(pod.kv.pool.numUsableBlocks);
    if (pod.state === 'off') expect(pod.kv.pool.numCachedBlocks).toBe(0);
  }
}
