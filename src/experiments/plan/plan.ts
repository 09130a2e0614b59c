/**
 * `fleetsim plan`: the cheapest fleet that holds a target rate under an SLO. Vidur-Search's
 * method with fleetsim's fleet in the loop:
 *  1. enumerate accelerator × precision × TP × router; drop what does not fit in memory and what
 *     the roofline bound already prices over budget or past the replica limit;
 *  2. for each survivor, bisect one replica's max rate under the SLO (simulated, parallel probes);
 *  3. size the fleet: replicas = ⌈target ÷ per-replica rate⌉, then simulate the whole fleet (with
 *     its router) at the target rate, adding a replica while it misses (routing and prefix
 *     affinity make fleets other than N × one replica);
 *  4. rank by $/h; the Pareto front over cost and SLO rate.
 */
import type { Summary } from '../../sim/metrics/summary.js';
import { setArg, type RunJob } from '../job.js';
import { findMaxRate, RATE_PATH, sloAttainment } from '../max-rate.js';
import type { JobRunner } from '../parallel/pool.js';
import { unwrap } from '../sweep.js';
import { enumerate, screen, type CandidateConfig, type RooflineBound, type SearchSpace } from './candidates.js';
import { shrinkFleets } from './shrink.js';

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
  /** Stops the search between rounds of runs (the terminal UI's quit); plan then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export type CandidateStatus = 'pruned' | 'no-rate' | 'over-budget' | 'too-many-replicas' | 'missed' | 'meets';

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
  /** replicas × replicaRate: the fleet's SLO rate as sized. */
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

const MAX_SIZING_TRIES = 4;
const ROOFLINE_MARGIN = 2;

