import { HIGH_LEVERAGE, calibrate } from '../../experiments/calibrate.js';
import { CALIBRATION_FILE, writeCalibrationFile } from '../../experiments/calibration/file.js';
import { withCasePool } from '../../experiments/validation/case-pool.js';
import { asCalibrationCase, casePredictions, findCaseFiles, loadCases } from '../../experiments/validate.js';
import { formatTable } from '../../report/table.js';
import { formatProblem } from '../../scenario/problems.js';
import { ExitCode, InputError, type CliIO } from '../io.js';

export interface CalibrateArgs {
  dirs: string[];
  out?: string;
  maxIterations?: number;
  /** Cases simulated at once on worker threads (default one per core; 1 runs them one after another). */
  jobs?: number;
}

/**
 * `fleetsim calibrate [DIR ...] [--out FILE] [--jobs N]`: fits the runtime factors on the `role:
 * calibration` cases (default validation/cases/) and writes them to the committed calibration
 * file, which every later run uses. Re-run it after changing the step-time model, and review the
 * diff. Each evaluation of the fit simulates its cases N at a time; the fit does not depend on N.
 */
export async function calibrateCommand(args: CalibrateArgs, io: CliIO): Promise<number> {
  const found = findCaseFiles(args.dirs.length > 0 ? args.dirs : ['validation/cases']);
  if (found.problems.length > 0) throw new InputError(found.problems.map(formatProblem));
  const loaded = loadCases(found.files);
  if (!loaded.ok) throw new InputError(loaded.problems.map(formatProblem));
  const cases = loaded.cases.filter((c) => c.role === 'calibration');
  if (cases.length === 0) throw new InputError([`no case with role: calibration in ${args.dirs.join(', ') || 'validation/cases'}`]);

  io.err(`calibrating on ${cases.length} cases: ${cases.map((c) => c.name).join(', ')}\n`);
  const result = await withCasePool(args.jobs, cases, (pool) =>
    calibrate(cases.map(asCalibrationCase), casePredictions(cases, pool), {
      maxIterations: args.maxIterations,
      onIteration: (it, rms) => io.err(`  iteration ${it}: rms error ${rms.toFixed(1)} %\n`),
    }),
  );
  const out = args.out ?? CALIBRATION_FILE;
  writeCalibrationFile(out, result);

  const f = result.factors;
  io.out(
    formatTable([
      ['stack', 'compute ×', 'memory ×'],
      ...Object.entries(f).map(([id, x]) => [id, x.compute.toFixed(3), x.memory.toFixed(3)]),
    ]) + '\n\n',
  );
  io.out(
    formatTable([
      ['case', 'metric', 'published', 'fitted', 'error %', 'leave-one-out %', 'leverage'],
      ...result.rows.map((r) => [
        r.case,
        r.metric,
        r.published.toLocaleString('en-US'),
        Math.round(r.predicted).toLocaleString('en-US'),
        r.errorPct.toFixed(1),
        r.looErrorPct === null ? 'n/a' : r.looErrorPct.toFixed(1),
        r.leverage.toFixed(2),
      ]),
    ]) + `\nwrote ${out} (rebuild to use it: npm run build)\n`,
  );
  for (const r of result.rows.filter((x) => x.leverage > HIGH_LEVERAGE)) {
    io.err(
      `warning: ${r.case} ${r.metric} has leverage ${r.leverage.toFixed(2)}: it alone fixes a factor of its stack, ` +
        `so its fit is no evidence and its leave-one-out error is not meaningful; add a calibration case that ` +
        `exercises the same factor (a second decode-heavy or compute-heavy point of that stack)\n`,
    );
  }
  return ExitCode.ok;
}
