import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findMaxRate, RATE_PATH, type MaxRateResult } from '../../experiments/max-rate.js';
import { runSweep, sweepJobs, type SweepRow } from '../../experiments/sweep.js';
import { MANIFEST, mergeShards, parseShard, shardIndices, type SweepManifest } from '../../experiments/shards.js';
import { renderMaxRateTable, renderSweepTable } from '../../experiments/reports/sweep-table.js';
import { writeMaxRateReport, writeSweepReport } from '../../experiments/reports/sweep-report.js';
import { getPath } from '../../scenario/set.js';
import { ExitCode, InputError, type CliIO } from '../io.js';
import { experimentInput, jobsProgress, pointSlug, withPool } from './experiment-input.js';

export interface SweepArgs {
  scenario: string;
  /** `i/N`: run one shard of the points (for `fleetsim merge`, or a Kubernetes Indexed Job). */
  shard?: string;
  set?: string[];
  workers?: number;
  out?: string;
  json?: boolean;
  findMaxRate?: boolean;
  goodput?: number;
  tolerance?: number;
}

/**
 * `fleetsim sweep <scenario>`: every point of the sweep on the worker pool, then a summary.json
 * per point, sweep.csv, sweep.json and reports/<name>/sweep/index.html. With --find-max-rate, the
 * highest arrival rate meeting the scenario's SLO instead.
 */
