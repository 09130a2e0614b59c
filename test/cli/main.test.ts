import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, fixture } from '../e2e/helpers.js';

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

  it('catalog lists the EPP plugin types with their extension points, and the llm-d types it refuses with why', async () => {
    const r = await cli('catalog');
    expect(r.stdout).toMatch(/\npd-profile-handler +profile-handler\n/);
    expect(r.stdout).toMatch(/\nconcurrency-detector +filter, saturation-detector\n/);
    expect(r.stdout).toMatch(/\nmetrics-data-source +inert\n/);
    expect(r.stdout).toMatch(/\nlatency-scorer +needs llm-d's latency predictor/);
    const j = JSON.parse((await cli('catalog', '--json')).stdout) as { eppPlugins: { type: string; points: string[] }[]; eppNotSimulated: { type: string }[] };
    expect(j.eppPlugins.find((p) => p.type === 'probabilistic-admitter')?.points).toEqual(['admitter']);
    expect(j.eppNotSimulated.map((p) => p.type)).toContain('slo-headroom-tier-filter');
  });

  it('catalog --json is machine-readable', async () => {
    const r = await cli('catalog', '--json');
    const j = JSON.parse(r.stdout) as { accelerators: { id: string }[]; models: { id: string }[] };
    expect(j.accelerators.map((a) => a.id)).toContain('gaudi3');
    expect(j.models.map((m) => m.id)).toContain('qwen3-32b');
  });

  it('an output path that cannot be written is bad input (exit 2) named by its path, not a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-out-'));
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const run = await cli('run', fixture('load-only.yaml'), '--out', join(file, 'sub'), '--set', 'stop.duration=2', '--set', 'stop.warmup=0');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${join(file, 'sub')}: cannot mkdir: not a directory\n`);
  });

  it('a sweep axis with no values is bad input (it used to run a sweep of 0 points, exit 0)', async () => {
    const r = await cli('sweep', fixture('load-only.yaml'), '--set', 'seed=[]', '--out', mkdtempSync(join(tmpdir(), 'fleetsim-sweep-')));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('--set: `seed=[]` gives the axis no value: list at least one\n');
  });

  it('a rate off by orders of magnitude is bad input (exit 2) at the field, not a run that never ends', async () => {
    const r = await cli('run', fixture('load-only.yaml'), '--set', 'workload.arrival.rate=3e10');
    expect(r.code).toBe(2);
    // the problem is at the field that sets the run's length, which the file holds
    expect(r.stderr).toBe(
      `${fixture('load-only.yaml')}:5:19: stop.duration: 60 s at 3.0e10 req/s is about 1.8e12 requests; fleetsim refuses runs above 1.0e9 requests (hours of CPU): ` +
        'is a rate or duration off by orders of magnitude?\n',
    );
    const file = join(mkdtempSync(join(tmpdir(), 'fleetsim-size-')), 'huge.yaml');
    writeFileSync(file, 'name: huge\nmodel: llama-3.1-8b\nstop: { requests: 5000000000 }\ncluster: { pools: [{ name: p, accelerator: h100-sxm }] }\n' +
      'workload: { arrival: { process: burst }, prompt: { dist: fixed, value: 10 }, output: { dist: fixed, value: 10 } }\n');
    const f = await cli('run', file);
    expect(f.code).toBe(2);
    expect(f.stderr).toBe(`${file}:3:19: stop.requests: 5.0e9 requests; fleetsim refuses runs above 1.0e9 requests (hours of CPU): is a rate or duration off by orders of magnitude?\n`);
  });

  it('an unknown command is bad input (exit 2); --help exits 0', async () => {
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('--help')).code).toBe(0);
    expect((await cli('run')).code).toBe(2); // missing <scenario>
  });
});
