import { ACCELERATORS } from '../../models/hardware/catalog.js';
import { MODELS } from '../../models/llm/catalog.js';
import { countParams } from '../../models/llm/params.js';
import { RUNTIMES, CALIBRATED_FACTORS } from '../../models/perf/runtime.js';
import { formatTable } from '../../report/table.js';
import { ExitCode, type CliIO } from '../io.js';
import { LINKS } from '../../models/hardware/links.js';
import { createDefaultRegistry } from '../../policies/registry.js';
import { UNSIMULATED_TYPES } from '../../policies/config/unsimulated-types.js';

const fmt = (x: number | undefined, digits?: number) => (x === undefined ? '-' : digits === undefined ? String(x) : x.toFixed(digits));

/** `fleetsim catalog`: every accelerator, model, link and runtime a scenario may name, with sources. */
export function catalogCommand(args: { json?: boolean }, io: CliIO): number {
  const accels = Object.values(ACCELERATORS);
  const models = Object.values(MODELS);
  const links = Object.values(LINKS);
  const runtimes = Object.values(RUNTIMES).map((r) => ({ ...r, defaults: undefined }));
  // EPP plugin types a router config may name: llm-d's names, with the extension points simulated
  // (none: accepted and inert), then the llm-d types refused and why.
  const registry = createDefaultRegistry();
  const eppPlugins = registry
    .types()
    .sort()
    .map((type) => ({ type, points: [...(registry.get(type)?.points ?? [])] }));
  const eppNotSimulated = Object.entries(UNSIMULATED_TYPES).map(([type, why]) => ({ type, why }));
  if (args.json) {
    io.out(JSON.stringify({ accelerators: accels, models, links, runtimes, calibratedFactors: CALIBRATED_FACTORS, eppPlugins, eppNotSimulated }, null, 2) + '\n');
    return ExitCode.ok;
  }
  const sections: string[] = [];
  sections.push(
    'Accelerators\n' +
      formatTable([
        ['id', 'name', 'bf16 TFLOP/s', 'fp8 TFLOP/s', 'fp4 TFLOP/s', 'HBM GiB', 'HBM TB/s', 'scale-up GB/s', 'topology', 'eff. bf16/attn/mem/coll'],
        ...accels.map((a) => [
          a.id,
          a.displayName,
          fmt(a.peakTflops.bf16),
          fmt(a.peakTflops.fp8),
          fmt(a.peakTflops.fp4),
          fmt(a.hbmGiB),
          fmt(a.hbmTBps),
          `${a.scaleUp.allToAllGBps}${a.scaleUp.peerToPeerGBps !== a.scaleUp.allToAllGBps ? ` (p2p ${a.scaleUp.peerToPeerGBps})` : ''}`,
          a.scaleUp.topology,
          // attention without a measured figure runs at the bf16 GEMM efficiency: shown as "=".
          `${fmt(a.efficiency.compute.bf16, 2)}/${a.efficiency.attention === undefined ? '=' : fmt(a.efficiency.attention, 2)}/${fmt(a.efficiency.memory, 2)}/${fmt(a.efficiency.collective, 2)}`,
        ]),
      ]),
  );
  sections.push(
    'Models\n' +
      formatTable([
        ['id', 'params B (active)', 'layers', 'hidden', 'heads', 'kv heads', 'head dim', 'intermediate', 'experts', 'vocab', 'max len', 'source'],
        ...models.map((m) => {
          const p = countParams(m);
          return [
            m.id,
            `${(p.total / 1e9).toFixed(1)}${p.active !== p.total ? ` (${(p.active / 1e9).toFixed(1)})` : ''}`,
            String(m.numLayers),
            String(m.hiddenSize),
            String(m.numHeads),
            m.mla ? 'MLA' : String(m.numKvHeads),
            String(m.headDim),
            String(m.intermediateSize),
            m.moe ? `${m.moe.numExperts} top-${m.moe.numExpertsPerTok}` : '-',
            String(m.vocabSize),
            String(m.maxPositionEmbeddings),
            `hf:${m.hfRepo}`,
          ];
        }),
      ]),
  );
  sections.push(
    'Links and tiers\n' +
      formatTable([['id', 'name', 'GB/s (one way)', 'latency µs'], ...links.map((l) => [l.id, l.name, fmt(l.bandwidthGBps), fmt(l.latencySeconds * 1e6, 1)])]),
  );
  sections.push(
    'Runtimes\n' +
      formatTable([
        ['id', 'name', 'CPU/step ms', 'CPU/seq µs'],
        ...runtimes.map((r) => [r.id, r.displayName, fmt(r.overheads.cpuBaseSeconds * 1e3, 2), fmt(r.overheads.cpuPerSeqSeconds * 1e6, 1)]),
      ]),
  );
  sections.push(
    'Calibrated factors (fleetsim calibrate; other stacks keep 1)\n' +
      formatTable([['stack', 'compute ×', 'memory ×'], ...Object.entries(CALIBRATED_FACTORS).map(([id, f]) => [id, fmt(f.compute, 3), fmt(f.memory, 3)])]),
  );
  sections.push(
    'EPP plugin types (llm-d names; "inert": accepted with checked parameters, the gateway does it)\n' +
      formatTable([['type', 'extension points'], ...eppPlugins.map((p) => [p.type, p.points.length > 0 ? p.points.join(', ') : 'inert'])]),
  );
  sections.push(
    'llm-d plugin types fleetsim refuses\n' + formatTable([['type', 'why'], ...eppNotSimulated.map((p) => [p.type, p.why])]),
  );
  const sources = [
    ...accels.map((a) => [a.id, a.sources] as const),
    ...links.map((l) => [l.id, [l.source]] as const),
    ...runtimes.map((r) => [r.id, r.sources] as const),
  ];
  sections.push('Sources\n' + sources.map(([id, s]) => s.map((x) => `  ${id}: ${x}`).join('\n')).join('\n'));
  io.out(sections.join('\n\n') + '\n');
  return ExitCode.ok;
}