export async function sweepCommand(args: SweepArgs, io: CliIO): Promise<number> {
  if (args.findMaxRate && args.shard !== undefined) throw new InputError(['--shard splits a sweep\'s points; --find-max-rate is a sequential search: use one or the other']);
  if (args.findMaxRate) return maxRateCommand(args, io);
  const input = experimentInput(args.scenario, args.set ?? []);
  const name = input.loaded.scenario.name;
  if (input.axes.length === 0) {
    throw new InputError([`${args.scenario}: nothing to sweep: add a \`sweep:\` block (e.g. sweep: { workload.arrival.rate: [1, 2, 4] }) or --set path=v1,v2,...`]);
  }
  const shard = args.shard === undefined ? { index: 0, count: 1 } : parseShard(args.shard);
  if (!shard) throw new InputError([`--shard: expected i/N with 0 ≤ i < N, got \`${args.shard}\``]);
  const indices = shardIndices(input.points.length, shard);
  const jobs = sweepJobs(args.scenario, input.fixed, indices.map((i) => input.points[i]), true);
  const progress = jobsProgress(io, jobs.length, 'sweeping');
  const rows = await withPool(args.workers, (pool) => runSweep(pool, jobs, progress.tick)).finally(() => progress.stop());

  const outDir = args.out ?? join('reports', name, shard.count > 1 ? `sweep-shard-${shard.index}-of-${shard.count}` : 'sweep');
  const placed = rows.map((row, k) => ({ ...row, index: indices[k], dir: pointSlug(row.point, indices[k]) }));
  writePoints(outDir, placed);
  const manifest: SweepManifest = {
    fleetsim: 'sweep/1',
    scenario: name,
    file: args.scenario,
    fixed: input.fixed,
    axes: input.axes,
    numPoints: input.points.length,
    shard,
    points: placed.map((r) => ({ index: r.index, point: r.point, dir: r.dir })),
  };
  writeFileSync(join(outDir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  const written = await writeSweepReport(outDir, { scenario: name, axes: input.axes, rows });
  const what = shard.count > 1 ? ` (shard ${shard.index}/${shard.count}: ${rows.length} of ${input.points.length} points; join with fleetsim merge)` : '';
  if (args.json) io.out(JSON.stringify(rows.map((r) => r.summary), null, 2) + '\n');
  else io.out(`${renderSweepTable(name, input.axes, rows)}${what}\nwrote ${outDir}/ (${written.length} files: index.html, sweep.csv, points/*/summary.json, ...)\n`);
  return ExitCode.ok;
}

/** Each point's summary.json (and detail.json, what its report charts draw) under points/<index_point>/. */
export function writePoints(outDir: string, rows: readonly (SweepRow & { dir: string })[]): void {
  for (const row of rows) {
    const dir = join(outDir, 'points', row.dir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(row.summary, null, 2) + '\n');
    if (row.detail) writeFileSync(join(dir, 'detail.json'), JSON.stringify(row.detail) + '\n');
  }
}

/** `fleetsim merge <shard-dir...>`: one sweep's outputs from its shards, as an unsharded run writes them. */
export async function mergeCommand(args: { dirs: string[]; out?: string; json?: boolean }, io: CliIO): Promise<number> {
  const merged = mergeShards(args.dirs);
  if (!merged.ok) throw new InputError(merged.problems);
  const { manifest, rows } = merged;
  const outDir = args.out ?? join('reports', manifest.scenario, 'sweep');
  writePoints(outDir, rows);
  writeFileSync(join(outDir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  const written = await writeSweepReport(outDir, { scenario: manifest.scenario, axes: manifest.axes, rows });
  if (args.json) io.out(JSON.stringify(rows.map((r) => r.summary), null, 2) + '\n');
  else io.out(`${renderSweepTable(manifest.scenario, manifest.axes, rows)}merged ${args.dirs.length} shards\nwrote ${outDir}/ (${written.length} files)\n`);
  return ExitCode.ok;
}

async function maxRateCommand(args: SweepArgs, io: CliIO): Promise<number> {
  const input = experimentInput(args.scenario, args.set ?? [], { useFileSweep: false });
  if (input.axes.length > 0) throw new InputError(['--find-max-rate searches the arrival rate alone: drop the --set lists (path=v1,v2)']);
  const s = input.loaded.scenario;
  const problems: string[] = [];
  if (!s.slo || (s.slo.ttftP95 === undefined && s.slo.tpotP95 === undefined)) {
    problems.push(`${args.scenario}: slo: --find-max-rate needs an SLO to meet: add slo: { ttftP95: 2.0 } (and/or tpotP95)`);
  }
  const startRate = getPath(input.loaded.raw, RATE_PATH.split('.'));
  if (typeof startRate !== 'number' || !(startRate > 0)) {
    problems.push(`${args.scenario}: ${RATE_PATH}: --find-max-rate varies the arrival rate, and this workload has none (process ${String(s.workload.arrival?.process ?? 'trace or inference-perf')})`);
  }
  if (problems.length > 0) throw new InputError(problems);

  const goodput = args.goodput ?? 0.99;
  const tolerance = args.tolerance ?? 0.02;
  const progress = (p: { rate: number; attainment: number; ok: boolean }) => {
    if (io.isTTY) io.err(`  rate ${p.rate} req/s: ${(100 * p.attainment).toFixed(1)} % within SLO ${p.ok ? 'ok' : 'missed'}\n`);
  };
  const result: MaxRateResult = await withPool(args.workers, (pool) =>
    findMaxRate(pool, { file: args.scenario, sets: input.fixed, startRate: startRate as number, goodput, tolerance }, progress),
  );
  const outDir = args.out ?? join('reports', s.name, 'max-rate');
  writePoints(outDir, result.probes.map((p, i) => ({ point: p.summary.point, summary: p.summary, dir: pointSlug(p.summary.point, i) })));
  await writeMaxRateReport(outDir, { scenario: s.name, goodput, slo: s.slo ?? {}, result });
  if (args.json) io.out(JSON.stringify({ maxRate: result.maxRate ?? null, failRate: result.failRate ?? null, goodput, probes: result.probes.map((p) => ({ rate: p.rate, attainment: p.attainment, ok: p.ok })) }, null, 2) + '\n');
  else io.out(`${renderMaxRateTable(s.name, goodput, result)}\nwrote ${join(outDir, 'index.html')}\n`);
  return ExitCode.ok;
}
