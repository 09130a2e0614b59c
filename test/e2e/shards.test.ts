import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseShard, shardIndices } from '../../src/experiments/shards.js';
import type { Summary } from '../../src/sim/metrics/summary.js';
import { cli, fixture } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'fleetsim-shard-'));
/** A summary as bytes, wall time and memory (the fields allowed to differ between runs) zeroed. */
const bytes = (file: string) => {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Summary;
  return JSON.stringify({ ...s, sim: { ...s.sim, wallSeconds: 0, peakRssMB: 0 } }, null, 2);
};
const pointsOf = (dir: string) => readdirSync(join(dir, 'points')).sort();

describe('sharded sweeps', () => {
  it('parses i/N and interleaves the points', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
    expect(parseShard('3/3')).toBeUndefined();
    expect(parseShard('x')).toBeUndefined();
    expect(shardIndices(7, { index: 1, count: 3 })).toEqual([1, 4]);
  });

  it('three local shards merged equal the unsharded sweep, byte for byte on the summaries', async () => {
    const axis = ['--set', 'workload.arrival.rate=2,4,8,16,24'];
    const whole = tmp();
    expect((await cli('sweep', fixture('sweep-ladder.yaml'), ...axis, '--workers', '2', '--out', whole)).code).toBe(0);
    const shards = [0, 1, 2].map(() => tmp());
    for (const [i, dir] of shards.entries()) {
      const r = await cli('sweep', fixture('sweep-ladder.yaml'), ...axis, '--shard', `${i}/3`, '--workers', '1', '--out', dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`shard ${i}/3`));
    }
    expect(pointsOf(shards[1])).toHaveLength(2); // points 1 and 4
    const merged = tmp();
    const m = await cli('merge', ...shards, '--out', merged);
    expect(m.stderr).toBe('');
    expect(m.code).toBe(0);
    expect(pointsOf(merged)).toEqual(pointsOf(whole));
    for (const p of pointsOf(whole)) {
      expect(bytes(join(merged, 'points', p, 'summary.json'))).toBe(bytes(join(whole, 'points', p, 'summary.json')));
      expect(readFileSync(join(merged, 'points', p, 'detail.json'), 'utf8')).toBe(readFileSync(join(whole, 'points', p, 'detail.json'), 'utf8'));
    }
    expect(readFileSync(join(merged, 'sweep-manifest.json'), 'utf8')).toBe(readFileSync(join(whole, 'sweep-manifest.json'), 'utf8'));
    const csv = (d: string) => readFileSync(join(d, 'sweep.csv'), 'utf8');
    expect(csv(merged)).toBe(csv(whole));
  });

  it('a missing or foreign shard is a named error, exit 2', async () => {
    const a = tmp();
    await cli('sweep', fixture('sweep-ladder.yaml'), '--set', 'workload.arrival.rate=2,4', '--shard', '0/2', '--out', a);
    const missing = await cli('merge', a, '--out', tmp());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing shard\(s\) 1\/2/);
    const b = tmp();
    await cli('sweep', fixture('sweep-ladder.yaml'), '--set', 'workload.arrival.rate=2,8', '--shard', '1/2', '--out', b);
    const foreign = await cli('merge', a, b, '--out', tmp());
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/a shard of another sweep/);
    const bad = await cli('sweep', fixture('sweep-ladder.yaml'), '--shard', '2/2');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--shard: expected i\/N/);
  });

  it('k8s-job writes an Indexed Job whose pods run their shard, with the scenario and its router config mounted', async () => {
    const r = await cli('k8s-job', fixture('pd-8b.yaml'), '--shards', '3', '--set', 'workload.arrival.rate=2,4,8,16', '--image', 'registry.example/fleetsim:1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [cm, job] = parseAllDocuments(r.stdout).map((d) => d.toJS());
    expect(cm.kind).toBe('ConfigMap');
    expect(Object.keys(cm.data)).toEqual(['pd-8b.yaml', 'router-pd-always.yaml']);
    expect(cm.data['pd-8b.yaml']).toBe(readFileSync(fixture('pd-8b.yaml'), 'utf8'));
    expect(job.kind).toBe('Job');
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 3, parallelism: 3 });
    const c = job.spec.template.spec.containers[0];
    expect(c.image).toBe('registry.example/fleetsim:1');
    const cmd = c.command[2] as string;
    expect(cmd).toContain('fleetsim sweep /scenario/pd-8b.yaml --shard "$JOB_COMPLETION_INDEX/3"');
    expect(cmd).toContain(`--set 'workload.arrival.rate=2,4,8,16'`);
    expect(cmd).toContain(`--set 'router.config="/scenario/router-pd-always.yaml"'`);
    expect(job.spec.template.spec.volumes[0].configMap.name).toBe(cm.metadata.name);
    const tooMany = await cli('k8s-job', fixture('pd-8b.yaml'), '--shards', '9', '--set', 'workload.arrival.rate=2,4');
    expect(tooMany.code).toBe(2);
  });
});
