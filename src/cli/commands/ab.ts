import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { runAb, type AbArm, type AbPlan } from '../../experiments/ab/ab.js';
import { setArg } from '../../experiments/job.js';
import { AB_METRIC_KEYS } from '../../experiments/metrics.js';
import { renderAbTable } from '../../experiments/reports/ab-table.js';
import { writeAbReport } from '../../experiments/reports/ab-report.js';
import { ROUND_ROBIN, shippedRouterConfigs } from '../../scenario/router.js';
import { ExitCode, InputError, type CliIO } from '../io.js';
import { experimentInput, jobsProgress, loadOrThrow, withPool } from './experiment-input.js';

export interface AbArgs {
  scenarios: string[];
  router?: string[];
  replications?: number;
  workers?: number;
  set?: string[];
  out?: string;
  json?: boolean;
  details?: boolean;
}

/**
 * `fleetsim ab a.yaml b.yaml` or `fleetsim ab s.yaml --router A --router B`: K replications of
 * both arms on the same seeds (common random numbers), paired deltas with 95 % intervals and a
 * verdict per metric, per sweep point; table, ab.json and reports/<name>/ab/index.html.
 */
export async function abCommand(args: AbArgs, io: CliIO): Promise<number> {
  const routers = args.router ?? [];
  const replications = args.replications ?? 5;
  if (replications < 2) throw new InputError([`--replications must be ≥ 2 for a confidence interval, got ${replications}`]);
  let arms: [AbArm, AbArm];
  if (routers.length > 0) {
    if (routers.length !== 2 || args.scenarios.length !== 1) {
      throw new InputError([`--router: give one scenario and exactly two --router configs (got ${args.scenarios.length} scenario(s), ${routers.length} --router)`]);
    }
    arms = [routerArm(args.scenarios[0], routers[0]), routerArm(args.scenarios[0], routers[1])];
  } else {
    if (args.scenarios.length !== 2) throw new InputError([`give two scenarios (A and B), or one scenario and two --router configs (got ${args.scenarios.length} scenario(s))`]);
    arms = [scenarioArm(args.scenarios[0]), scenarioArm(args.scenarios[1])];
    if (arms[0].label === arms[1].label) arms = [{ ...arms[0], label: basename(arms[0].file) }, { ...arms[1], label: basename(arms[1].file) }];
  }
  if (arms[0].label === arms[1].label) arms = [{ ...arms[0], label: `A: ${arms[0].label}` }, { ...arms[1], label: `B: ${arms[1].label}` }];

  // Both arms must load with every point; the sweep axes come from arm A's scenario and the flags.
  const input = experimentInput(arms[0].file, [...arms[0].sets, ...(args.set ?? [])]);
  const fixed = input.fixed.slice(arms[0].sets.length);
  experimentInput(arms[1].file, [...arms[1].sets, ...(args.set ?? [])], { useFileSweep: false });
  const plan: AbPlan = { arms, shared: fixed, points: input.points, replications, baseSeed: input.loaded.scenario.seed, metrics: AB_METRIC_KEYS };

  const total = plan.points.length * replications * 2;
  const progress = jobsProgress(io, total, 'A/B');
  const results = await withPool(args.workers, (pool) => runAb(pool, plan, (done) => progress.tick(done))).finally(() => progress.stop());

  const name = input.loaded.scenario.name;
  const outDir = args.out ?? join('reports', name, 'ab');
  await writeAbReport(outDir, { scenario: name, plan, axes: input.axes, results });
  if (args.json) io.out(JSON.stringify({ arms: arms.map((a) => a.label), replications, points: results.map((r) => ({ point: r.point, deltas: r.deltas })) }, null, 2) + '\n');
  else io.out(`${renderAbTable(plan, results, { details: args.details })}\nwrote ${join(outDir, 'index.html')}\n`);
  return ExitCode.ok;
}

/** A router arm: a shipped config name, or an EndpointPickerConfig file relative to the working directory. */
function routerArm(file: string, ref: string): AbArm {
  const shipped = shippedRouterConfigs();
  if (ref === ROUND_ROBIN || shipped.includes(ref)) return { label: ref, file, sets: [setArg('router.config', ref)] };
  const path = resolve(ref);
  if (!existsSync(path)) throw new InputError([`--router: no shipped router config \`${ref}\` and no file ${path}; shipped: ${shipped.join(', ')}`]);
  return { label: basename(ref).replace(/\.ya?ml$/, ''), file, sets: [setArg('router.config', path)] };
}

function scenarioArm(file: string): AbArm {
  const loaded = loadOrThrow(file, []);
  return { label: loaded.scenario.name, file, sets: [] };
}
