import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink';
import { createElement } from 'react';
import { defaultWorkers, JobPool } from '../../experiments/parallel/pool.js';
import { packageRoot } from '../../scenario/package-root.js';
import { App } from '../../tui/app.js';
import { dayLoad } from '../../tui/day-load.js';
import { defaultForm } from '../../tui/form.js';
import { ExitCode, type CliIO } from '../io.js';
import { loadOrThrow } from './experiment-input.js';

export interface TuiArgs {
  scenario: string;
  out?: string;
  workers?: number;
}

export const DEFAULT_TUI_SCENARIO = 'scenarios/llm-d-optimized-baseline.yaml';

/**
 * `fleetsim tui [scenario]`: the planner in the terminal (src/tui/app.tsx). Needs an interactive
 * terminal: ink reads keys from stdin in raw mode.
 */
export async function tuiCommand(args: TuiArgs, io: CliIO): Promise<number> {
  // The default scenario ships with fleetsim: found from any working directory.
  const file = args.scenario === DEFAULT_TUI_SCENARIO && !existsSync(args.scenario) ? join(packageRoot(), DEFAULT_TUI_SCENARIO) : args.scenario;
  const loaded = loadOrThrow(file, []);
  if (!process.stdin.isTTY) {
    io.err('fleetsim tui needs an interactive terminal (stdin is not a TTY); use fleetsim plan in scripts\n');
    return ExitCode.badInput;
  }
  let running: Promise<void> | undefined;
  const day = dayLoad(loaded.scenario, loaded.raw);
  const app = render(
    createElement(App, {
      file,
      initialForm: defaultForm(loaded.raw, { workers: args.workers ?? defaultWorkers(), peak: day.varies ? day.profile?.peak : undefined }),
      makePool: (workers: number) => new JobPool(workers),
      outDir: args.out ?? join('reports', loaded.scenario.name, 'tui'),
      onQuit: (r) => void (running = r),
    }),
    { exitOnCtrlC: true },
  );
  await app.waitUntilExit();
  if (running) {
    io.err('stopping: waiting for the simulations still running…\n');
    await running;
  }
  return ExitCode.ok;
}
