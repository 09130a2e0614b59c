/**
 * `npm run bench:plan`: the planner's speed on a ~200-candidate search, the issue's "plan over
 * ~200 candidates finishes in under a minute on 2 cores". Qwen3-32B, llm-d's shared-prefix
 * workload at 20 req/s, P95 TTFT ≤ 2 s, 120 s probes: 9 accelerators × bf16/fp8 × TP 1/2/4/8 ×
 * P/D aggregated/1:1/1:2 = 216 candidates. Prints wall and CPU seconds (CPU time is the figure
 * to compare on a shared machine), the runs made and the result.
 *
 *   npm run bench:plan                  # 2 workers
 *   npm run bench:plan -- --workers 1
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setArg, type RunJob } from '../src/experiments/job.js';
import { JobPool, type JobRunner } from '../src/experiments/parallel/pool.js';
import { knownAccelerators } from '../src/experiments/plan/candidates.js';
import { plan } from '../src/experiments/plan/plan.js';
import { PRICES } from '../src/models/hardware/prices.js';
import { loadScenarioFile } from '../src/scenario/load.js';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const file = join(root, 'scenarios', 'llm-d-optimized-baseline.yaml');
const workersArg = process.argv.indexOf('--workers');
const workers = workersArg > 0 ? Number(process.argv[workersArg + 1]) : 2;

const sets = [setArg('slo.ttftP95', 2), setArg('stop.duration', 120), setArg('stop.requests', 1_000_000_000), setArg('stop.warmup', 20)];
const loaded = loadScenarioFile(file, sets);
if (!loaded.ok) throw new Error('bench scenario does not load');
const pool = new JobPool(workers);
let probes = 0;
let fleets = 0;
let stoppedEarly = 0;
/** Seconds inside simulations, by kind of run: where the time goes. */
const seconds = { passedProbes: 0, stoppedProbes: 0, fleets: 0, pd: 0 };
const counting: JobRunner = {
  size: pool.size,
  async run(jobs: readonly RunJob[]) {
    const results = await pool.run(jobs);
    for (let i = 0; i < jobs.length; i++) {
      const r = results[i];
      if (!r.ok) continue;
      const wall = r.summary.sim.wallSeconds;
      if (r.summary.sim.stoppedEarly) stoppedEarly++;
      if (jobs[i].sets.some((x) => x.startsWith('cluster.kvTransfer='))) seconds.pd += wall;
      if (jobs[i].point.replicas !== undefined) {
        fleets++;
        seconds.fleets += wall;
      } else {
        probes++;
        if (r.summary.sim.stoppedEarly) seconds.stoppedProbes += wall;
        else seconds.passedProbes += wall;
      }
    }
    return results;
  },
};

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = await plan(counting, {
  file,
  raw: loaded.raw,
  sets,
  space: { accelerators: knownAccelerators(), precisions: ['bf16', 'fp8'], tensorParallel: [1, 2, 4, 8], routers: ['optimized-baseline'], pd: [undefined, { prefill: 1, decode: 1 }, { prefill: 1, decode: 2 }] },
  targetRate: 20,
  prices: Object.fromEntries(Object.entries(PRICES).map(([k, v]) => [k, v.usdPerHour])),
  maxReplicas: 64,
  goodput: 0.99,
  tolerance: 0.1,
});
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
await pool.close();

const byStatus: Record<string, number> = {};
for (const c of result.candidates) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
const front = result.front.map((f) => `${f.config.id}×${f.replicas} $${f.costPerHour!.toFixed(2)}/h ${f.fleetRate!.toFixed(1)} req/s`).join('; ');
process.stdout.write(
  [
    `fleetsim bench:plan (node ${process.version}, ${workers} workers)`,
    `candidates ${result.candidates.length}: ${Object.entries(byStatus).map(([k, v]) => `${v} ${k}`).join(', ')}`,
    `runs: ${probes} probes, ${fleets} fleet runs, ${stoppedEarly} stopped early at a certain SLO miss`,
    `wall ${wall.toFixed(1)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`,
    `seconds in simulations: ${seconds.passedProbes.toFixed(1)} probes run to the end, ${seconds.stoppedProbes.toFixed(1)} probes stopped early, ${seconds.fleets.toFixed(1)} fleet runs; ${seconds.pd.toFixed(1)} of it P/D`,
    `best: ${result.best ? `${result.best.config.id} × ${result.best.replicas} ($${result.best.costPerHour!.toFixed(2)}/h)` : 'none'}`,
    `front: ${front}`,
  ].join('\n') + '\n',
);
if (process.argv.includes('--ratios')) {
  // How far the roofline estimate is from the simulated replica rate (what roofline pruning may assume).
  for (const c of result.candidates) {
    if (!c.bound || !c.probes?.length) continue;
    const lo = Math.max(0, ...c.probes.filter((p) => p.ok).map((p) => p.rate));
    const hi = Math.min(Infinity, ...c.probes.filter((p) => !p.ok).map((p) => p.rate));
    process.stdout.write(`${c.config.id} ${c.status} roofline ${c.bound.maxRate.toFixed(3)} lo/est ${(lo / c.bound.maxRate).toFixed(2)} hi/est ${(hi / c.bound.maxRate).toFixed(2)}\n`);
  }
}
