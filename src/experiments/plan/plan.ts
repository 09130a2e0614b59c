/**
 * `fleetsim plan`: the cheapest fleet that holds a target rate under an SLO. Vidur-Search's
 * method with fleetsim's fleet in the loop:
 *  1. enumerate accelerator × precision × TP × P/D split × KV tier × router; drop what does not
 *     fit in memory and what the roofline estimate already prices over budget or past the
 *     replica limit;
 *  2. search each survivor's replica (or P/D unit) max rate under the SLO, one probe at a time,
 *     starting at its roofline estimate; probes stop at a certain SLO miss;
 *  3. size the fleet: replicas = ⌈target ÷ per-replica rate⌉ (cut to the replica limit and the
 *     budget), then simulate the whole fleet (with its router) at the target rate, adding a
 *     replica while it misses (routing and prefix affinity make fleets other than N × one replica);
 *  4. shrink a fleet that meets the target by bisecting its replica count (shrink.ts): a fleet
 *     under prefix-aware routing can hold more per replica than a lone replica;
 *  5. rank by $/h; the Pareto front over cost and SLO rate.
 * Steps 2 to 4 run in rounds over the candidates cheapest-looking first. A candidate is dropped
 * as soon as the fleets already verified dominate every fleet it could size and every fleet it
 * could shrink to (dominance.ts): its next probe is at the sizing threshold, and once its sized
 * fleets are dominated one run of the largest fleet that could still be the cheapest decides.
 * Rounds make every decision from finished runs only, so the result does not depend on the
 * workers' timing.
 */
import type { Summary } from '../../sim/metrics/summary.js';
import { setArg, type RunJob } from '../job.js';
import { RATE_PATH, sloAttainment } from '../max-rate.js';
import type { JobRunner } from '../parallel/pool.js';
import { unwrap } from '../sweep.js';
import { RateBracket } from './bracket.js';
import { enumerate, gpusPerReplica, replicaCost, replicaSets, screen, type CandidateConfig, type RooflineBound, type SearchSpace } from './candidates.js';
import { dominanceThreshold, dominatedBelow, dominator, fleetRateAfterMiss, largestOpenFleet, replicaCap, sizedDominated, type FleetPoint, type Limits } from './dominance.js';
import { ReplicaBisection } from './shrink.js';

