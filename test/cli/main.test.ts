import { describe, expect, it } from 'vitest';
import { cli } from '../e2e/helpers.js';

describe('fleetsim CLI', () => {
  it('catalog lists every accelerator and model id', async () => {
    const r = await cli('catalog');
    expect(r.code).toBe(0);
    for (const id of ['h100-sxm', 'h200-sxm', 'mi300x', 'gaudi3', 'tpu-v5e', 'tpu-v5p', 'qwen3-32b', 'llama-3.1-8b', 'llama-3.1-70b', 'llama-2-70b']) {
      expect(r.stdout).toContain(id);
    }
    // measured per-chip tables are listed with their sources
    expect(r.stdout).toMatch(/b200-sxm: NVFP4 GEMM times on B200, TensorRT-LLM 1\.2\.0rc5 .*aiconfigurator @095f58a5/);
  });

  it('catalog --json is machine-readable', async () => {
    const r = await cli('catalog', '--json');
    const j = JSON.parse(r.stdout) as { accelerators: { id: string }[]; models: { id: string }[] };
    expect(j.accelerators.map((a) => a.id)).toContain('gaudi3');
    expect(j.models.map((m) => m.id)).toContain('qwen3-32b');
  });

  it('an unknown command is bad input (exit 2); --help exits 0', async () => {
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('--help')).code).toBe(0);
    expect((await cli('run')).code).toBe(2); // missing <scenario>
  });
});
