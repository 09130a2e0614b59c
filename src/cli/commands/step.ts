import { buildSimConfig } from '../../experiments/fleet.js';
import { workloadShape } from '../../experiments/plan/candidates.js';
import { defaultBatches, kvMaxBatch, profileSteps, type StepRow } from '../../experiments/step-profile.js';
import { formatTable } from '../../report/table.js';
import { loadScenarioFile, locateProblems } from '../../scenario/load.js';
import { formatProblem } from '../../scenario/problems.js';
import { ExitCode, InputError, type CliIO } from '../io.js';

export interface StepArgs {
  scenario: string;
  set?: string[];
  /** Pool names to price (default every pool). */
  pool?: string[];
  batch?: number[];
  /** Tokens already in each decode's cache (default: mean prompt + half the mean output). */
  context?: number;
  /** New tokens of one prefill chunk in the step (default 0: a decode-only step). */
  prefill?: number;
  /** Tokens of that prefill's prompt already cached (default 0). */
  prefillCached?: number;
  json?: boolean;
}

const ms = (s: number) => (s * 1000).toFixed(2);

/**
 * `fleetsim step <scenario>`: each pool's engine step at a range of decode batches, with the time
 * per op, so a prediction can be traced to the op that makes it and set against a measured
 * inter-token latency. Nothing is simulated: it prices the steps the simulator would.
 */
export function stepCommand(args: StepArgs, io: CliIO): number {
  const loaded = loadScenarioFile(args.scenario, args.set ?? []);
  if (!loaded.ok) throw new InputError(loaded.problems.map(formatProblem));
  const s = loaded.scenario;
  const fleet = buildSimConfig(s);
  if (!fleet.ok) throw new InputError(locateProblems(loaded, fleet.problems).map(formatProblem));
  const names = fleet.config.pools.map((p) => p.name);
  const unknown = (args.pool ?? []).filter((n) => !names.includes(n));
  if (unknown.length > 0) {
    throw new InputError([`--pool: no pool named ${unknown.map((n) => `\`${n}\``).join(', ')} in ${args.scenario} (pools: ${names.join(', ')})`]);
  }
  const shape = workloadShape(s);
  const context = args.context ?? Math.round(shape.prompt + shape.output / 2);
  const prefill = args.prefill ?? 0;
  const prefillCached = args.prefillCached ?? 0;
  if (prefillCached > 0 && prefill === 0) throw new InputError(['--prefill-cached needs --prefill: it is the cached part of that prefill chunk\'s prompt']);

  const results = fleet.config.pools
    .map((pool, i) => ({ pool, spec: s.cluster.pools[i] }))
    .filter(({ pool }) => !args.pool || args.pool.includes(pool.name))
    .map(({ pool, spec }) => {
      const { blockSize, numGpuBlocks, maxNumSeqs, maxNumBatchedTokens } = pool.pod;
      if (prefill + 1 > maxNumBatchedTokens) {
        throw new InputError([`--prefill: ${prefill} tokens and a decode do not fit pool \`${pool.name}\`'s maxNumBatchedTokens ${maxNumBatchedTokens}`]);
      }
      const limit = kvMaxBatch(context, blockSize, numGpuBlocks, maxNumSeqs);
      const batches = args.batch ?? defaultBatches(limit);
      const rows = profileSteps(pool.stepModel, batches.map((batch) => ({ batch, context, prefill, prefillCached })), { blockSize, numGpuBlocks });
      return {
        pool: pool.name,
        accelerator: spec.accelerator,
        precision: spec.precision,
        runtime: spec.runtime,
        tensorParallel: spec.tensorParallel,
        dataParallel: spec.dataParallel ?? 1,
        expertParallel: spec.expertParallel ?? 1,
        maxNumSeqs,
        kvMaxBatch: limit,
        rows,
      };
    });

  if (args.json) {
    io.out(JSON.stringify({ scenario: s.name, context, prefill, prefillCached, pools: results }, null, 2) + '\n');
    return ExitCode.ok;
  }
  const sections = results.map((r) => {
    const head =
      `pool ${r.pool}: ${r.accelerator} ${r.precision} TP${r.tensorParallel}${r.dataParallel > 1 ? ` DP${r.dataParallel}` : ''}` +
      `${r.expertParallel > 1 ? ` EP${r.expertParallel}` : ''}, ${r.runtime}; decodes at ${context} tokens of context` +
      `${prefill > 0 ? ` + one ${prefill}-token prefill chunk${prefillCached > 0 ? ` after ${prefillCached} cached` : ''}` : ''}; ` +
      `the KV cache holds ${r.kvMaxBatch} such decodes sharing no prefix (maxNumSeqs ${r.maxNumSeqs})`;
    return `${head}\n${formatTable([HEADER, ...r.rows.map(rowCells)])}`;
  });
  io.out(
    `${sections.join('\n\n')}\n` +
      'ms per step on one rank, summed over layers. GEMMs = qkv + o + MLP (experts included); comm = TP all-reduces, logits gather and EP all-to-all;\n' +
      'other = embedding, norms, MoE router; CPU = scheduling and launches (hidden behind the GPU under async scheduling).\n' +
      'kv = blocks held, none shared, ÷ the pod\'s KV blocks (> 100 %: fits only if the sequences share prefix blocks).\n',
  );
  return ExitCode.ok;
}

const HEADER = ['batch', 'step ms', 'decode tok/s', 'kv', 'graph', 'GEMMs', 'attention', 'comm', 'LM head', 'other', 'CPU'];

function rowCells(r: StepRow): string[] {
  const b = r.breakdown;
  const gemms = b.qkvProjSeconds + b.oProjSeconds + b.mlpGateUpSeconds + b.mlpDownSeconds;
  return [
    String(r.batch),
    ms(b.stepSeconds),
    r.decodeTokensPerSec.toFixed(0),
    `${(r.kvUse * 100).toFixed(0)} %`,
    b.graphMode,
    ms(gemms),
    ms(b.attentionSeconds),
    ms(b.collectiveSeconds + b.allToAllSeconds),
    ms(b.lmHeadSeconds),
    ms(b.embeddingSeconds + b.normsSeconds + b.moeRouterSeconds),
    ms(b.cpuSeconds),
  ];
}
