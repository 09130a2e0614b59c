import type { Uniform } from '../rng.js';
import type { ArrivalSpec, StageSpec } from './types.js';
import { createGamma, createStandardNormal, gammaFunction } from './variates.js';

/**
 * Arrival times of successive requests, in simulated seconds, never decreasing. A finite process
 * (stages) returns Infinity once it is over.
 */
export interface ArrivalProcess {
  nextTime(): number;
}

/** True when the process ends by itself (so a scenario needs no stop). */
export function isFiniteArrival(spec: ArrivalSpec): boolean {
  return spec.process === 'stages';
}

/**
 * Arrival processes, all starting at t = 0:
 * - poisson: exponential gaps with mean 1/rate; the first request arrives after one gap.
 * - gamma: a renewal process with gamma gaps of mean 1/rate and coefficient of variation cv
 *   (shape k = 1/cv², scale = 1/(rate·k)); cv = 1 is poisson, cv > 1 is burstier.
 * - constant: request n arrives at n/rate, starting with n = 0, so `duration` D at rate r gives
 *   exactly r·D requests. Computed as n/rate rather than summed, so times do not drift.
 * - burst: every request at t = 0 (the stop must then be a request count).
 * - weibull: a renewal process with Weibull(shape k) gaps of mean 1/rate (scale 1/(rate·Γ(1+1/k)));
 *   k < 1 is burstier than poisson, k = 1 is poisson, k > 1 more regular.
 * - stages: inference-perf's load stages, `rate` req/s for `duration` s each, `interval` s of
 *   silence between stages; `type: poisson` is a piecewise-constant-rate Poisson process,
 *   `type: constant` spaces each stage's requests 1/rate apart from the stage's start. The process
 *   ends after the last stage.
 * - diurnal: a Poisson process whose rate follows a sinusoid (by thinning) or a table of rates
 *   per slot of the period (piecewise constant, repeated).
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
    case 'weibull': {
      const rate = checkRate(spec.rate);
      const k = spec.shape;
      if (!(k > 0) || !Number.isFinite(k)) throw new RangeError(`weibull arrival shape must be a positive finite number, got ${k}`);
      const scale = 1 / (rate * gammaFunction(1 + 1 / k));
      const invK = 1 / k;
      let t = 0;
      return { nextTime: () => (t += scale * Math.pow(-Math.log(1 - uniform()), invK)) };
    }
    case 'stages':
      return spec.type === 'constant' ? constantStages(spec.stages, spec.interval) : piecewisePoisson(stageSegments(spec.stages, spec.interval), 0, uniform);
    case 'diurnal': {
      const period = spec.period;
      if (!(period > 0)) throw new RangeError(`diurnal period must be > 0, got ${period}`);
      if (spec.table) {
        const slot = period / spec.table.length;
        if (!spec.table.some((r) => r > 0)) throw new RangeError('a diurnal rate table needs a rate > 0');
        const segments = spec.table.map((rate, i) => ({ start: i * slot, end: (i + 1) * slot, rate }));
        return piecewisePoisson(segments, period, uniform);
      }
      return sinusoidPoisson(checkRate(spec.rate ?? NaN), spec.amplitude ?? 0, period, spec.phase ?? 0, uniform);
    }
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

interface Segment {
  start: number;
  end: number;
  rate: number;
}

function stageSegments(stages: readonly StageSpec[], interval: number): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  for (const { rate, duration } of stages) {
    if (!(rate >= 0) || !(duration > 0)) throw new RangeError(`a stage needs rate ≥ 0 and duration > 0, got ${rate}:${duration}`);
    out.push({ start, end: start + duration, rate });
    start += duration + interval;
  }
  return out;
}

/**
 * A Poisson process with a piecewise-constant rate, by time change: one unit-mean exponential per
 * arrival is spent across segments at each segment's rate, so the process stays memoryless at a
 * boundary. `period` > 0 repeats the segments every period; 0 ends the process (Infinity) after
 * the last one.
 */
function piecewisePoisson(segments: readonly Segment[], period: number, uniform: Uniform): ArrivalProcess {
  let t = 0;
  let i = 0;
  let offset = 0;
  return {
    nextTime(): number {
      let e = -Math.log(1 - uniform());
      for (;;) {
        if (i === segments.length) {
          if (period <= 0) return (t = Infinity);
          i = 0;
          offset += period;
        }
        const seg = segments[i];
        const start = seg.start + offset;
        const end = seg.end + offset;
        if (t < start) t = start;
        if (seg.rate > 0) {
          const candidate = t + e / seg.rate;
          if (candidate < end) return (t = candidate);
          e -= (end - t) * seg.rate;
        }
        t = end;
        i++;
      }
    },
  };
}

