import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSimConfig } from '../../experiments/fleet.js';
import { runSimulation } from '../../experiments/run.js';
import { renderSummary } from '../../report/table.js';
import { loadScenarioFile, locateProblems } from '../../scenario/load.js';
import { formatProblem } from '../../scenario/problems.js';
import { createProgress } from '../progress.js';
import { ExitCode, InputError, type CliIO } from '../io.js';

export interface RunArgs {
  scenario: string;
  out?: string;
  json?: boolean;
  set?: string[];
}

/** `fleetsim run <scenario>`: load, simulate, print the table (or JSON), write summary.json. */
export function runCommand(args: RunArgs, io: CliIO): number {
  const loaded = loadScenarioFile(args.scenario, args.set ?? []);
  if (!loaded.ok) throw new InputError(loaded.problems.map(formatProblem));
  const s = loaded.scenario;
  const fleet = buildSimConfig(s);
  if (!fleet.ok) throw new InputError(locateProblems(loaded, fleet.problems).map(formatProblem));

  const progress = createProgress(io.isTTY && !args.json, s.stop);
  const summary = (() => {
    try {
      return runSimulation(s.name, fleet.config, { onProgress: (p) => progress.update(p) });
    } finally {
      progress.stop();
    }
  })();

  const outDir = args.out ?? join('reports', s.name);
  mkdirSync(outDir, { recursive: true });
  const json = JSON.stringify(summary, null, 2) + '\n';
  writeFileSync(join(outDir, 'summary.json'), json);
  if (args.json) io.out(json);
  else io.out(`${renderSummary(summary)}\nwrote ${join(outDir, 'summary.json')}\n`);
  return ExitCode.ok;
}