export async function plan(jobPool: JobRunner, o: PlanOptions, onEvent: (e: PlanEvent) => void = () => {}): Promise<PlanResult> {
  const pool = o.ratePath === undefined || o.ratePath === RATE_PATH ? jobPool : retarget(jobPool, o.ratePath);
  const results: CandidateResult[] = [];
  const survivors: CandidateResult[] = [];
  for (const config of enumerate(o.space)) {
    const price = o.prices[config.accelerator];
    const s = screen(o.file, o.sets, config);
    let r: CandidateResult;
    if (price === undefined) r = { config, status: 'pruned', reason: `no price for ${config.accelerator}` };
    else if (!s.ok) r = { config, status: 'pruned', reason: s.reason };
    else {
      // The roofline figure is an estimate, not a strict bound (prefix sharing lets more requests
      // share KV than it assumes), so pruning keeps a 2× margin.
      const minReplicas = Math.ceil(o.targetRate / (ROOFLINE_MARGIN * s.bound.maxRate));
      const minCost = minReplicas * config.tensorParallel * price;
      if (minReplicas > o.maxReplicas) r = { config, status: 'too-many-replicas', bound: s.bound, reason: `the roofline needs ≥ ${minReplicas} replicas` };
      else if (o.budget !== undefined && minCost > o.budget) r = { config, status: 'over-budget', bound: s.bound, reason: `the roofline needs ≥ $${minCost.toFixed(2)}/h` };
      else {
        r = { config, status: 'missed', bound: s.bound };
        survivors.push(r);
      }
    }
    results.push(r);
    onEvent({ kind: 'screened', result: r });
  }

  // 2. One replica's SLO rate, starting the search at half its roofline bound. The searches run
  // side by side on the shared pool, so a round's slow probe does not leave the other worker idle.
  const search = async (r: CandidateResult): Promise<void> => {
    o.signal?.throwIfAborted();
    r.probes = [];
    const found = await findMaxRate(
      pool,
      { file: o.file, sets: [...o.sets, ...r.config.sets], startRate: roundRate(r.bound!.maxRate / 2), goodput: o.goodput, tolerance: o.tolerance, maxDoublings: 4 },
      (p) => {
        const point: ProbePoint = { rate: p.rate, ok: p.ok, attainment: p.attainment, ttftP95: p.summary.ttft.p95, tpotP95: p.summary.tpot.p95 };
        r.probes!.push(point);
        onEvent({ kind: 'probe', id: r.config.id, rate: p.rate, ok: p.ok, point });
      },
    );
    r.probes.sort((a, b) => a.rate - b.rate);
    if (found.maxRate === undefined) {
      r.status = 'no-rate';
      r.reason = 'one replica misses the SLO even at the lowest rate probed';
      return;
    }
    r.replicaRate = found.maxRate;
    r.replicas = Math.max(1, Math.ceil(o.targetRate / found.maxRate));
  };
  await Promise.all(survivors.map(search));

  // 3. Size whole fleets at the target rate, all candidates' runs of a round in parallel.
  let open = survivors.filter((r) => r.replicas !== undefined);
  for (let tries = 0; tries < MAX_SIZING_TRIES && open.length > 0; tries++) {
    o.signal?.throwIfAborted();
    const jobs: RunJob[] = open.map((r) => ({
      file: o.file,
      sets: [...o.sets, ...r.config.sets, setArg('cluster.pools.0.replicas', r.replicas!), setArg(RATE_PATH, o.targetRate)],
      point: { replicas: r.replicas },
    }));
    const runs = await pool.run(jobs);
    const next: CandidateResult[] = [];
    open.forEach((r, i) => {
      const summary = unwrap(runs[i]).summary;
      r.atTarget = summary;
      price(r, o);
      if (sloAttainment(summary) >= o.goodput) {
        r.status = 'meets'; // the budget is checked once the fleet is as small as it gets (3b)
        onEvent({ kind: 'sized', result: r });
      } else if (r.replicas! + 1 > o.maxReplicas) {
        r.status = 'too-many-replicas';
        r.reason = `misses the SLO at the target rate with ${r.replicas} replicas`;
        onEvent({ kind: 'sized', result: r });
      } else {
        r.replicas! += 1;
        next.push(r);
      }
    });
    open = next;
  }
  for (const r of open) {
    r.status = 'missed';
    r.reason = `still misses the SLO at ${r.replicas} replicas`;
    onEvent({ kind: 'sized', result: r });
  }
  // 3b. The smallest fleet meeting the target; then its cost, SLO rate and $/M tokens.
  const met = results.filter((r) => r.status === 'meets');
  await shrinkFleets(pool, met, { file: o.file, sets: o.sets, targetRate: o.targetRate, goodput: o.goodput, rooflineMargin: ROOFLINE_MARGIN, signal: o.signal });
  for (const r of met) {
    price(r, o);
    onEvent({ kind: 'sized', result: r });
  }

  const meets = results.filter((r) => r.status === 'meets').sort(byCost);
  return { candidates: results.sort(rank), best: meets[0], front: paretoFront(meets) };
}

/** A sized fleet's GPUs, $/h, SLO rate (at least the target it was verified at) and $ per million output tokens. */
function price(r: CandidateResult, o: PlanOptions): void {
  r.gpus = r.replicas! * r.config.tensorParallel;
  r.costPerHour = r.gpus * o.prices[r.config.accelerator];
  r.fleetRate = Math.max(r.replicas! * r.replicaRate!, r.status === 'meets' || r.status === 'over-budget' ? o.targetRate : 0);
  const tokensPerHour = r.atTarget!.throughput.outputTokensPerSec * 3600;
  r.costPerMillionOutputTokens = tokensPerHour > 0 ? (r.costPerHour / tokensPerHour) * 1e6 : undefined;
  if (r.status === 'meets' && o.budget !== undefined && r.costPerHour > o.budget) r.status = 'over-budget';
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
  const order: CandidateStatus[] = ['meets', 'over-budget', 'missed', 'too-many-replicas', 'no-rate', 'pruned'];
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
