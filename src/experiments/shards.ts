/**
 * Sharded sweeps: `fleetsim sweep --shard i/N` runs every N-th point from i (interleaved, so
 * shards get a similar mix of cheap and dear points) and writes a manifest beside its point
 * outputs; `fleetsim merge` checks the shards belong to one sweep and cover it exactly once, and
 * rebuilds the outputs an unsharded run writes. A point's files carry its global index, so merged
 * outputs are the unsharded ones.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '../sim/metrics/summary.js';
import type { RunDetail } from './run.js';
import type { Point, SweepAxis, SweepRow } from './sweep.js';

export interface Shard {
  index: number;
  count: number;
}

export const MANIFEST = 'sweep-manifest.json';

export interface SweepManifest {
  fleetsim: 'sweep/1';
  scenario: string;
  /** What identifies the sweep: the same file, overrides and axes in every shard. */
  file: string;
  fixed: string[];
  axes: SweepAxis[];
  numPoints: number;
  shard: Shard;
  /** The points this shard ran, with their global indices and output folders. */
  points: { index: number; point: Point; dir: string }[];
}

/** `2/8` → { index: 2, count: 8 }; undefined if malformed or out of range. */
export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && index < count ? { index, count } : undefined;
}

/** The global indices of the points shard `s` runs: i, i + N, i + 2N, … */
export function shardIndices(numPoints: number, s: Shard): number[] {
  const out: number[] = [];
  for (let i = s.index; i < numPoints; i += s.count) out.push(i);
  return out;
}

export type MergeResult =
  | { ok: true; manifest: SweepManifest; rows: (SweepRow & { index: number; dir: string })[] }
  | { ok: false; problems: string[] };

/** Reads shard folders and joins them into one sweep, or says why they do not make one. */
export function mergeShards(dirs: readonly string[]): MergeResult {
  const problems: string[] = [];
  const manifests: { dir: string; m: SweepManifest }[] = [];
  for (const dir of dirs) {
    const file = join(dir, MANIFEST);
    if (!existsSync(file)) {
      problems.push(`${dir}: no ${MANIFEST}: not the output of \`fleetsim sweep --shard i/N\``);
      continue;
    }
    try {
      const m = JSON.parse(readFileSync(file, 'utf8')) as SweepManifest;
      if (m.fleetsim !== 'sweep/1') problems.push(`${file}: fleetsim: expected sweep/1, got ${JSON.stringify(m.fleetsim)}`);
      else manifests.push({ dir, m });
    } catch (e) {
      problems.push(`${file}: not valid JSON: ${(e as Error).message}`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  if (manifests.length === 0) return { ok: false, problems: ['merge: no shard folders given'] };
  const first = manifests[0].m;
  const identity = (m: SweepManifest) => JSON.stringify([m.scenario, m.fixed, m.axes, m.numPoints, m.shard.count]);
  for (const { dir, m } of manifests.slice(1)) {
    if (identity(m) !== identity(first)) problems.push(`${dir}: a shard of another sweep (scenario, overrides, axes or shard count differ from ${manifests[0].dir})`);
  }
  const seen = new Map<number, string>();
  for (const { dir, m } of manifests) {
    if (seen.has(m.shard.index) && seen.get(m.shard.index) !== dir) problems.push(`${dir}: shard ${m.shard.index}/${m.shard.count} given twice (also ${seen.get(m.shard.index)})`);
    seen.set(m.shard.index, dir);
  }
  const missing = Array.from({ length: first.shard.count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) problems.push(`merge: missing shard(s) ${missing.map((i) => `${i}/${first.shard.count}`).join(', ')}`);
  if (problems.length > 0) return { ok: false, problems };

  const rows: (SweepRow & { index: number; dir: string })[] = [];
  for (const { dir, m } of manifests) {
    for (const p of m.points) {
      const base = join(dir, 'points', p.dir);
      const summaryFile = join(base, 'summary.json');
      if (!existsSync(summaryFile)) {
        problems.push(`${summaryFile}: missing (shard ${m.shard.index}/${m.shard.count} did not finish?)`);
        continue;
      }
      const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as Summary;
      const detailFile = join(base, 'detail.json');
      const detail = existsSync(detailFile) ? (JSON.parse(readFileSync(detailFile, 'utf8')) as RunDetail) : undefined;
      rows.push({ index: p.index, dir: p.dir, point: p.point, summary, ...(detail && { detail }) });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  rows.sort((a, b) => a.index - b.index);
  if (rows.length !== first.numPoints || rows.some((r, i) => r.index !== i)) {
    return { ok: false, problems: [`merge: the shards hold ${rows.length} of ${first.numPoints} points`] };
  }
  return { ok: true, manifest: { ...first, shard: { index: 0, count: 1 }, points: rows.map((r) => ({ index: r.index, point: r.point, dir: r.dir })) }, rows };
}
