import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCaseFiles, loadCaseFile, loadCases, loadCaseText, type CaseLoadResult } from '../../src/experiments/validation/case.js';
import { checkMetricPath, METRIC_PATHS } from '../../src/experiments/validation/metrics.js';
import { formatProblem } from '../../src/scenario/problems.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/validation/${name}`, import.meta.url));
const lines = (r: CaseLoadResult | { ok: false; problems: never[] } | ReturnType<typeof loadCases>) => (r.ok ? [] : r.problems.map(formatProblem));

/** A valid case as text, with `extra` appended to the top level. */
function caseText(extra = '', metric = 'throughput.outputTokensPerSec'): string {
  return [
    'name: t',
    'source: made up',
    'scenario:',
    '  name: t',
    '  model: llama-3.1-8b',
    '  stop: { requests: 4 }',
    '  cluster: { pools: [{ name: a, accelerator: h100-sxm, replicas: 2, engine: { maxModelLen: 1024 } }] }',
    '  workload: { arrival: { process: burst }, prompt: { dist: fixed, value: 100 }, output: { dist: fixed, value: 10 } }',
    'expect:',
    `  - { metric: ${metric}, value: 100 }`,
    extra,
  ].join('\n');
}

describe('loadCaseFile', () => {
  it('loads a valid case with its scenario resolved and its role', () => {
    const r = loadCaseFile(fixture('cases/tiny-8b-decode.yaml'));
    if (!r.ok) throw new Error(lines(r).join('\n'));
    expect([r.case.name, r.case.role, r.case.source]).toEqual(['tiny-8b-decode', 'calibration', 'test fixture, not a measurement']);
    expect(r.case.expect).toEqual([
      { metric: 'throughput.outputTokensPerSec', value: 3000 },
      { metric: 'tpot.mean', value: 0.01 },
    ]);
    expect(r.case.scenario.modelArch.id).toBe('llama-3.1-8b');
    expect(r.case.scenario.cluster.pools[0].engine.maxModelLen).toBe(512);
  });

  it('defaults the role to holdout', () => {
    const r = loadCaseFile(fixture('cases/tiny-8b-prefill.yaml'));
    expect(r.ok && r.case.role).toBe('holdout');
  });

  it('reports an unknown key, a bad scenario field and a bad metric path at once, each at its line and column', () => {
    const file = fixture('bad-case.yaml');
    expect(lines(loadCaseFile(file))).toEqual([
      `${file}:5:1: expected: unknown key \`expected\`; did you mean \`expect\`?`,
      `${file}:14:19: scenario.cluster.pools.0.replicas: must be ≥ 1, got 0`,
      `${file}:20:13: expect.0.metric: \`throughput.outputTokenPerSec\` is not a number in summary.json; did you mean \`throughput.outputTokensPerSec\`?`,
    ]);
  });

  it('reports a missing file as a problem', () => {
    expect(lines(loadCaseFile('no/such/case.yaml'))).toEqual(['no/such/case.yaml: cannot read case file: no such file']);
  });
});

