/**
 * The offered rate of a scenario's arrival process over time, as `plan --over-time` needs it: the
 * peak (what a static fleet is sized for), the rate at the start (how many replicas the
 * autoscaled fleet starts with), and the curve for the report.
 */
import type { ArrivalSpec } from '../../sim/workload/types.js';

export interface LoadProfile {
  peak: number;
  /** Requests per second at time t (the process's intensity, not a sample of it). */
  rateAt(t: number): number;
}

/** Undefined for processes without a rate (burst). */
export function loadProfile(a: ArrivalSpec): LoadProfile | undefined {
  switch (a.process) {
    case 'poisson':
    case 'gamma':
    case 'weibull':
    case 'constant':
      return { peak: a.rate, rateAt: () => a.rate };
    case 'stages': {
      let start = 0;
      const windows = a.stages.map(({ rate, duration }) => {
        const w = { rate, start, end: start + duration };
        start += duration + a.interval;
        return w;
      });
      return { peak: Math.max(...a.stages.map((s) => s.rate)), rateAt: (t) => windows.find((w) => t >= w.start && t < w.end)?.rate ?? 0 };
    }
    case 'diurnal': {
      const period = a.period;
      if (a.table) {
        const table = a.table;
        const slot = period / table.length;
        return { peak: Math.max(...table), rateAt: (t) => table[Math.floor((((t % period) + period) % period) / slot)] };
      }
      const rate = a.rate ?? 0;
      const amp = a.amplitude ?? 0;
      const phase = a.phase ?? 0;
      return { peak: rate * (1 + amp), rateAt: (t) => rate * (1 + amp * Math.sin((2 * Math.PI * t) / period + phase)) };
    }
    default:
      return undefined;
  }
}
