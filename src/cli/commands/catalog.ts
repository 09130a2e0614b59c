import { ACCELERATORS } from '../../models/hardware/catalog.js';
import { MODELS } from '../../models/llm/catalog.js';
import { paramCount } from '../../models/llm/params.js';
import { formatTable } from '../../report/table.js';
import { ExitCode, type CliIO } from '../io.js';

/** `fleetsim catalog`: the accelerators and models a scenario may name. */
export function catalogCommand(args: { json?: boolean }, io: CliIO): number {
  const accels = Object.values(ACCELERATORS);
  const models = Object.values(MODELS);
  if (args.json) {
    io.out(JSON.stringify({ accelerators: accels, models }, null, 2) + '\n');
    return ExitCode.ok;
  }
  const fmt = (x: number | undefined) => (x === undefined ? '-' : String(x));
  io.out('Accelerators\n');
  io.out(
    formatTable([
      ['id', 'name', 'bf16 TFLOP/s', 'fp8 TFLOP/s', 'HBM GiB', 'HBM TB/s', 'scale-up GB/s', 'topology'],
      ...accels.map((a) => [
        a.id,
        a.displayName,
        fmt(a.peakTflops.bf16),
        fmt(a.peakTflops.fp8),
        fmt(a.hbmGiB),
        fmt(a.hbmTBps),
        fmt(a.scaleUp.allToAllGBps),
        a.scaleUp.topology,
      ]),
    ]) + '\n\n',
  );
  io.out('Models\n');
  io.out(
    formatTable([
      ['id', 'params (B)', 'layers', 'hidden', 'heads', 'kv heads', 'head dim', 'intermediate', 'vocab', 'max len'],
      ...models.map((m) => [
        m.id,
        (paramCount(m) / 1e9).toFixed(1),
        String(m.numLayers),
        String(m.hiddenSize),
        String(m.numHeads),
        String(m.numKvHeads),
        String(m.headDim),
        String(m.intermediateSize),
        String(m.vocabSize),
        String(m.maxPositionEmbeddings),
      ]),
    ]) + '\n',
  );
  return ExitCode.ok;
}