export interface PlanOptions {
  file: string;
  /**
   * The base scenario as parsed data (overrides applied), for exporting a fleet's scenario; the
   * search itself loads `file` with `sets`, as its simulations do.
   */
  raw: unknown;
  /** Overrides every run gets (the SLO, shorter probe runs, ...). */
  sets: string[];
  space: SearchSpace;
  targetRate: number;
  prices: Record<string, number>;
  budget?: number;
  maxReplicas: number;
  goodput: number;
  tolerance: number;
  /**
   * The rate the search varies (default workload.arrival.rate); workload.trace.rate for a
   * replayed trace, whose timestamps are rescaled to that mean rate.
   */
  ratePath?: string;
  /** Candidates run side by side per round (default 8); the result depends on it, not on the workers. */
  candidatesPerRound?: number;
  /** Stops the search between rounds of runs (the terminal UI's quit); plan then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * `dominated`: dropped, as the verified fleets dominate every fleet it could size and none it could
 * shrink to would be the cheapest (reason says why; its replicas are those of the largest fleet that
 * could still have been, when that was run and missed).
 */
export type CandidateStatus = 'pruned' | 'dominated' | 'no-rate' | 'over-budget' | 'too-many-replicas' | 'missed' | 'meets';

export interface CandidateResult {
  config: CandidateConfig;
  status: CandidateStatus;
  reason?: string;
  bound?: RooflineBound;
  /** One replica's max rate under the SLO. */
  replicaRate?: number;
  replicas?: number;
  gpus?: number;
  costPerHour?: number;
  /**
   * replicas × replicaRate: the fleet's SLO rate as sized (less if a fleet a replica smaller
   * missed: fleetRateAfterMiss); the target for a fleet smaller than that (shrunk, or cut to the
   * replica limit, the budget or the largest fleet that could still win).
   */
  fleetRate?: number;
  /** The fleet's run at the target rate. */
  atTarget?: Summary;
  costPerMillionOutputTokens?: number;
  /** One replica's probes of the rate search, by rate: what the terminal UI charts. */
  probes?: ProbePoint[];
}

/** One simulated probe of one replica: its rate, whether it met the SLO and the figures that decided it. */
export interface ProbePoint {
  rate: number;
  ok: boolean;
  attainment: number;
  ttftP95: number;
  tpotP95: number;
}

export type PlanEvent =
  | { kind: 'screened'; result: CandidateResult }
  | { kind: 'probe'; id: string; rate: number; ok: boolean; point: ProbePoint }
  | { kind: 'sized'; result: CandidateResult };

export interface PlanResult {
  candidates: CandidateResult[];
  best?: CandidateResult;
  /** Cheapest-first, each with a higher SLO rate than every cheaper one. */
  front: CandidateResult[];
}

/** The largest fleet `fleetsim plan` and the terminal UI consider unless told otherwise. */
export const DEFAULT_MAX_REPLICAS = 64;

const MAX_SIZING_TRIES = 4;
const ROOFLINE_MARGIN = 2;
/**
 * Candidates given a run per round: enough to keep 2-8 workers busy, few enough that the first
 * verified fleets prune the rest. Fixed, not per worker, so the result is the same on any machine.
 */
const CANDIDATES_PER_ROUND = 8;

/** A survivor's search state. */
interface Live {
  r: CandidateResult;
  unitCost: number;
  bracket: RateBracket;
  probed: Set<number>;
  /** Fleet runs made (sizing tries). */
  tries: number;
  done: boolean;
  /**
   * The same replica without KV tier and on the first router, searched first: this one waits for
   * its bracket and starts from it.
   */
  twin?: Live;
  /**
   * No fleet of this candidate has fewer replicas, even shrunk: the roofline estimate with its
   * margin (plan tries no fewer), raised past a size that missed at the target (one replica's
   * probes say whether a fleet of one does).
   */
  floor: number;
  /** Its fleet is run smaller than its replica rate sizes; a miss then ends it with this status. */
  cut?: CandidateStatus;
  /** Verified at the target; its replica count is being bisected down. */
  shrink?: ReplicaBisection;
  /** Its fleet at the smallest size verified so far (an entry of plan's `smallest`). */
  smallest?: FleetPoint;
}

export async function plan(jobPool: JobRunner, o: PlanOptions, onEvent: (e: PlanEvent) => void = () => {}): Promise<PlanResult> {
  const pool = o.ratePath === undefined || o.ratePath === RATE_PATH ? jobPool : retarget(jobPool, o.ratePath);
  const results: CandidateResult[] = [];
  const live: Live[] = [];
  for (const config of enumerate(o.space, o.raw)) {
    const unitCost = replicaCost(config, o.prices);
    const s = screen(o.file, o.sets, config);
    let r: CandidateResult;
    if (unitCost === undefined) r = { config, status: 'pruned', reason: `no price for ${config.accelerator}` };
    else if (!s.ok) r = { config, status: 'pruned', reason: s.reason };
    else {
      // The roofline figure is an estimate, not a strict bound (prefix sharing lets more requests
      // share KV than it assumes), so pruning keeps a 2× margin. It is also the candidate's floor:
      // no fleet of it is tried smaller, which dominance pruning relies on.
      const minReplicas = Math.ceil(o.targetRate / (ROOFLINE_MARGIN * s.bound.maxRate));
      const minCost = minReplicas * unitCost;
      if (minReplicas > o.maxReplicas) r = { config, status: 'too-many-replicas', bound: s.bound, reason: `the roofline needs ≥ ${minReplicas} replicas` };
      else if (o.budget !== undefined && minCost > o.budget) r = { config, status: 'over-budget', bound: s.bound, reason: `the roofline needs ≥ $${minCost.toFixed(2)}/h` };
      else {
        r = { config, status: 'missed', bound: s.bound, probes: [] };
        live.push({ r, unitCost, bracket: new RateBracket(roundRate(s.bound.maxRate), o.tolerance), probed: new Set(), tries: 0, done: false, floor: minReplicas });
      }
    }
    results.push(r);
    onEvent({ kind: 'screened', result: r });
  }

  const bases = new Map<string, Live>();
  for (const c of live) {
    const { accelerator, precision, tensorParallel, pd } = c.r.config;
    const key = JSON.stringify([accelerator, precision, tensorParallel, pd ?? null]);
    const base = bases.get(key);
    if (base) c.twin = base;
    else bases.set(key, c);
  }
  const limits: Limits = { target: o.targetRate, maxReplicas: o.maxReplicas, budget: o.budget, extra: MAX_SIZING_TRIES - 1 };
  // Fleets that met the target, as first verified (sized, or cut smaller): sized fleets are judged
  // against these. The same fleets at their smallest verified size so far: what a candidate could
  // shrink to is judged against those (dominance.ts).
  const verified: FleetPoint[] = [];
  const smallest: FleetPoint[] = [];
  const finish = (c: Live, status: CandidateStatus, reason?: string) => {
    c.done = true;
    c.r.status = status;
    if (reason !== undefined) c.r.reason = reason;
    c.r.probes!.sort((a, b) => a.rate - b.rate);
    onEvent({ kind: 'sized', result: c.r });
  };
  let open = live;
  while (open.length > 0) {
    o.signal?.throwIfAborted();
    // Drop what the verified fleets already dominate, then settle searches that are over.
    for (const c of open) {
      // A fleet of one is the replica: it misses the target once a probe at or below it missed.
      if (c.floor === 1 && c.bracket.hi <= o.targetRate) c.floor = 2;
      if (c.r.replicas === undefined && dominatedBelow(verified, c.unitCost, c.bracket.hi, limits)) {
        const by = dominator(verified, { cost: Math.ceil(o.targetRate / c.bracket.hi) * c.unitCost, rate: o.targetRate + c.bracket.hi });
        cutToOpen(c, `its replica holds < ${c.bracket.hi} req/s, so every fleet it sizes is dominated${by ? ` (by ${by.id})` : ''}`);
        continue;
      }
      if (c.r.replicas === undefined && sizedDominated(verified, c.unitCost, c.bracket.lo, c.bracket.hi, limits)) {
        // Whatever rate in [lo, hi) the bisection would settle on, its fleet would be dominated.
        cutToOpen(c, `its replica holds ${c.bracket.lo} to < ${c.bracket.hi} req/s: the fleet it sizes from any of those is dominated`);
        continue;
      }
      if (c.r.replicas === undefined && (c.bracket.done || c.probed.has(c.bracket.next()))) size(c);
      if (!c.done && c.r.replicas !== undefined && c.tries === 0) {
        // Sized but not run yet: its estimated fleet may already be beaten.
        const by = dominator(verified, { cost: c.r.costPerHour!, rate: c.r.fleetRate!, id: c.r.config.id });
        if (by) cutToOpen(c, `${c.r.replicas} replicas at $${c.r.costPerHour!.toFixed(2)}/h holding ${c.r.fleetRate!.toFixed(2)} req/s: dominated by ${by.id}`);
      }
    }
    open = open.filter((c) => !c.done);
    if (open.length === 0) break;
    // This round: the cheapest-looking candidates, each one run (a probe, or its fleet at the target).
    // A sized fleet waits while one earlier in the order, still unverified, would dominate it: if
    // that one holds, this one is judged without its sized run (twins that differ in nothing that
    // matters): dropped, or cut to a fleet that could still be the cheapest.
    const ordered = [...open].sort((a, b) => outlook(a) - outlook(b) || a.r.config.id.localeCompare(b.r.config.id));
    const waiting: FleetPoint[] = [];
    const ready = ordered.filter((c) => {
      if (c.r.replicas === undefined || c.shrink) return true;
      const point = { cost: c.r.costPerHour!, rate: c.r.fleetRate!, id: c.r.config.id };
      const blocked = dominator(waiting, point) !== undefined;
      waiting.push(point);
      return !blocked;
    });
    const round = ready.filter((c) => !searching(c.twin)).slice(0, o.candidatesPerRound ?? CANDIDATES_PER_ROUND);
    const work = round.flatMap((c) => (c.shrink ? [{ c, job: fleetRunJob(c, c.shrink.next()) }] : c.r.replicas !== undefined ? [{ c, job: fleetJob(c) }] : probeJobs(c).map((job) => ({ c, job }))));
    const runs = await pool.run(work.map((w) => w.job));
    work.forEach(({ c, job }, i) => {
      const summary = unwrap(runs[i]).summary;
      if (c.shrink) shrunk(c, Number(job.point.replicas), summary);
      else if (c.r.replicas !== undefined) sized(c, summary);
      else probed(c, Number(job.point[RATE_PATH]), summary);
    });
  }

  function searching(c: Live | undefined): boolean {
    return c !== undefined && !c.done && c.r.replicas === undefined;
  }

  function outlook(c: Live): number {
    if (c.r.costPerHour !== undefined) return c.r.costPerHour;
    const b = c.bracket;
    const rate = c.r.replicaRate ?? (b.lo > 0 ? (b.hi < Infinity ? (b.lo + b.hi) / 2 : b.lo) : Math.min(b.start, b.hi));
    return Math.ceil(o.targetRate / rate) * c.unitCost;
  }

  /**
   * The candidate's next probe; a twin's first probes are its twin's final bracket, both at once
   * (when the tier or router changes nothing, that settles it in one round).
   */
  function probeJobs(c: Live): RunJob[] {
    const t = c.twin?.bracket;
    const rates = c.probed.size === 0 && t && t.lo > 0 && t.hi < Infinity ? [t.lo, t.hi] : [c.bracket.next(dominanceThreshold(verified, c.unitCost, limits))];
    return rates.map((rate) => {
      c.probed.add(rate);
      return { file: o.file, sets: [...o.sets, ...c.r.config.sets, setArg(RATE_PATH, rate)], point: { [RATE_PATH]: rate }, abortBelowGoodput: o.goodput };
    });
  }

  function probed(c: Live, rate: number, summary: Summary): void {
    const attainment = sloAttainment(summary);
    const ok = attainment >= o.goodput;
    c.bracket.record(rate, ok);
    const point: ProbePoint = { rate, ok, attainment, ttftP95: summary.ttft.p95, tpotP95: summary.tpot.p95 };
    c.r.probes!.push(point);
    onEvent({ kind: 'probe', id: c.r.config.id, rate, ok, point });
  }

  /**
   * The search is over: the fleet size it gives, or why there is none. A size past the replica
   * limit or the budget is cut to it (a shrunk fleet may fit): the largest fleet that fits is run,
   * and nothing larger.
   */
  function size(c: Live): void {
    if (c.bracket.lo === 0) return finish(c, 'no-rate', 'one replica misses the SLO even at the lowest rate probed');
    c.r.replicaRate = c.bracket.lo;
    const replicas = Math.max(1, Math.ceil(o.targetRate / c.bracket.lo));
    const cap = replicaCap(c.unitCost, limits);
    if (replicas <= cap) return setSize(c, replicas);
    const status = cap < o.maxReplicas ? 'over-budget' : 'too-many-replicas';
    const why = `${status === 'over-budget' ? 'the budget buys' : 'the replica limit is'} ${cap} of the ${replicas} replicas its replica rate sizes, at ${c.bracket.lo} req/s each`;
    if (cap < c.floor) return finish(c, status, `${why}; plan tries no fewer than ${c.floor}`);
    c.cut = status;
    c.r.reason = why;
    setSize(c, cap);
  }

  /**
   * Every fleet it sizes is dominated, but a smaller one may hold the target (a fleet can hold more
   * per replica than a lone replica): run the largest that could still win, or drop it.
   */
  function cutToOpen(c: Live, why: string): void {
    const open = largestOpenFleet(smallest, { unitCost: c.unitCost, floor: c.floor, id: c.r.config.id }, limits);
    if (open === undefined) return finish(c, 'dominated', `${why}, and so is any of its fleets from its floor of ${c.floor} replicas up that holds the target`);
    if (c.bracket.lo > 0) c.r.replicaRate = c.bracket.lo;
    c.cut = 'dominated';
    c.r.reason = why;
    setSize(c, open);
  }

  function setSize(c: Live, replicas: number): void {
    c.r.replicas = replicas;
    c.r.gpus = replicas * gpusPerReplica(c.r.config);
    c.r.costPerHour = replicas * c.unitCost;
    // A fleet smaller than its replica rate sizes is known to hold the target, no more.
    c.r.fleetRate = c.cut !== undefined ? o.targetRate : c.tries === 0 ? replicas * c.r.replicaRate! : fleetRateAfterMiss(replicas, c.r.replicaRate!, o.targetRate);
  }

  function fleetJob(c: Live): RunJob {
    c.tries++;
    return fleetRunJob(c, c.r.replicas!);
  }

  /** The whole fleet of `replicas` (units, for P/D) at the target rate, stopped at a certain miss. */
  function fleetRunJob(c: Live, replicas: number): RunJob {
    return { file: o.file, sets: [...o.sets, ...c.r.config.sets, ...replicaSets(c.r.config, replicas), setArg(RATE_PATH, o.targetRate)], point: { replicas }, abortBelowGoodput: o.goodput };
  }

  /** The fleet's run at the target rate, and its $ per million output tokens at its current size. */
  function recordRun(c: Live, summary: Summary): void {
    c.r.atTarget = summary;
    const tokensPerHour = summary.throughput.outputTokensPerSec * 3600;
    c.r.costPerMillionOutputTokens = tokensPerHour > 0 ? (c.r.costPerHour! / tokensPerHour) * 1e6 : undefined;
  }

  function sized(c: Live, summary: Summary): void {
    // A run stopped at a certain miss has partial figures: keep them out of the tables.
    if (!summary.sim?.stoppedEarly) recordRun(c, summary);
    if (sloAttainment(summary) >= o.goodput) {
      const point = { cost: c.r.costPerHour!, rate: c.r.fleetRate!, id: c.r.config.id };
      verified.push(point);
      c.smallest = { ...point };
      smallest.push(c.smallest);
      c.shrink = new ReplicaBisection(c.floor, c.r.replicas!);
      return c.shrink.done ? finish(c, 'meets') : undefined;
    }
    // Fewer replicas miss too (as shrinking assumes).
    c.floor = c.r.replicas! + 1;
    if (c.cut !== undefined) {
      // It holds less than the target: no SLO rate to chart.
      delete c.r.fleetRate;
      return finish(c, c.cut, `${c.r.reason}; ${c.r.replicas} replicas miss the SLO at the target`);
    }
    if (c.r.replicas! + 1 > o.maxReplicas) return finish(c, 'too-many-replicas', `misses the SLO at the target rate with ${c.r.replicas} replicas`);
    if (o.budget !== undefined && (c.r.replicas! + 1) * c.unitCost > o.budget) return finish(c, 'over-budget', `misses the SLO at the target rate with ${c.r.replicas} replicas; one more is over the budget`);
    if (c.tries >= MAX_SIZING_TRIES) return finish(c, 'missed', `still misses the SLO at ${c.r.replicas} replicas`);
    setSize(c, c.r.replicas! + 1);
  }

  /** A shrinking step's run at the target with `replicas`. */
  function shrunk(c: Live, replicas: number, summary: Summary): void {
    const ok = sloAttainment(summary) >= o.goodput;
    c.shrink!.record(replicas, ok);
    if (ok) {
      // Below ⌈target ÷ replica rate⌉ replicas it is known to hold the target, no more.
      const rate = Math.min(c.r.fleetRate!, Math.max(replicas * (c.r.replicaRate ?? 0), o.targetRate));
      setSize(c, replicas);
      c.r.fleetRate = rate;
      recordRun(c, summary);
      c.smallest!.cost = c.r.costPerHour!;
      c.smallest!.rate = rate;
    }
    if (c.shrink!.done) finish(c, 'meets');
  }

  const meets = results.filter((r) => r.status === 'meets').sort(byCost);
  return { candidates: results.sort(rank), best: meets[0], front: paretoFront(meets) };
}

/** A runner whose jobs set `ratePath` wherever the search set the arrival rate. */
function retarget(pool: JobRunner, ratePath: string): JobRunner {
  const prefix = `${RATE_PATH}=`;
  const move = (job: RunJob): RunJob => ({
    ...job,
    sets: job.sets.map((x) => (x.startsWith(prefix) ? `${ratePath}=${x.slice(prefix.length)}` : x)),
    point: Object.fromEntries(Object.entries(job.point).map(([k, v]) => [k === RATE_PATH ? ratePath : k, v])),
  });
  return { size: pool.size, run: (jobs, onResult) => pool.run(jobs.map(move), onResult) };
}

const byCost = (a: CandidateResult, b: CandidateResult) => a.costPerHour! - b.costPerHour! || b.fleetRate! - a.fleetRate! || a.config.id.localeCompare(b.config.id);

/** Fleets meeting the target first, cheapest first; the rest by how far they got. */
function rank(a: CandidateResult, b: CandidateResult): number {
  const order: CandidateStatus[] = ['meets', 'over-budget', 'missed', 'too-many-replicas', 'dominated', 'no-rate', 'pruned'];
  return order.indexOf(a.status) - order.indexOf(b.status) || (a.costPerHour ?? Infinity) - (b.costPerHour ?? Infinity) || a.config.id.localeCompare(b.config.id);
}

/** Cheapest first, keeping a fleet only if it holds a higher SLO rate than every cheaper one. */
export function paretoFront(meets: readonly CandidateResult[]): CandidateResult[] {
  const front: CandidateResult[] = [];
  let best = -Infinity;
  for (const r of [...meets].sort(byCost)) {
    if (r.fleetRate! > best) {
      front.push(r);
      best = r.fleetRate!;
    }
  }
  return front;
}

function roundRate(r: number): number {
  return Number(Math.max(r, 0.01).toPrecision(3));
}
