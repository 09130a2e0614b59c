import { appendFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readBaseline, writeBaseline } from '../../experiments/baseline-file.js';
import type { RunJob } from '../../experiments/job.js';
import { checkAgainstBaseline, DEFAULT_TOLERANCES, gateFails, suiteKey, suiteScenarios, updatedBaseline } from '../../experiments/regress.js';
import { regressMarkdown, renderRegressTable } from '../../experiments/reports/regress-report.js';
import { unwrap } from '../../experiments/sweep.js';
import type { Summary } from '../../sim/metrics/summary.js';
import { ExitCode, InputError, type CliIO } from '../io.js';
import { jobsProgress, loadOrThrow, withPool } from './experiment-input.js';

export interface RegressArgs {
  suite: string;
  baseline: string;
  updateBaseline?: boolean;
  workers?: number;
  set?: string[];
  markdown?: string;
}

/**
 * `fleetsim regress <suite-dir> --baseline FILE`: runs every scenario of the suite (in parallel),
 * compares the gated metrics with the baseline, prints the table, writes a Markdown summary (and
 * appends it to $GITHUB_STEP_SUMMARY when set), exits 1 on a regression. --update-baseline writes
 * the current figures instead, keeping the baseline's tolerances (or the defaults).
 */
export async function regressCommand(args: RegressArgs, io: CliIO): Promise<number> {
  if (!existsSync(args.suite) || !statSync(args.suite).isDirectory()) throw new InputError([`${args.suite}: suite directory not found`]);
  const files = suiteScenarios(args.suite);
  if (files.length === 0) throw new InputError([`${args.suite}: no scenario files (*.yaml) in the suite`]);
  const baseline = args.updateBaseline && !existsSync(args.baseline) ? undefined : readBaseline(args.baseline);
  if (baseline && !baseline.ok) throw new InputError(baseline.problems);

  // Every scenario must load before anything runs: all problems at once.
  const problems: string[] = [];
  for (const f of files) {
    try {
      loadOrThrow(f, args.set ?? []);
    } catch (e) {
      if (e instanceof InputError) problems.push(...e.lines);
      else throw e;
    }
  }
  if (problems.length > 0) throw new InputError(problems);

  const jobs: RunJob[] = files.map((file) => ({ file, sets: args.set ?? [], point: {} }));
  const progress = jobsProgress(io, jobs.length, 'regress');
  let done = 0;
  const results = await withPool(args.workers, (pool) => pool.run(jobs, () => progress.tick(++done))).finally(() => progress.stop());
  const current: Record<string, Summary> = {};
  results.forEach((r, i) => (current[suiteKey(files[i])] = unwrap(r).summary));

  if (args.updateBaseline) {
    const tolerances = baseline?.ok ? baseline.baseline.tolerances : DEFAULT_TOLERANCES;
    mkdirSync(dirname(args.baseline), { recursive: true });
    writeBaseline(args.baseline, updatedBaseline(tolerances, current));
    io.out(`wrote ${args.baseline}: ${files.length} scenarios × ${Object.keys(tolerances).length} metrics\n`);
    return ExitCode.ok;
  }
  if (!baseline?.ok) throw new Error('unreachable: baseline checked above');
  const checks = checkAgainstBaseline(baseline.baseline, current);
  const failed = gateFails(checks);
  const md = regressMarkdown(args.suite, args.baseline, checks, failed);
  const mdPath = args.markdown ?? join('reports', 'regress', 'summary.md');
  mkdirSync(dirname(mdPath), { recursive: true });
  writeFileSync(mdPath, md);
  const stepSummary = process.env.GITHUB_STEP_SUMMARY;
  if (stepSummary) appendFileSync(stepSummary, md);
  const verdict = failed ? 'FAILED: routing quality regressed' : 'passed: no regression';
  io.out(`${renderRegressTable(checks)}\n\nregress ${verdict} (${checks.filter((c) => c.status === 'regressed').length} of ${checks.length} checks regressed)\nwrote ${mdPath}\n`);
  return failed ? ExitCode.failed : ExitCode.ok;
}
