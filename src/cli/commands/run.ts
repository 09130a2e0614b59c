import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSimConfig } from '../../experiments/fleet.js';
import { runSimulation } from '../../experiments/run.js';
import { renderSummary } from '../../report/table.js';
import { renderClasses } from '../../report/classes.js';
import { renderStages } from '../../report/stages.js';
import { loadScenarioFile, locateProblems } from '../../scenario/load.js';
import { formatProblem } from '../../scenario/problems.js';
import { createProgress } from '../progress.js';
import { ExitCode, InputError, type CliIO } from '../io.js';

export interface RunArgs {
  scenario: string;
  out?: string;
  json?: boolean;
  set?: string[];
  /** Skip malformed trace rows (counted in summary.trace.skippedBadRows) instead of exiting 2. */
  skipBadRows?: boolean;
}

/** `fleetsim run <scenario>`: load, simulate, print the table (or JSON), write summary.json. */
export function runCommand(args: RunArgs, io: CliIO): number {
  const loaded = loadScenarioFile(args.scenario, args.set ?? []);
  if (!loaded.ok) throw new InputError(loaded.problems.map(formatProblem));
  const s = loaded.scenario;
  const fleet = buildSimConfig(s, undefined, { skipBadRows: args.skipBadRows });
  if (!fleet.ok) throw new InputError(locateProblems(loaded, fleet.problems).map(formatProblem));

  const trace = fleet.config.trace?.stats;
  const progress = createProgress(io.isTTY && !args.json, trace ? { requests: s.stop.requests ?? trace.rows } : s.stop);
  const summary = (() => {
    try {
      return runSimulation(s.name, fleet.config, { onProgress: (p) => progress.update(p) });
    } finally {
      progress.stop();
    }
  })();

  if (trace && (trace.skippedBadRows > 0 || trace.emptyRows > 0)) {
    const parts = [
      trace.skippedBadRows > 0 && `${trace.skippedBadRows} malformed row${trace.skippedBadRows === 1 ? '' : 's'} skipped (--skip-bad-rows)`,
      trace.emptyRows > 0 && `${trace.emptyRows} zero-token row${trace.emptyRows === 1 ? '' : 's'} (failed requests) not replayed`,
    ].filter(Boolean);
    io.err(`trace ${trace.file}: ${parts.join('; ')}\n`);
  }

  const outDir = args.out ?? join('reports', s.name);
  mkdirSync(outDir, { recursive: true });
  const json = JSON.stringify(summary, null, 2) + '\n';
  writeFileSync(join(outDir, 'summary.json'), json);
  if (args.json) io.out(json);
  else io.out(`${renderSummary(summary)}\n${renderStages(summary)}${renderClasses(summary)}wrote ${join(outDir, 'summary.json')}\n`);
  return ExitCode.ok;
}