describe('loadCaseText', () => {
  it('accepts the text helper case as valid', () => {
    expect(lines(loadCaseText(caseText(), 'c.yaml'))).toEqual([]);
  });

  /** A ladder case importing `profile`, an inference-perf config beside the case file. */
  function ladderCase(profile: string, metric = 'ladder.peakOutputTokensPerSec') {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-case-'));
    writeFileSync(join(dir, 'ip.yaml'), profile);
    const text = caseText('', metric).replace(
      '  workload: { arrival: { process: burst }, prompt: { dist: fixed, value: 100 }, output: { dist: fixed, value: 10 } }',
      '  workload: { inferencePerf: ip.yaml }',
    );
    return { file: join(dir, 'case.yaml'), text };
  }
  const PROFILE = [
    'load: { type: poisson, stages: [{ rate: 2, duration: 5 }, { rate: 4, duration: 5 }] }',
    'data: { type: shared_prefix, shared_prefix: { num_groups: 2, num_prompts_per_group: 2, system_prompt_len: 100, question_len: 20, output_len: 10 } }',
  ].join('\n');

  it('reads the files its scenario names beside the case file, so a ladder metric is comparable', () => {
    const { file, text } = ladderCase(PROFILE);
    const r = loadCaseText(text, file);
    expect(lines(r)).toEqual([]);
    expect(r.ok && r.case.scenario.workload.arrival?.process).toBe('stages');
  });

  it("names a bad imported file's own line, and a ladder metric without stages", () => {
    const bad = ladderCase(PROFILE.replace('type: poisson,', 'type: poisson, bogus: 1,'));
    expect(lines(loadCaseText(bad.text, bad.file)).join('\n')).toMatch(/ip\.yaml:1:\d+: load\.bogus/);
    expect(lines(loadCaseText(caseText('', 'ladder.peakOutputTokensPerSec'), 'l.yaml'))).toEqual([
      'l.yaml:10:15: expect.0.metric: `ladder.peakOutputTokensPerSec` exists only for a run with load stages (workload.arrival.process: stages, or workload.inferencePerf)',
    ]);
  });

  it('reports missing required keys at the document root', () => {
    expect(lines(loadCaseText('name: x\n', 'm.yaml'))).toEqual([
      'm.yaml:1:1: source: missing required field (expected string)',
      'm.yaml:1:1: scenario: missing required field (expected map)',
      'm.yaml:1:1: expect: missing required field (expected list)',
    ]);
  });

  it('rejects a role other than calibration or holdout', () => {
    expect(lines(loadCaseText(caseText('role: training'), 'r.yaml'))).toEqual(['r.yaml:11:7: role: expected one of calibration, holdout, got `training`']);
  });

  it('rejects maxRate on a scenario without Poisson arrivals, and unknown keys in it', () => {
    expect(lines(loadCaseText(caseText('maxRate: { ttftP99: 2, tpotP99: 0.2, value: 75 }'), 'm.yaml'))).toEqual([
      'm.yaml:11:10: maxRate: maxRate searches the Poisson arrival rate; the scenario has no `workload.arrival: { process: poisson }`',
    ]);
    expect(lines(loadCaseText(caseText('maxRate: { ttftP99: 2, tpotP99: 0.2, value: 75, p99: 1 }'), 'k.yaml'))).toEqual([
      'k.yaml:11:10: maxRate: maxRate searches the Poisson arrival rate; the scenario has no `workload.arrival: { process: poisson }`',
      'k.yaml:11:49: maxRate.p99: unknown key `p99`',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const r = loadCaseText('name: [unclosed\n', 's.yaml');
    expect(r.ok ? [] : r.problems.map((p) => p.code)).toContain('syntax');
    expect(r.ok ? undefined : r.problems[0].line).toBe(2);
  });

  it('reports a fleet that cannot start (KV planning) under scenario', () => {
    const text = caseText().replace('maxModelLen: 1024', 'maxModelLen: 131072, gpuMemoryUtilization: 0.2');
    const found = lines(loadCaseText(text, 'k.yaml'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^k\.yaml:7:\d+: scenario\.cluster\.pools\.0(\.engine)?: /);
  });

  it('rejects a sweep: a case is one run', () => {
    const text = caseText().replace('  stop: { requests: 4 }', '  stop: { requests: 4 }\n  sweep: { seed: [1, 2] }');
    expect(lines(loadCaseText(text, 'w.yaml'))).toEqual([
      'w.yaml:7:10: scenario.sweep: a case compares one run with published figures; remove the sweep (one case per point)',
    ]);
  });

  it('checks a pod index against the number of pods', () => {
    expect(lines(loadCaseText(caseText('', 'pods.1.kvUtilMean'), 'p.yaml'))).toEqual([]);
    expect(lines(loadCaseText(caseText('', 'pods.2.kvUtilMean'), 'p.yaml'))).toEqual([
      'p.yaml:10:15: expect.0.metric: `pods.2.kvUtilMean` names pod 2, but the scenario has 2 pods (0–1)',
    ]);
  });
});

describe('metric paths', () => {
  it('lists every number of the summary contract and no wall-clock field', () => {
    expect(METRIC_PATHS).toContain('throughput.outputTokensPerSec');
    expect(METRIC_PATHS).toContain('ttft.p99');
    expect(METRIC_PATHS).toContain('pods.N.kvUtilMean');
    expect(METRIC_PATHS).not.toContain('sim.wallSeconds');
    expect(METRIC_PATHS).not.toContain('scenario');
  });

  const plain = { numPods: 1, stages: false, numStages: 0, slo: false };
  it('explains why a path is not comparable', () => {
    expect(checkMetricPath('tpot.p95', plain)).toBeUndefined();
    expect(checkMetricPath('sim.peakRssMB', plain)).toMatch(/differs from run to run/);
    expect(checkMetricPath('slo.met', plain)).toMatch(/is not a number in summary.json/);
    expect(checkMetricPath('ttft..p95', plain)).toMatch(/is not a dotted path/);
  });

  it("takes a ladder's figures only from a scenario with load stages, and its SLO rate only with SLO targets", () => {
    expect(checkMetricPath('ladder.peakOutputTokensPerSec', plain)).toMatch(/only for a run with load stages/);
    expect(checkMetricPath('ladder.peakOutputTokensPerSec', { ...plain, stages: true })).toBeUndefined();
    expect(checkMetricPath('ladder.sloRate', { ...plain, stages: true })).toMatch(/needs SLO targets/);
    expect(checkMetricPath('ladder.sloRate', { numPods: 1, stages: true, numStages: 3, slo: true })).toBeUndefined();
  });

  it("takes one stage's figures by its index, warm-up stage first, only from a scenario that has it", () => {
    const threeStages = { ...plain, stages: true, numStages: 3 };
    expect(METRIC_PATHS).toContain('stages.N.ttft.p50');
    expect(checkMetricPath('stages.2.ttft.p90', threeStages)).toBeUndefined();
    expect(checkMetricPath('stages.2.throughput.outputTokensPerSec', threeStages)).toBeUndefined();
    expect(checkMetricPath('stages.3.ttft.p90', threeStages)).toMatch(/names stage 3, but the scenario has 3 stages \(0–2, a warm-up stage first\)/);
    expect(checkMetricPath('stages.0.ttft.p50', plain)).toMatch(/only for a run with load stages/);
    expect(checkMetricPath('stages.1.ttft.p42', threeStages)).toMatch(/is not a number in summary.json/);
  });
});

describe('loadCases and findCaseFiles', () => {
  it('finds the yaml files of a directory in name order', () => {
    const dir = fixture('cases');
    const r = findCaseFiles([dir]);
    expect(r.problems).toEqual([]);
    expect(r.files.map((f) => f.slice(dir.length + 1))).toEqual(['tiny-8b-decode.yaml', 'tiny-8b-prefill.yaml']);
  });

  it('reports a missing path', () => {
    expect(findCaseFiles(['no/such/dir']).problems.map(formatProblem)).toEqual(['no/such/dir: no such file or directory']);
  });

  it('rejects two cases with the same name, pointing at the second', () => {
    const f = fixture('cases/tiny-8b-decode.yaml');
    expect(lines(loadCases([f, f]))).toEqual([`${f}:3:7: name: case name \`tiny-8b-decode\` is already used by ${f}`]);
  });
});

describe('shipped cases', () => {
  const dir = fileURLToPath(new URL('../../validation/cases', import.meta.url));
  const loaded = loadCases(findCaseFiles([dir]).files);

  it('load, and every Poisson (MLPerf Server) case compares its max rate under loadgen limits (llama2-70b and mixtral-8x7b: p99 TTFT 2 s, TPOT 200 ms)', () => {
    if (!loaded.ok) throw new Error(lines(loaded).join('\n'));
    const server = loaded.cases.filter((c) => c.scenario.workload.arrival?.process === 'poisson');
    expect(server.map((c) => [c.name, c.maxRate])).toEqual([
      ['v02-h100x8-llama2-70b-fp8-server', { ttftP99: 2, tpotP99: 0.2, value: 75 }],
      ['v06-mi300x-x8-llama2-70b-fp8-server', { ttftP99: 2, tpotP99: 0.2, value: 73.5 }],
      ['v54-h200x8-mixtral-8x7b-fp8-server', { ttftP99: 2, tpotP99: 0.2, value: 392 }],
    ]);
  });

  it('MLPerf mixtral cases read the 15,000 per-sample lengths of validation/data (input mean 427.4, output 144.8)', () => {
    if (!loaded.ok) throw new Error(lines(loaded).join('\n'));
    const v54 = loaded.cases.filter((c) => c.name.startsWith('v54-'));
    expect(v54.map((c) => c.name)).toEqual(['v54-h100x8-mixtral-8x7b-fp8-offline', 'v54-h200x8-mixtral-8x7b-fp8-offline', 'v54-h200x8-mixtral-8x7b-fp8-server']);
    const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10;
    for (const c of v54) {
      const { prompt, output } = c.scenario.workload;
      if (prompt?.dist !== 'empirical' || output?.dist !== 'empirical') throw new Error(`${c.name}: expected empirical lengths`);
      expect([prompt.values?.length, mean(prompt.values ?? []), Math.max(...(prompt.values ?? []))]).toEqual([15000, 427.4, 1948]);
      expect([output.values?.length, mean(output.values ?? []), Math.max(...(output.values ?? []))]).toEqual([15000, 144.8, 1024]);
    }
  });

  it('MLPerf llama3.1-8b cases read the 13,368 CNN-DailyMail prompt lengths and generate 128 tokens; deepseek-r1 ones the 4,388 samples capped at 20,000 (mean 3,886.2, the reference\'s)', () => {
    if (!loaded.ok) throw new Error(lines(loaded).join('\n'));
    const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10;
    const l8b = loaded.cases.filter((c) => c.name.startsWith('v57-') && c.name.includes('llama31-8b'));
    expect(l8b.length).toBe(4);
    for (const c of l8b) {
      const { prompt, output } = c.scenario.workload;
      if (prompt?.dist !== 'empirical') throw new Error(`${c.name}: expected empirical prompt lengths`);
      expect([prompt.values?.length, mean(prompt.values ?? []), Math.max(...(prompt.values ?? []))]).toEqual([13368, 870.7, 2540]);
      expect(output).toEqual({ dist: 'fixed', value: 128 });
    }
    const r1 = loaded.cases.filter((c) => c.name.startsWith('v57-') && c.name.includes('deepseek-r1'));
    expect(r1.map((c) => c.name)).toEqual(['v57-b200x8-deepseek-r1-fp4-offline-v51', 'v57-b200x8-deepseek-r1-fp4-offline']);
    for (const c of r1) {
      const { prompt, output } = c.scenario.workload;
      if (prompt?.dist !== 'empirical' || output?.dist !== 'empirical') throw new Error(`${c.name}: expected empirical lengths`);
      expect([prompt.values?.length, mean(prompt.values ?? []), Math.max(...(prompt.values ?? []))]).toEqual([4388, 803.8, 3140]);
      expect([output.values?.length, mean(output.values ?? []), Math.max(...(output.values ?? []))]).toEqual([4388, 3886.2, 20000]);
    }
  });

  it('DeepSeek-R1 cases run the guide\'s attention DP8 + EP8 on one 8-GPU replica with per-rank limits', () => {
    if (!loaded.ok) throw new Error(lines(loaded).join('\n'));
    const v50 = loaded.cases.filter((c) => c.name.startsWith('v50-'));
    expect(
      v50.map((c) => {
        const p = c.scenario.cluster.pools[0];
        return [c.name, p.tensorParallel, p.dataParallel, p.expertParallel, p.engine.maxNumSeqs, p.engine.maxNumBatchedTokens];
      }),
    ).toEqual([
      ['v50-b200x8-deepseek-r1-fp4-1024-2048', 1, 8, 8, 384, 1536],
      ['v50-h200x8-deepseek-r1-fp8-1024-2048', 1, 8, 8, 128, 1151],
    ]);
  });
});
