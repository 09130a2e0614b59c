/**
 * The sized fleet, made as small as it can be: replicas = ⌈target ÷ one replica's SLO rate⌉ is an
 * upper estimate when the fleet holds more per replica than a lone replica does (prefix-aware
 * routing spreads a workload's prefix groups over the fleet, so each pod caches fewer of them).
 * One candidate's bisection of its replica count, between the fewest replicas plan considers
 * (its floor: the roofline estimate with its margin) and the size verified at the target. Each
 * step is a simulated run of the whole fleet at the target rate, stopped early once it certainly
 * misses; plan runs one step per round beside other candidates' runs, so a shrunk fleet prunes
 * the others as soon as it is known. Assumes a fleet that misses the target with n replicas also
 * misses it with fewer, as the sizing does.
 */
export class ReplicaBisection {
  constructor(
    /** Fewer replicas than this miss the target (or plan does not try them). */
    public lo: number,
    /** Verified to meet the target with this many. */
    public hi: number,
  ) {
    this.lo = Math.min(lo, hi);
  }

  get done(): boolean {
    return this.lo >= this.hi;
  }

  /** The replica count to run next. */
  next(): number {
    return Math.floor((this.lo + this.hi) / 2);
  }

  record(replicas: number, ok: boolean): void {
    if (ok) this.hi = Math.min(this.hi, replicas);
    else this.lo = Math.max(this.lo, replicas + 1);
  }
}
