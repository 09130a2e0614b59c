import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CaseProblemsError, findCaseFiles, validateCases, type ValidationResult } from '../../experiments/validate.js';
import { renderSvg, validationChartSpec } from '../../report/validation-chart.js';
import { renderValidationHtml } from '../../report/validation-html.js';
import { renderValidationTable } from '../../report/validation-table.js';
import { formatProblem } from '../../scenario/problems.js';
import { ExitCode, InputError, type CliIO } from '../io.js';

export const DEFAULT_CASE_DIR = 'validation/cases';
export const DEFAULT_REPORT_DIR = join('reports', 'validation');

export interface ValidateArgs {
  /** Case directories (their *.yaml files) or case files; default validation/cases. */
  dirs: string[];
  /** Also write the rows and statistics as JSON to this file. */
  json?: string;
  /** Directory for index.html (default reports/validation). */
  out?: string;
  /** Cases run at once on worker threads (default one per core; 1 runs them one after another). */
  jobs?: number;
}

/**
 * `fleetsim validate [DIR ...] [--json FILE] [--jobs N]`: runs every case (N at a time on worker
 * threads), prints the error table, writes the HTML report (chart and table) and, with --json, the
 * rows and statistics; none of it depends on N. Bad case files are bad input (exit 2), all reported
 * before anything is simulated.
 */
export async function validateCommand(args: ValidateArgs, io: CliIO): Promise<number> {
  const found = findCaseFiles(args.dirs.length > 0 ? args.dirs : [DEFAULT_CASE_DIR]);
  if (found.problems.length > 0) throw new InputError(found.problems.map(formatProblem));

  let result: ValidationResult;
  try {
    result = await validateCases(found.files, {
      jobs: args.jobs,
      onCase: (name, done, total) => {
        if (io.isTTY) io.err(`validated [${done}/${total}] ${name}\n`);
      },
    });
  } catch (e) {
    if (e instanceof CaseProblemsError) throw new InputError(e.problems.map(formatProblem));
    throw e;
  }
  io.out(renderValidationTable(result) + '\n');

  const outDir = args.out ?? DEFAULT_REPORT_DIR;
  const html = renderValidationHtml(result, await renderSvg(validationChartSpec(result)));
  mkdirSync(outDir, { recursive: true });
  const htmlPath = join(outDir, 'index.html');
  writeFileSync(htmlPath, html);
  const written = [htmlPath];
  if (args.json) {
    mkdirSync(dirname(args.json), { recursive: true });
    writeFileSync(args.json, JSON.stringify(result, null, 2) + '\n');
    written.push(args.json);
  }
  io.out(`wrote ${written.join(', ')}\n`);
  return ExitCode.ok;
}
