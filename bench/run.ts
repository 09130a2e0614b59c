/**
 * `npm run bench`: simulator speed on fixed scenarios (bench/*.yaml).
 *
 * Each scenario runs in its own child process so peak RSS is that scenario's alone. Prints, per
 * scenario: simulated requests, wall seconds, simulated ÷ wall seconds (speed-up over real
 * time), events per wall second and peak RSS. Compare runs by ratio against a baseline run on
 * the same machine; never assert timings in tests.
 *
 *   npm run bench                 # all bench/*.yaml
 *   npm run bench -- bench/x.yaml # one or more given files
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSimConfig } from '../src/experiments/fleet.js';
import { runSimulation } from '../src/experiments/run.js';
import { formatTable } from '../src/report/table.js';
import { loadScenarioFile } from '../src/scenario/load.js';
import { formatProblem } from '../src/scenario/problems.js';

interface BenchRow {
  scenario: string;
  requests: number;
  wallSeconds: number;
  simulatedSeconds: number;
  events: number;
  peakRssMB: number;
}

function runOne(file: string): BenchRow {
  const loaded = loadScenarioFile(file, []);
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  const fleet = buildSimConfig(loaded.scenario);
  if (!fleet.ok) throw new Error(fleet.problems.map(formatProblem).join('\n'));
  const s = runSimulation(loaded.scenario.name, fleet.config);
  return {
    scenario: loaded.scenario.name,
    requests: s.requests.arrived,
    wallSeconds: s.sim.wallSeconds,
    simulatedSeconds: s.sim.simulatedSeconds,
    events: s.sim.events,
    peakRssMB: s.sim.peakRssMB,
  };
}

const self = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
if (args[0] === '--child') {
  process.stdout.write(JSON.stringify(runOne(args[1])));
} else {
  const benchDir = join(dirname(self), '..', '..', 'bench');
  const files = args.length > 0 ? args : readdirSync(benchDir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(benchDir, f));
  const rows: string[][] = [['scenario', 'requests', 'wall s', 'sim s', 'speed-up ×', 'events/s', 'peak RSS MB']];
  for (const file of files) {
    const r = JSON.parse(execFileSync(process.execPath, [self, '--child', file], { encoding: 'utf8', maxBuffer: 1 << 24 })) as BenchRow;
    rows.push([
      r.scenario,
      String(r.requests),
      r.wallSeconds.toFixed(2),
      r.simulatedSeconds.toFixed(0),
      (r.simulatedSeconds / r.wallSeconds).toFixed(0),
      Math.round(r.events / r.wallSeconds).toLocaleString('en-US'),
      String(r.peakRssMB),
    ]);
    process.stderr.write(`  ${r.scenario}: done\n`);
  }
  process.stdout.write(`fleetsim bench (node ${process.version})\n${formatTable(rows)}\n`);
}
