import type { Uniform } from '../rng.js';
import type { ArrivalSpec } from './types.js';
import { createGamma, createStandardNormal } from './variates.js';

/** Arrival times of successive requests, in simulated seconds, never decreasing. */
export interface ArrivalProcess {
  nextTime(): number;
}

/**
 * Arrival processes, all starting at t = 0:
 * - poisson: exponential gaps with mean 1/rate; the first request arrives after one gap.
 * - gamma: a renewal process with gamma gaps of mean 1/rate and coefficient of variation cv
 *   (shape k = 1/cv², scale = 1/(rate·k)); cv = 1 is poisson, cv > 1 is burstier.
 * - constant: request n arrives at n/rate, starting with n = 0, so `duration` D at rate r gives
 *   exactly r·D requests. Computed as n/rate rather than summed, so times do not drift.
 * - burst: every request at t = 0 (the stop must then be a request count).
 */
export function createArrivalProcess(spec: ArrivalSpec, uniform: Uniform): ArrivalProcess {
  switch (spec.process) {
    case 'poisson': {
      const mean = 1 / checkRate(spec.rate);
      let t = 0;
      // 1 - u lies in (0, 1], so the gap is finite.
      return { nextTime: () => (t += -Math.log(1 - uniform()) * mean) };
    }
    case 'gamma': {
      const rate = checkRate(spec.rate);
      if (!(spec.cv > 0) || !Number.isFinite(spec.cv)) {
        throw new RangeError(`gamma arrival cv must be a positive finite number, got ${spec.cv}`);
      }
      const shape = 1 / (spec.cv * spec.cv);
      const scale = 1 / (rate * shape);
      const gamma = createGamma(shape, uniform, createStandardNormal(uniform));
      let t = 0;
      return { nextTime: () => (t += gamma() * scale) };
    }
    case 'constant': {
      const rate = checkRate(spec.rate);
      let n = 0;
      return { nextTime: () => n++ / rate };
    }
    case 'burst':
      return { nextTime: () => 0 };
    default:
      throw new Error(`unknown arrival process ${(spec as { process: unknown }).process}`);
  }
}

function checkRate(rate: number): number {
  if (!(rate > 0) || !Number.isFinite(rate)) {
    throw new RangeError(`arrival rate must be a positive finite number of req/s, got ${rate}`);
  }
  return rate;
}
