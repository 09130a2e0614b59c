/**
 * `fleetsim regress`: runs every scenario of a suite and compares each gated metric with a stored
 * baseline. A metric regresses when it moves in its bad direction by more than its tolerance
 * (the larger of a relative and an absolute one); improvements and small moves pass. Simulations
 * are deterministic, so the tolerances absorb intended model changes, not noise.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Summary } from '../sim/metrics/summary.js';
import { METRICS, metricValue } from './metrics.js';

export interface Tolerance {
  /** 'lower': lower is better (latencies); 'higher': higher is better (throughput, hit rate). */
  direction: 'lower' | 'higher';
  /** Allowed worsening as a fraction of the baseline value. */
  relative: number;
  /** Allowed worsening in the metric's own unit (for values near 0). */
  absolute: number;
}

export interface Baseline {
  fleetsim: 'regress-baseline/1';
  tolerances: Record<string, Tolerance>;
  /** Scenario file name → metric → value. */
  scenarios: Record<string, Record<string, number>>;
}

/** The gate a new baseline starts with: routing quality (latency, throughput, cache hits, SLO). */
export const DEFAULT_TOLERANCES: Record<string, Tolerance> = {
  'ttft.p50': { direction: 'lower', relative: 0.1, absolute: 0.005 },
  'ttft.p95': { direction: 'lower', relative: 0.1, absolute: 0.01 },
  'tpot.p95': { direction: 'lower', relative: 0.05, absolute: 0.001 },
  'throughput.outputTokensPerSec': { direction: 'higher', relative: 0.05, absolute: 0 },
  'prefixCache.hitRate': { direction: 'higher', relative: 0.02, absolute: 0.01 },
  'slo.goodput': { direction: 'higher', relative: 0, absolute: 0.01 },
};

export type CheckStatus = 'ok' | 'improved' | 'regressed' | 'new' | 'missing';

export interface MetricCheck {
  scenario: string;
  metric: string;
  label: string;
  baseline?: number;
  current?: number;
  /** (current − baseline) / |baseline|, NaN when the baseline is 0 or absent. */
  changePct: number;
  /** The worst the metric may get, in its unit. */
  limit?: number;
  status: CheckStatus;
}

/** The suite's scenarios: every *.yaml / *.yml file directly in the folder, sorted by name. */
export function suiteScenarios(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && statSync(join(dir, f)).isFile())
    .sort()
    .map((f) => join(dir, f));
}

export function suiteKey(file: string): string {
  return basename(file);
}

/** The worst value a metric may take against its baseline. */
export function limitOf(base: number, tol: Tolerance): number {
  const slack = Math.max(Math.abs(base) * tol.relative, tol.absolute);
  return tol.direction === 'lower' ? base + slack : base - slack;
}

/** Every gated metric of every scenario, checked against the baseline. */
export function checkAgainstBaseline(baseline: Baseline, current: Record<string, Summary>): MetricCheck[] {
  const checks: MetricCheck[] = [];
  const names = [...new Set([...Object.keys(baseline.scenarios), ...Object.keys(current)])].sort();
  for (const scenario of names) {
    const base = baseline.scenarios[scenario];
    const summary = current[scenario];
    for (const [metric, tol] of Object.entries(baseline.tolerances)) {
      const label = METRICS[metric]?.label ?? metric;
      const b = base?.[metric];
      const c = summary ? metricValue(summary, metric) : undefined;
      if (b === undefined || c === undefined) {
        checks.push({ scenario, metric, label, baseline: b, current: c, changePct: NaN, status: b === undefined ? 'new' : 'missing' });
        continue;
      }
      const limit = limitOf(b, tol);
      const worse = tol.direction === 'lower' ? c > limit : c < limit;
      const better = tol.direction === 'lower' ? c < b : c > b;
      const changePct = b !== 0 ? (100 * (c - b)) / Math.abs(b) : NaN;
      checks.push({ scenario, metric, label, baseline: b, current: c, changePct, limit, status: worse ? 'regressed' : better ? 'improved' : 'ok' });
    }
  }
  return checks;
}

/** A gate fails on a regression, or on a baseline scenario the suite no longer produces. */
export function gateFails(checks: readonly MetricCheck[]): boolean {
  return checks.some((c) => c.status === 'regressed' || c.status === 'missing');
}

/** The baseline the current results would make, keeping the tolerances. */
export function updatedBaseline(tolerances: Record<string, Tolerance>, current: Record<string, Summary>): Baseline {
  const scenarios: Baseline['scenarios'] = {};
  for (const [name, s] of Object.entries(current).sort(([a], [b]) => a.localeCompare(b))) {
    // A figure a summary lacks (NaN) is left out, so it reads back as `new`, not as a bad file.
    const values = Object.keys(tolerances).map((m) => [m, metricValue(s, m)] as const);
    scenarios[name] = Object.fromEntries(values.filter(([, v]) => Number.isFinite(v)));
  }
  return { fleetsim: 'regress-baseline/1', tolerances, scenarios };
}
