/**
 * Behaviour fingerprints: a speed change must not change a single simulated number.
 *
 * Runs every scenarios/*.yaml and bench/*.yaml through the CLI (`node bin/fleetsim.js run <file>
 * --out <dir>`), strips the fields that depend on the machine rather than the simulation
 * (sim.wallSeconds, sim.peakRssMB), and hashes the rest of summary.json (SHA-256 of its JSON with
 * keys in the order the simulator wrote them). The stripped summaries are kept beside the hashes
 * so a mismatch can be diffed.
 *
 *   npm run build && node dist/bench/fingerprint.js --record  # write bench/fingerprints.json
 *   npm run build && node dist/bench/fingerprint.js           # compare; exit 1 on any difference
 *   node dist/bench/fingerprint.js --jobs 1 scenarios/rag.yaml # a subset, one at a time
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const store = join(root, 'bench', 'fingerprints.json');
/** Where the stripped summaries of the last run go, for diffing against a recorded run. */
const keep = join(tmpdir(), 'fleetsim-fingerprints');

/** Summary fields measured on the machine, not simulated: left out of the hash. */
const MACHINE_FIELDS = ['wallSeconds', 'peakRssMB'] as const;

function scenarioFiles(): string[] {
  const yamls = (dir: string) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => join(dir, f));
  return [...yamls('scenarios'), ...yamls('bench')];
}

async function fingerprint(file: string, out: string): Promise<{ hash: string; text: string }> {
  await run(process.execPath, [join(root, 'bin', 'fleetsim.js'), 'run', join(root, file), '--out', out], { cwd: root, maxBuffer: 1 << 26 });
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { sim: Record<string, unknown> };
  for (const f of MACHINE_FIELDS) delete summary.sim[f];
  const text = JSON.stringify(summary, null, 1);
  return { hash: createHash('sha256').update(text).digest('hex'), text };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const record = args.includes('--record');
  const jobsAt = args.indexOf('--jobs');
  const jobs = jobsAt >= 0 ? Number(args[jobsAt + 1]) : 2;
  const named = args.filter((a, i) => !a.startsWith('--') && !(jobsAt >= 0 && i === jobsAt + 1));
  const files = named.length > 0 ? named.map((f) => relative(root, join(process.cwd(), f))) : scenarioFiles();
  const scratch = mkdtempSync(join(tmpdir(), 'fleetsim-fp-'));
  rmSync(keep, { recursive: true, force: true });
  mkdirSync(keep, { recursive: true });

  const hashes: Record<string, string> = {};
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      const t0 = performance.now();
      const fp = await fingerprint(file, join(scratch, file.replace(/[/\\]/g, '_')));
      hashes[file] = fp.hash;
      writeFileSync(join(keep, basename(file, '.yaml') + (file.startsWith('bench') ? '.bench' : '') + '.json'), fp.text);
      process.stderr.write(`  ${file}: ${fp.hash.slice(0, 16)} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  rmSync(scratch, { recursive: true, force: true });

  const ordered = Object.fromEntries(files.map((f) => [f, hashes[f]]));
  if (record) {
    const previous = existsSync(store) ? (JSON.parse(readFileSync(store, 'utf8')) as Record<string, string>) : {};
    writeFileSync(store, JSON.stringify({ ...previous, ...ordered }, null, 2) + '\n');
    process.stdout.write(`recorded ${files.length} fingerprints in ${relative(root, store)}\n`);
    return 0;
  }
  if (!existsSync(store)) {
    process.stderr.write(`no ${relative(root, store)}: run with --record on the reference code first\n`);
    return 2;
  }
  const recorded = JSON.parse(readFileSync(store, 'utf8')) as Record<string, string>;
  let differ = 0;
  for (const f of files) {
    if (recorded[f] === undefined) process.stdout.write(`NEW      ${f}\n`);
    else if (recorded[f] !== ordered[f]) {
      differ++;
      process.stdout.write(`CHANGED  ${f}\n`);
    } else process.stdout.write(`same     ${f}\n`);
  }
  process.stdout.write(differ === 0 ? `all ${files.length} fingerprints identical\n` : `${differ} of ${files.length} fingerprints changed (summaries in ${keep})\n`);
  return differ === 0 ? 0 : 1;
}

process.exitCode = await main();
