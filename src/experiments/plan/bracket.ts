/**
 * One candidate's search for its replica's max rate under the SLO, one probe at a time (plan runs
 * many candidates' probes side by side, so a sequential bisection per candidate keeps every
 * worker busy and halves the bracket per probe). Starts at the roofline estimate, doubles or
 * halves until it has a bracket, then bisects. Assumes attainment falls with rate.
 */
export class RateBracket {
  /** Highest rate known to pass (0: none yet). */
  lo = 0;
  /** Lowest rate known to fail. */
  hi = Infinity;

  constructor(
    readonly start: number,
    readonly tolerance: number,
    /** Give up doubling here: the replica holds at least this much (the search's ceiling). */
    readonly ceiling: number = start * 16,
    /** Give up halving here: no rate meets the SLO. */
    readonly floor: number = start * 1e-3,
  ) {}

  record(rate: number, ok: boolean): void {
    if (ok && rate > this.lo && rate < this.hi) this.lo = rate;
    if (!ok && rate < this.hi) this.hi = rate;
  }

  get done(): boolean {
    if (this.lo > 0 && this.hi < Infinity) return this.hi - this.lo <= this.tolerance * this.hi;
    if (this.lo === 0) return this.hi <= this.floor;
    return this.lo >= this.ceiling;
  }

  /**
   * The next rate to probe: the next doubling, halving or midpoint, or `prune` (the rate below
   * which the candidate is dominated) when that is higher and inside the bracket, so a miss there
   * ends the search and a pass narrows it at least as much.
   */
  next(prune = 0): number {
    const regular = this.regular();
    const down = roundDown(prune);
    return down > regular && down > this.lo && down < this.hi ? down : regular;
  }

  private regular(): number {
    if (this.lo === 0 && this.hi === Infinity) return round(this.start);
    if (this.hi === Infinity) return round(this.lo * 2);
    if (this.lo === 0) return round(this.hi / 2);
    return round((this.lo + this.hi) / 2);
  }
}

/** Rates to 4 significant digits, so a probe is a readable --set value that reruns exactly. */
function round(r: number): number {
  return Number(r.toPrecision(4));
}

/** Never above r: a pruning probe must not overshoot its threshold. */
function roundDown(r: number): number {
  if (!(r > 0) || !Number.isFinite(r)) return 0;
  const x = round(r);
  return x <= r ? x : Number((x - 10 ** (Math.floor(Math.log10(r)) - 3)).toPrecision(4));
}
