import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import type { Summary } from '../../src/sim/metrics/summary.js';

export const fixture = (name: string) => join(__dirname, '..', 'fixtures', 'e2e', name);

/** Runs the CLI in-process, capturing stdout and stderr. */
export async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), isTTY: false };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** `fleetsim run <fixture> --json` into a temporary directory; returns the parsed summary. */
export async function runFixture(name: string, ...extra: string[]): Promise<Summary> {
  const out = mkdtempSync(join(tmpdir(), 'fleetsim-'));
  const r = await cli('run', fixture(name), '--json', '--out', out, ...extra);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Summary;
}
