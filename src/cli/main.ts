import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { calibrateCommand } from './commands/calibrate.js';
import { validateCommand } from './commands/validate.js';
import { catalogCommand } from './commands/catalog.js';
import { runCommand } from './commands/run.js';
import { ExitCode, InputError, processIO, type CliIO } from './io.js';

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} must be a positive integer, got ${value}`);
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function buildProgram(io: CliIO, result: { code: number }): Command {
  const program = new Command('fleetsim')
    .description('Discrete-event simulator and capacity planner for llm-d inference fleets')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run fleetsim --help for usage)');

  program
    .command('run')
    .description('simulate one scenario and report TTFT/TPOT/throughput (summary.json)')
    .argument('<scenario>', 'scenario YAML file')
    .option('--out <dir>', 'directory for summary.json (default reports/<scenario name>)')
    .option('--json', 'print the summary JSON on stdout instead of the table')
    .addOption(new Option('--set <path=value>', 'override a scenario field (repeatable), e.g. cluster.pools.0.replicas=4').argParser(collect).default([]))
    .option('--skip-bad-rows', 'replay a trace without its malformed rows (counted and reported) instead of failing')
    .action((scenario: string, opts: { out?: string; json?: boolean; set: string[]; skipBadRows?: boolean }) => {
      result.code = runCommand({ scenario, ...opts }, io);
    });

  program
    .command('validate')
    .description('run the validation cases: predicted vs published, error table and HTML report')
    .argument('[dirs...]', 'folders or files of validation cases (default validation/cases/)')
    .option('--json <file>', 'also write the rows and error statistics as JSON')
    .option('--out <dir>', 'directory for index.html (default reports/validation)')
    .action(async (dirs: string[], opts: { json?: string; out?: string }) => {
      result.code = await validateCommand({ dirs, ...opts }, io);
    });

  program
    .command('calibrate')
    .description('fit the runtime factors on the calibration cases and write the calibration file')
    .argument('[dirs...]', 'folders or files of validation cases (default validation/cases/)')
    .option('--out <file>', 'where to write the factors (default src/models/perf/calibration.json)')
    .option('--max-iterations <n>', 'Levenberg-Marquardt iterations (default 8)', (v) => positiveInt(v, '--max-iterations'))
    .action((dirs: string[], opts: { out?: string; maxIterations?: number }) => {
      result.code = calibrateCommand({ dirs, ...opts }, io);
    });

  program
    .command('catalog')
    .description('list the accelerators and models known')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      result.code = catalogCommand(opts, io);
    });

  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failed check, 2 bad input). Never throws for user errors. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const result = { code: ExitCode.ok };
  const program = buildProgram(io, result);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version exit 0; unknown options, missing arguments and the like are bad input
      return e.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    }
    if (e instanceof InputError) {
      io.err(e.lines.join('\n') + '\n');
      return ExitCode.badInput;
    }
    throw e;
  }
}
