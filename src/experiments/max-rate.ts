/**
 * `fleetsim sweep --find-max-rate`: the highest arrival rate whose SLO attainment (the share of
 * requests meeting every `slo:` target, DistServe's and Vidur-Search's goodput criterion) stays at
 * or above a target, by parallel k-section: each round probes as many rates as there are workers,
 * first doubling up from the scenario's rate until one fails, then splitting the bracket.
 * Assumes attainment falls with rate, as it does once queues build.
 */
import type { Summary } from '../sim/metrics/summary.js';
import { setArg } from './job.js';
import type { JobRunner } from './parallel/pool.js';
import { unwrap } from './sweep.js';

export const RATE_PATH = 'workload.arrival.rate';
/** A replayed trace's rate: its timestamps are rescaled to this mean rate. */
export const TRACE_RATE_PATH = 'workload.trace.rate';

export interface MaxRateOptions {
  file: string;
  /** Fixed overrides. */
  sets: string[];
  startRate: number;
  /** Minimum share of requests within the SLO (default 0.99). */
  goodput: number;
  /** Stop when the bracket is this narrow relative to its top (default 0.02). */
  tolerance: number;
  /** Give up doubling past startRate × 2^maxDoublings. */
  maxDoublings?: number;
}

export interface RateProbe {
  rate: number;
  attainment: number;
  ok: boolean;
  summary: Summary;
}

export interface MaxRateResult {
  /** Highest rate probed that met the target; undefined when none did. */
  maxRate?: number;
  /** Lowest rate probed that missed it; undefined when none did (the search hit its ceiling). */
  failRate?: number;
  probes: RateProbe[];
}

/**
 * Share of requests within the SLO, counting requests still in flight at the end or rejected as
 * misses (a run that stops with a backlog has not served it within the SLO).
 */
export function sloAttainment(s: Summary): number {
  const measured = s.requests.measured;
  const denom = measured + s.requests.inFlight + s.requests.rejected;
  const attainment = denom > 0 ? (s.slo.goodput * measured) / denom : 0;
  // A run stopped at a certain miss: its figures are partial, the bound on what it would reach is not.
  const early = s.sim?.stoppedEarly;
  return early ? Math.min(attainment, (early.measuredArrivals - early.misses) / early.measuredArrivals) : attainment;
}

export async function findMaxRate(pool: JobRunner, opts: MaxRateOptions, onProbe?: (p: RateProbe) => void): Promise<MaxRateResult> {
  const k = pool.size;
  const probes: RateProbe[] = [];
  const probe = async (rates: number[]): Promise<RateProbe[]> => {
    const jobs = rates.map((rate) => ({ file: opts.file, sets: [...opts.sets, setArg(RATE_PATH, rate)], point: { [RATE_PATH]: rate } }));
    const results = await pool.run(jobs);
    const found = results.map((r, i) => {
      const summary = unwrap(r).summary;
      const attainment = sloAttainment(summary);
      return { rate: rates[i], attainment, ok: attainment >= opts.goodput, summary };
    });
    for (const p of found) {
      probes.push(p);
      onProbe?.(p);
    }
    return found;
  };
  let lo = 0; // highest rate known to pass (0: none yet)
  let hi = Infinity; // lowest rate known to fail
  const update = (found: RateProbe[]) => {
    for (const p of found) if (!p.ok && p.rate < hi) hi = p.rate;
    for (const p of found) if (p.ok && p.rate > lo && p.rate < hi) lo = p.rate;
  };

  // Up: startRate × 2^0, 2^1, ... in rounds of k until something fails.
  const maxDoublings = opts.maxDoublings ?? 12;
  for (let e = 0; hi === Infinity && e <= maxDoublings; e += k) {
    const exps = Array.from({ length: Math.min(k, maxDoublings + 1 - e) }, (_, j) => e + j);
    update(await probe(exps.map((x) => opts.startRate * 2 ** x)));
  }
  if (hi === Infinity) return { maxRate: lo, probes: sorted(probes) };

  // Split [lo, hi] into k + 1 parts per round; a floor keeps a hopeless SLO from searching forever.
  const floor = opts.startRate * 1e-3;
  while (hi - lo > opts.tolerance * hi && hi > floor) {
    const rates = Array.from({ length: k }, (_, i) => lo + ((hi - lo) * (i + 1)) / (k + 1));
    update(await probe(rates.map(roundRate)));
  }
  return { maxRate: lo > 0 ? lo : undefined, failRate: hi, probes: sorted(probes) };
}

/** Rates to 4 significant digits, so a probe is a readable --set value that reruns exactly. */
function roundRate(r: number): number {
  return Number(r.toPrecision(4));
}

function sorted(probes: RateProbe[]): RateProbe[] {
  return [...probes].sort((a, b) => a.rate - b.rate);
}