/** Each stage's requests at start + n/rate, n = 0, 1, ... while before the stage's end. */
function constantStages(stages: readonly StageSpec[], interval: number): ArrivalProcess {
  const segments = stageSegments(stages, interval);
  let i = 0;
  let n = 0;
  return {
    nextTime(): number {
      while (i < segments.length) {
        const seg = segments[i];
        if (seg.rate > 0) {
          const t = seg.start + n / seg.rate;
          if (t < seg.end) {
            n++;
            return t;
          }
        }
        i++;
        n = 0;
      }
      return Infinity;
    },
  };
}

/**
 * Poisson with rate λ(t) = rate·(1 + a·sin(2πt/period + phase)) by thinning (Lewis & Shedler):
 * candidates at the peak rate, each kept with probability λ(t)/peak.
 */
function sinusoidPoisson(rate: number, amplitude: number, period: number, phase: number, uniform: Uniform): ArrivalProcess {
  if (!(amplitude >= 0 && amplitude <= 1)) throw new RangeError(`diurnal amplitude must be in [0, 1], got ${amplitude}`);
  const peak = rate * (1 + amplitude);
  const w = (2 * Math.PI) / period;
  let t = 0;
  return {
    nextTime(): number {
      for (;;) {
        t += -Math.log(1 - uniform()) / peak;
        if (uniform() * peak < rate * (1 + amplitude * Math.sin(w * t + phase))) return t;
      }
    },
  };
}

/** Drained stages (inference-perf's load generator): arrival times that wait on the run. */
export interface DrainedStages extends ArrivalProcess {
  /** The stage of the time nextTime() last returned. */
  readonly stage: number;
  /** True when nextTime() returned Infinity because the stage in flight has to end first. */
  readonly waiting: boolean;
  /** Every request sent so far has ended at `now`: the next stage starts. */
  release(now: number): void;
}

/**
 * inference-perf's stages as its multi-process load generator runs them
 * (kubernetes-sigs/inference-perf inference_perf/loadgen/load_generator.py run_stage / mp_run,
 * load_timer.py @7de5ef2):
 * - a stage sends exactly int(rate·duration) requests, timed from `start_time = now + 1 s`;
 * - it ends when every one of them has finished, failed or timed out (`while
 *   finished_requests_counter < num_requests`), then the generator sleeps `interval` s before the
 *   next stage, so stages never overlap and each begins on a drained fleet;
 * - poisson: PoissonLoadTimer draws a Poisson(rate) count per second (a second with none is
 *   skipped) and spreads that second's requests by exponential gaps scaled to sum to 1 s;
 *   constant: ConstantLoadTimer, int(rate·duration) exponential gaps scaled to sum to `duration`.
 */
export function createDrainedStages(spec: { type: 'poisson' | 'constant'; stages: readonly StageSpec[]; interval: number }, uniform: Uniform): DrainedStages {
  for (const { rate, duration } of spec.stages) {
    if (!(rate > 0) || !(duration > 0)) throw new RangeError(`a stage needs rate > 0 and duration > 0, got ${rate}:${duration}`);
  }
  const exp = () => -Math.log(1 - uniform());
  let stage = -1;
  let offsets: number[] = [];
  let j = 0;
  let start = 0;
  let waiting = false;
  const begin = (now: number) => {
    stage++;
    waiting = false;
    const { rate, duration } = spec.stages[stage];
    const n = Math.floor(rate * duration);
    start = now + 1; // run_stage: "allow generation a second to begin populating the queue"
    offsets = spec.type === 'poisson' ? poissonTimer(rate, n, exp) : spreadGaps(n, duration, exp);
    j = 0;
  };
  begin(0);
  return {
    get stage() {
      return stage;
    },
    get waiting() {
      return waiting;
    },
    nextTime(): number {
      if (j < offsets.length) return start + offsets[j++];
      waiting = stage + 1 < spec.stages.length; // else the process is over
      return Infinity;
    },
    release(now: number): void {
      if (!waiting) throw new Error('release() while no stage is waiting to drain');
      begin(now + spec.interval);
    },
  };
}

/** `n` exponential gaps scaled to sum to `span`, as running offsets (ConstantLoadTimer). */
function spreadGaps(n: number, span: number, exp: () => number): number[] {
  const gaps = Array.from({ length: n }, exp);
  const scale = span / gaps.reduce((a, b) => a + b, 0);
  let t = 0;
  return gaps.map((g) => (t += g * scale));
}

/** The first `n` times of PoissonLoadTimer: per second a Poisson(rate) count, spread over that second. */
function poissonTimer(rate: number, n: number, exp: () => number): number[] {
  const out: number[] = [];
  let second = 0;
  while (out.length < n) {
    // Poisson(rate): unit-rate exponential arrivals before `rate`.
    let count = 0;
    for (let s = exp(); s < rate; s += exp()) count++;
    if (count > 0) for (const t of spreadGaps(count, 1, exp)) if (out.length < n) out.push(second + t);
    second++;
  }
  return out;
}
