/** The search space as typed: one parser for plan's flags and the terminal UI's form. */
import { describe, expect, it } from 'vitest';
import { knownAccelerators } from '../../../src/experiments/plan/candidates.js';
import { parseSpace, type SpaceLabels } from '../../../src/experiments/plan/space-text.js';

const FLAGS: SpaceLabels = { accelerators: '--accelerators', precisions: '--precisions', tp: '--tp', routers: '--routers', pd: '--pd', kvTiers: '--kv-tiers', pdRouter: '--pd-router' };

describe('parseSpace', () => {
  it('an axis not given is plan\'s default: every accelerator, bf16 and fp8, TP 1-8, the scenario\'s router, aggregated, no tier', () => {
    expect(parseSpace({}, 'precise-prefix', FLAGS)).toEqual({
      space: { accelerators: knownAccelerators(), precisions: ['bf16', 'fp8'], tensorParallel: [1, 2, 4, 8], routers: ['precise-prefix'], pd: [undefined], kvTiers: [{ name: 'none' }] },
      problems: [],
    });
  });

  it('parses each comma list, spaces around items ignored, and keeps a P/D router given', () => {
    const { space, problems } = parseSpace({ accelerators: 'h100-sxm , mi300x', precisions: 'fp8', tp: '4,8', routers: 'a,b', pd: '0, 1:1', kvTiers: 'cpu,cpu+nvme:512', pdRouter: ' my-pd ' }, 'ignored', FLAGS);
    expect(problems).toEqual([]);
    expect(space).toEqual({
      accelerators: ['h100-sxm', 'mi300x'],
      precisions: ['fp8'],
      tensorParallel: [4, 8],
      routers: ['a', 'b'],
      pd: [undefined, { prefill: 1, decode: 1 }],
      kvTiers: [{ name: 'cpu' }, { name: 'cpu+nvme', nvmeGiB: 512 }],
      pdRouter: 'my-pd',
    });
  });

  it('lists every bad value, each under its axis\'s label', () => {
    const { problems } = parseSpace({ accelerators: 'h100', precisions: 'fp16', tp: '3', routers: ',', pd: '1:0', kvTiers: 'ssd' }, 'r', FLAGS);
    expect(problems).toEqual([
      `--accelerators: unknown accelerator \`h100\`; known: ${knownAccelerators().join(', ')}`,
      '--precisions: unknown precision `fp16`; use bf16, fp8, fp4, int8',
      '--tp: tensor-parallel sizes are 1, 2, 4, 8, got `3`',
      '--routers: name at least one',
      '--pd: expected 0 (aggregated) or PREFILL:DECODE pods such as 1:2 (1-16 each), got `1:0`',
      '--kv-tiers: expected none, cpu, cpu+nvme (sizes per pod optional: cpu:256+nvme:2048 GiB), got `ssd`',
    ]);
  });
});
