import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSimConfig } from '../../src/experiments/fleet.js';
import { runSimulation } from '../../src/experiments/run.js';
import { renderStages } from '../../src/report/stages.js';
import { renderSummary } from '../../src/report/table.js';
import { loadScenarioFile } from '../../src/scenario/load.js';

/** Two pods, a two-stage drained ladder of a shared-prefix workload (under a second to run). */
const LADDER = `name: tiny-ladder
seed: 5
model: llama-3.1-8b
stop: { warmup: 0 }
cluster:
  pools:
    - { name: h100, replicas: 2, accelerator: h100-sxm, engine: { maxModelLen: 8192, maxNumSeqs: 64, gpuMemoryUtilization: 0.45 } }
router: { config: optimized-baseline }
workload:
  arrival: { process: stages, type: poisson, stages: "2:10, 6:10", interval: 5, drain: true }
  prefix: { groups: 40, promptsPerGroup: 5, systemTokens: 4000, questionTokens: 300, outputTokens: 100 }
`;

function run() {
  const file = join(mkdtempSync(join(tmpdir(), 'fleetsim-tables-')), 'ladder.yaml');
  writeFileSync(file, LADDER);
  const loaded = loadScenarioFile(file, []);
  if (!loaded.ok) throw new Error('fixture does not load');
  const fleet = buildSimConfig(loaded.scenario);
  if (!fleet.ok) throw new Error('fixture does not build');
  return runSimulation('tiny-ladder', fleet.config);
}

describe('run tables', () => {
  const s = run();

  it("lists each pod's requests as a share of the mean, so a hot pod shows", () => {
    const mean = s.pods.reduce((a, p) => a + p.requests, 0) / s.pods.length;
    const text = renderSummary(s);
    expect(text).toMatch(/pod\s+requests\s+of mean/);
    for (const p of s.pods) {
      const line = text.split('\n').find((l) => l.startsWith(`${p.name} `));
      expect(line).toContain(`${(p.requests / mean).toFixed(2)}×`);
    }
  });

  it('prints no latency table when no request completed after the warm-up, instead of zeros', () => {
    expect(renderSummary(s)).toMatch(/latency \(ms\)\s+mean/);
    const none = { ...s, requests: { ...s.requests, measured: 0 } };
    const text = renderSummary(none);
    expect(text).not.toMatch(/latency \(ms\)/);
    expect(text).toContain('latency: no request completed after the warm-up, so there is none to report');
  });

  it("gives each stage's output tokens per second, the figure published ladders report", () => {
    const text = renderStages(s);
    expect(text).toMatch(/req\/s\s+out tok\/s/);
    const rows = text.trim().split('\n').slice(2).filter((l) => /^\d+ /.test(l));
    expect(rows).toHaveLength(s.stages!.length);
    s.stages!.forEach((st, i) => {
      expect(st.throughput.outputTokensPerSec).toBeGreaterThan(0);
      expect(rows[i]).toContain(` ${st.throughput.outputTokensPerSec.toFixed(0)} `);
    });
  });

  it("sums the ladder up as published ladders are quoted: its peak stage output, after the table", () => {
    const peak = Math.max(...s.stages!.map((st) => st.throughput.outputTokensPerSec));
    expect(s.ladder!.peakOutputTokensPerSec).toBe(peak);
    expect(s.ladder).not.toHaveProperty('sloRate'); // the fixture sets no SLO
    expect(renderStages(s)).toContain(`peak stage output ${peak.toFixed(0)} tok/s at ${s.ladder!.peakOutputRate} QPS`);
  });
});
