/**
 * Plain input data for the experiment charts. The report layer takes these records as they are:
 * the experiments compute every number (means, CIs, quantiles, verdicts); a chart only draws them.
 */

/** One value of one metric at one swept x, for one series (a policy of an A/B, or a single sweep). */
export interface CurvePoint { series: string; x: number; metric: string; value: number; lower?: number; upper?: number }

/** A panel of a chart: `key` matches CurvePoint.metric (or CdfSeries.metric); `title` labels the axis. */
export interface MetricAxis { key: string; title: string; log?: boolean }

/** An empirical distribution as quantiles: `q` in [0, 1], `value` the latency in seconds. */
export interface CdfSeries { series: string; metric: string; quantiles: { q: number; value: number }[] }

/**
 * One scrape of one pod at simulated time `t` (seconds): `kvUtil` the fraction of KV blocks in use
 * (0–1), `waiting` and `running` the request counts; `series` names the run it belongs to.
 */
export interface PodSample { t: number; pod: string; kvUtil: number; waiting: number; running: number; series?: string }

export type Verdict = 'better' | 'worse' | 'no significant difference';

/**
 * One metric of an A/B comparison: `diff` is the mean of paired (B − A) with its 95 % CI
 * [lower, upper]; the `rel*` fields are the same as a percentage of A's mean.
 */
export interface AbDelta {
  metric: string;
  label: string;
  a: number;
  b: number;
  diff: number;
  lower: number;
  upper: number;
  relPct: number;
  relLowerPct: number;
  relUpperPct: number;
  verdict: Verdict;
  lowerIsBetter: boolean;
}
