/**
 * Streaming check: replays a 1,000,000-request Azure trace and reports wall time and peak RSS
 * (the acceptance bound is < 1 GB: memory must follow the requests in flight, not the trace).
 *
 *   npm run build && node dist/bench/trace-1m.js [DIR]
 *
 * The trace is synthesised in DIR (default: the OS temp dir) from ../shared/traces/
 * azure_llm_2023_conv.csv: its 19,366 rows repeated 52 times, each copy shifted by the slice's
 * span plus one second so timestamps keep increasing, then cut at 1,000,000 rows (~37 MB).
 * Four Llama-3.1-8B pods on H100 keep up with its 5.5 req/s, so the run is ~50 simulated hours.
 */
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSimConfig } from '../src/experiments/fleet.js';
import { runSimulation } from '../src/experiments/run.js';
import { loadScenarioFile } from '../src/scenario/load.js';
import { formatProblem } from '../src/scenario/problems.js';

const ROWS = 1_000_000;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const source = join(root, '..', 'shared', 'traces', 'azure_llm_2023_conv.csv');
const dir = process.argv[2] ?? tmpdir();
const tracePath = join(dir, 'azure-conv-1m.csv');

async function synthesise(): Promise<void> {
  const lines = readFileSync(source, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const rows = lines.slice(1).map((l) => l.split(','));
  const t = (s: string) => Date.parse(s.slice(0, 19).replace(' ', 'T') + 'Z');
  const first = t(rows[0][0]);
  const shiftMs = Math.ceil((t(rows[rows.length - 1][0]) - first) / 1000 + 1) * 1000;
  const out = createWriteStream(tracePath);
  out.write(lines[0] + '\r\n');
  let n = 0;
  for (let copy = 0; n < ROWS; copy++) {
    let chunk = '';
    for (const r of rows) {
      if (n++ >= ROWS) break;
      const ms = t(r[0]) + copy * shiftMs;
      const stamp = new Date(ms).toISOString().slice(0, 19).replace('T', ' ') + r[0].slice(19);
      chunk += `${stamp},${r[1]},${r[2]}\r\n`;
    }
    if (!out.write(chunk)) await new Promise<void>((res) => out.once('drain', () => res()));
  }
  await new Promise<void>((res) => out.end(() => res()));
}

if (!existsSync(tracePath)) await synthesise();
const scenarioPath = join(dir, 'azure-conv-1m.yaml');
writeFileSync(
  scenarioPath,
  [
    'name: trace-1m',
    'model: llama-3.1-8b',
    'cluster: { pools: [{ name: main, replicas: 4, accelerator: h100-sxm }] }',
    `workload: { trace: { format: azure, path: ${JSON.stringify(tracePath)} } }`,
    '',
  ].join('\n'),
);
const loaded = loadScenarioFile(scenarioPath);
if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
const t0 = process.hrtime.bigint();
const fleet = buildSimConfig(loaded.scenario);
if (!fleet.ok) throw new Error(fleet.problems.map(formatProblem).join('\n'));
const scanSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
const s = runSimulation('trace-1m', fleet.config);
process.stdout.write(
  JSON.stringify({ requests: s.requests, trace: s.trace, scanSeconds, wallSeconds: s.sim.wallSeconds, simulatedSeconds: s.sim.simulatedSeconds, peakRssMB: s.sim.peakRssMB }, null, 2) + '\n',
);
