import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { k8sJobManifest, k8sName } from '../../experiments/k8s-job.js';
import { setArg } from '../../experiments/job.js';
import { routerConfigPath, shippedRouterConfigs } from '../../scenario/router.js';
import { ExitCode, InputError, type CliIO } from '../io.js';
import { experimentInput } from './experiment-input.js';

export interface K8sJobArgs {
  scenario: string;
  shards: number;
  parallelism?: number;
  image?: string;
  pvc?: string;
  cpu?: number;
  memory?: string;
  set?: string[];
  out?: string;
}

/**
 * `fleetsim k8s-job <scenario> --shards N`: the Kubernetes manifest (a ConfigMap with the scenario
 * and the files it references, and an Indexed Job of N shards) for a sweep too big for one machine.
 * The scenario is loaded and every point checked first, so a bad one fails here, not on the cluster.
 */
export function k8sJobCommand(args: K8sJobArgs, io: CliIO): number {
  const input = experimentInput(args.scenario, args.set ?? []);
  if (input.points.length < 2) throw new InputError([`${args.scenario}: nothing to shard: add a \`sweep:\` block or --set path=v1,v2,...`]);
  if (args.shards > input.points.length) throw new InputError([`--shards ${args.shards} is more than the sweep's ${input.points.length} points`]);
  const s = input.loaded.scenario;
  const files = [{ key: basename(args.scenario), content: readFileSync(args.scenario, 'utf8') }];
  const sets = [...(args.set ?? [])];
  // Files the scenario names by path travel in the ConfigMap; the overrides point at their mounts.
  const ref = s.router.config;
  const path = routerConfigPath(ref, args.scenario);
  if (path !== undefined && !shippedRouterConfigs().includes(ref)) {
    files.push({ key: `router-${basename(path)}`, content: readFileSync(path, 'utf8') });
    sets.push(setArg('router.config', `/scenario/router-${basename(path)}`));
  }
  const raw = input.loaded.raw as { model?: unknown };
  const hf = typeof raw.model === 'object' && raw.model !== null ? (raw.model as { hfConfig?: unknown }).hfConfig : undefined;
  if (typeof hf === 'string') {
    const path = isAbsolute(hf) ? hf : join(dirname(args.scenario), hf);
    files.push({ key: `model-${basename(path)}`, content: readFileSync(path, 'utf8') });
    sets.push(setArg('model.hfConfig', `/scenario/model-${basename(path)}`));
  }
  const yaml = k8sJobManifest({
    name: k8sName(s.name),
    files,
    sets,
    shards: args.shards,
    parallelism: args.parallelism ?? args.shards,
    image: args.image ?? 'fleetsim:latest',
    pvc: args.pvc ?? 'fleetsim-results',
    cpu: args.cpu ?? 2,
    memory: args.memory ?? '4Gi',
  });
  if (args.out) {
    writeFileSync(args.out, yaml);
    io.out(`wrote ${args.out}: ${args.shards} shards of ${input.points.length} points; kubectl apply -f ${args.out}\n`);
  } else io.out(yaml);
  return ExitCode.ok;
}
