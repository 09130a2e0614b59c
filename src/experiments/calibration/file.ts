import { writeFileSync } from 'node:fs';
import type { CalibrationResult } from '../calibrate.js';

/** Where `fleetsim calibrate` writes by default: the file src/models/perf/runtime.ts imports. */
export const CALIBRATION_FILE = 'src/models/perf/calibration.json';

const round = (x: number, d = 4) => Number(x.toFixed(d));

/**
 * The committed calibration: factors, the cases they were fitted on, and each case's fitted and
 * leave-one-out error, so a reviewer sees in the diff what changed and why. Deterministic (no
 * timestamps): the same cases and code give the same file.
 */
export function writeCalibrationFile(path: string, r: CalibrationResult): void {
  const factors = Object.fromEntries(
    Object.entries(r.factors).map(([id, f]) => [id, { compute: round(f.compute), memory: round(f.memory) }]),
  );
  const body = {
    note: 'Written by `fleetsim calibrate`; do not edit by hand. Factors multiply the accelerators\' measured compute and memory efficiencies for every case of their software stack (runtime/vendor).',
    method: 'Levenberg-Marquardt least squares on log(predicted/published) over the role: calibration cases; leave-one-out errors are PRESS residuals at the solution.',
    factors,
    fitted: r.fitted,
    iterations: r.iterations,
    cases: r.rows.map((row) => ({
      case: row.case,
      metric: row.metric,
      published: row.published,
      predicted: round(row.predicted, 2),
      errorPct: round(row.errorPct, 2),
      looErrorPct: row.looErrorPct === null ? null : round(row.looErrorPct, 2),
      leverage: round(row.leverage, 3),
    })),
  };
  writeFileSync(path, JSON.stringify(body, null, 2) + '\n');
}
