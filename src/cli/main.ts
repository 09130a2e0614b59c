import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { calibrateCommand } from './commands/calibrate.js';
import { validateCommand } from './commands/validate.js';
import { catalogCommand } from './commands/catalog.js';
import { runCommand } from './commands/run.js';
import { stepCommand, type StepArgs } from './commands/step.js';
import { abCommand, type AbArgs } from './commands/ab.js';
import { regressCommand, type RegressArgs } from './commands/regress.js';
import { mergeCommand, sweepCommand, type SweepArgs } from './commands/sweep.js';
import { k8sJobCommand, type K8sJobArgs } from './commands/k8s-job.js';
import { planCommand, type PlanArgs } from './commands/plan.js';
import { DEFAULT_MAX_REPLICAS } from '../experiments/plan/plan.js';
import { DEFAULT_TUI_SCENARIO, tuiCommand, type TuiArgs } from './commands/tui.js';
import { ExitCode, InputError, processIO, type CliIO } from './io.js';
import { parsePositiveInt } from '../experiments/positive-int.js';

function positiveInt(value: string, flag: string): number {
  try {
    return parsePositiveInt(value, flag);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

function fraction(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`${flag} must be a number in [${min}, ${max}], got ${value}`);
  return n;
}

function nonNegativeInt(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${flag} must be a non-negative integer, got ${value}`);
  return n;
}

/** `1,8,32` → [1, 8, 32], each a positive integer. */
function positiveIntList(value: string, flag: string): number[] {
  return value.split(',').map((v) => positiveInt(v.trim(), flag));
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
    .command('sweep')
    .description('run every point of the scenario\'s sweep (or --set path=v1,v2,...) in parallel: curves, sweep.csv, report')
    .argument('<scenario>', 'scenario YAML file')
    .addOption(new Option('--set <path=value>', 'override a field; path=v1,v2,... or path=[v1, v2] makes an axis (repeatable)').argParser(collect).default([]))
    .option('--workers <n>', 'worker threads (default: one per core)', (v) => positiveInt(v, '--workers'))
    .option('--shard <i/N>', 'run shard i of N of the points (interleaved); join the shards with fleetsim merge')
    .option('--find-max-rate', 'search the highest arrival rate meeting the scenario\'s slo: instead of sweeping')
    .option('--goodput <fraction>', 'with --find-max-rate: share of requests that must meet the SLO (default 0.99)', (v) => fraction(v, '--goodput', 0.01, 1))
    .option('--tolerance <fraction>', 'with --find-max-rate: stop when the bracket is this narrow, relative (default 0.02)', (v) => fraction(v, '--tolerance', 0.001, 0.5))
    .option('--out <dir>', 'output directory (default reports/<scenario name>/sweep)')
    .option('--json', 'print the summaries as JSON on stdout instead of the table')
    .action(async (scenario: string, opts: Omit<SweepArgs, 'scenario'>) => {
      result.code = await sweepCommand({ scenario, ...opts }, io);
    });

  program
    .command('plan')
    .description('the cheapest fleet (accelerator, precision, TP, replicas, router) holding the target rate under the SLO')
    .argument('<scenario>', 'scenario YAML: model, workload, router; the first pool is resized')
    .option('--slo <targets>', 'e.g. ttftP95=2,tpotP95=0.1 (default: the scenario\'s slo:)')
    .option('--rate <qps>', 'target arrival rate (default: the scenario\'s)', (v) => fraction(v, '--rate', 1e-6, 1e9))
    .option('--budget <usdPerHour>', 'drop fleets costing more once shrunk to their fewest replicas', (v) => fraction(v, '--budget', 0, 1e12))
    .option('--accelerators <ids>', 'comma-separated (default: all)')
    .option('--precisions <list>', 'comma-separated (default bf16,fp8)')
    .option('--tp <list>', 'tensor-parallel sizes (default 1,2,4,8)')
    .option('--routers <list>', 'router configs to compare (default: the scenario\'s)')
    .option('--pd <list>', 'P/D splits, prefill:decode pods per unit, 0 = aggregated (default 0), e.g. 0,1:1,1:2')
    .option('--kv-tiers <list>', 'KV offload tiers (default none), e.g. none,cpu,cpu+nvme; sizes per pod: cpu:256+nvme:2048 (GiB)')
    .option('--pd-router <config>', 'router config of P/D candidates (default pd)')
    .option('--prices <list>', 'override prices, e.g. h100-sxm=4.5,mi300x=3.9 ($ per accelerator-hour), kv-cpu-gib=0.001 ($ per GiB-hour)')
    .option('--max-replicas <n>', `largest fleet considered (default ${DEFAULT_MAX_REPLICAS})`, (v) => positiveInt(v, '--max-replicas'))
    .option('--goodput <fraction>', 'share of requests that must meet the SLO (default 0.99)', (v) => fraction(v, '--goodput', 0.01, 1))
    .option('--tolerance <fraction>', 'per-replica rate search precision (default 0.1)', (v) => fraction(v, '--tolerance', 0.001, 0.5))
    .option('--probe-duration <seconds>', 'simulate each run for this many seconds of arrivals (default: the scenario\'s stop)', (v) => fraction(v, '--probe-duration', 1, 1e7))
    .addOption(new Option('--set <path=value>', 'override a scenario field (repeatable)').argParser(collect).default([]))
    .option('--workers <n>', 'worker threads (default: one per core)', (v) => positiveInt(v, '--workers'))
    .option('--out <dir>', 'output directory (default reports/<scenario name>/plan)')
    .option('--over-time', 'also run the cheapest fleet through the scenario\'s time-varying load (diurnal, stages, trace): static peak-sized vs autoscaled (GPU-hours, cost, SLO attainment)')
    .option('--json', 'print the result as JSON')
    .action(async (scenario: string, opts: Omit<PlanArgs, 'scenario'>) => {
      result.code = await planCommand({ scenario, ...opts }, io);
    });

  program
    .command('tui')
    .description('plan a fleet in the terminal: a form for model, rate, SLO, budget and search space; live candidates, chart, pods, export')
    .argument('[scenario]', 'scenario YAML: workload, router, base pool', DEFAULT_TUI_SCENARIO)
    .option('--workers <n>', 'worker threads (default: one per core)', (v) => positiveInt(v, '--workers'))
    .option('--out <dir>', 'where `e` writes fleet scenarios (default reports/<scenario name>/tui)')
    .action(async (scenario: string, opts: Omit<TuiArgs, 'scenario'>) => {
      result.code = await tuiCommand({ scenario, ...opts }, io);
    });

  program
    .command('merge')
    .description('join the outputs of `fleetsim sweep --shard i/N` into the unsharded sweep\'s outputs and report')
    .argument('<shard-dirs...>', 'the shards\' output folders')
    .option('--out <dir>', 'output directory (default reports/<scenario name>/sweep)')
    .option('--json', 'print the summaries as JSON on stdout instead of the table')
    .action(async (dirs: string[], opts: { out?: string; json?: boolean }) => {
      result.code = await mergeCommand({ dirs, ...opts }, io);
    });

  program
    .command('k8s-job')
    .description('write a Kubernetes Indexed Job (and ConfigMap) that runs the sweep as N shards on a cluster')
    .argument('<scenario>', 'scenario YAML file with a sweep: block (or --set lists)')
    .requiredOption('--shards <n>', 'number of shards (Job completions)', (v) => positiveInt(v, '--shards'))
    .option('--parallelism <n>', 'shards running at once (default: all)', (v) => positiveInt(v, '--parallelism'))
    .option('--image <image>', 'container image with fleetsim installed (default fleetsim:latest; see Dockerfile)')
    .option('--pvc <name>', 'PersistentVolumeClaim for the results (default fleetsim-results)')
    .option('--cpu <n>', 'CPUs per shard, also its --workers (default 2)', (v) => positiveInt(v, '--cpu'))
    .option('--memory <quantity>', 'memory per shard (default 4Gi)')
    .addOption(new Option('--set <path=value>', 'override a field; path=v1,v2,... makes an axis (repeatable)').argParser(collect).default([]))
    .option('--out <file>', 'write the manifest to a file instead of stdout')
    .action((scenario: string, opts: Omit<K8sJobArgs, 'scenario'>) => {
      result.code = k8sJobCommand({ scenario, ...opts }, io);
    });

  program
    .command('ab')
    .description('A/B two scenarios, or one scenario under two router configs, on common random numbers: paired deltas with 95 % CIs')
    .argument('<scenarios...>', 'A and B scenario files, or one scenario with --router A --router B')
    .addOption(new Option('--router <config>', 'a router config for an arm: a shipped name or an EndpointPickerConfig file (give two)').argParser(collect).default([]))
    .option('--replications <k>', 'seeds per arm (default 5)', (v) => positiveInt(v, '--replications'))
    .addOption(new Option('--set <path=value>', 'override a field of both arms; path=v1,v2,... sweeps it (repeatable)').argParser(collect).default([]))
    .option('--workers <n>', 'worker threads (default: one per core)', (v) => positiveInt(v, '--workers'))
    .option('--out <dir>', 'output directory (default reports/<scenario name>/ab)')
    .option('--json', 'print the deltas as JSON on stdout instead of the table')
    .option('--details', 'over a sweep, also print every point\'s per-metric intervals')
    .action(async (scenarios: string[], opts: Omit<AbArgs, 'scenarios'>) => {
      result.code = await abCommand({ scenarios, ...opts }, io);
    });

  program
    .command('regress')
    .description('run a suite of scenarios and compare with a stored baseline; exit 1 when routing quality regresses')
    .argument('<suite-dir>', 'folder of scenario files (*.yaml)')
    .requiredOption('--baseline <file>', 'baseline JSON (written by --update-baseline)')
    .option('--update-baseline', 'write the current figures as the new baseline (keeps its tolerances)')
    .addOption(new Option('--set <path=value>', 'override a field in every scenario (repeatable)').argParser(collect).default([]))
    .option('--workers <n>', 'worker threads (default: one per core)', (v) => positiveInt(v, '--workers'))
    .option('--markdown <file>', 'Markdown summary (default reports/regress/summary.md)')
    .action(async (suite: string, opts: Omit<RegressArgs, 'suite'>) => {
      result.code = await regressCommand({ suite, ...opts }, io);
    });

  program
    .command('validate')
    .description('run the validation cases: predicted vs published, error table and HTML report')
    .argument('[dirs...]', 'folders or files of validation cases (default validation/cases/)')
    .option('--json <file>', 'also write the rows and error statistics as JSON')
    .option('--out <dir>', 'directory for index.html (default reports/validation)')
    .option('--jobs <n>', 'cases run at once on worker threads (default: one per core; 1 = one after another); results do not depend on it', (v) => positiveInt(v, '--jobs'))
    .action(async (dirs: string[], opts: { json?: string; out?: string; jobs?: number }) => {
      result.code = await validateCommand({ dirs, ...opts }, io);
    });

  program
    .command('calibrate')
    .description('fit the runtime factors on the calibration cases and write the calibration file')
    .argument('[dirs...]', 'folders or files of validation cases (default validation/cases/)')
    .option('--out <file>', 'where to write the factors (default src/models/perf/calibration.json)')
    .option('--max-iterations <n>', 'Levenberg-Marquardt iterations (default 8)', (v) => positiveInt(v, '--max-iterations'))
    .option('--jobs <n>', 'cases simulated at once on worker threads (default: one per core; 1 = one after another); the fit does not depend on it', (v) => positiveInt(v, '--jobs'))
    .action(async (dirs: string[], opts: { out?: string; maxIterations?: number; jobs?: number }) => {
      result.code = await calibrateCommand({ dirs, ...opts }, io);
    });

  program
    .command('step')
    .description("price one engine step of each pool at a range of decode batches: time per op, decode tok/s, KV use")
    .argument('<scenario>', 'scenario YAML file')
    .addOption(new Option('--pool <name>', 'only this pool (repeatable; default every pool)').argParser((v: string, prev: string[] | undefined) => collect(v, prev ?? [])))
    .option('--batch <list>', 'decode batch sizes, e.g. 1,8,64 (default: 1, 4, 16, ... up to the largest batch the pool seats)', (v) => positiveIntList(v, '--batch'))
    .option('--context <tokens>', "tokens in each decode's KV cache (default: the workload's mean prompt + half its mean output; give it for sessions and traces)", (v) => nonNegativeInt(v, '--context'))
    .option('--prefill <tokens>', 'add one prefill chunk of this many new tokens to each step (default 0)', (v) => nonNegativeInt(v, '--prefill'))
    .option('--prefill-cached <tokens>', "tokens of that chunk's prompt already in the cache (default 0)", (v) => nonNegativeInt(v, '--prefill-cached'))
    .addOption(new Option('--set <path=value>', 'override a scenario field (repeatable)').argParser(collect).default([]))
    .option('--json', 'print the rows as JSON')
    .action((scenario: string, opts: Omit<StepArgs, 'scenario'>) => {
      result.code = stepCommand({ scenario, ...opts }, io);
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
    const fsProblem = fileSystemProblem(e);
    if (fsProblem !== undefined) {
      io.err(fsProblem + '\n');
      return ExitCode.badInput;
    }
    throw e;
  }
}

/** Errors of a path the user gave (an --out under a file, a --json naming a directory, no permission). */
const PATH_ERRORS = new Set(['ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EEXIST', 'ENOENT', 'ENAMETOOLONG']);

/** `path: cannot mkdir: not a directory` for a file-system error on a path, else undefined. */
function fileSystemProblem(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof err.path !== 'string' || err.code === undefined || !PATH_ERRORS.has(err.code)) return undefined;
  // Node's message reads `ENOTDIR: not a directory, mkdir '/a/b'`: keep the reason.
  const reason = err.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
  return `${err.path}: cannot ${err.syscall ?? 'access'}: ${reason}`;
}
