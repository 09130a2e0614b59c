import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../src/sim/metrics/summary.js';
import { cli } from './helpers.js';

const fixture = (name: string) => join(__dirname, '..', 'fixtures', 'workload', name);
const out = mkdtempSync(join(tmpdir(), 'fleetsim-workload-'));

describe('multi-tenant workload through `fleetsim run`', () => {
  it('constant stages give exactly Σ rate × duration requests, split over classes whose figures add up to the totals', async () => {
    const r = await cli('run', fixture('multi-tenant.yaml'), '--json', '--out', out);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.requests.arrived).toBe(150);
    const classes = Object.entries(s.classes!);
    expect(classes.map(([n]) => n)).toEqual(['chat', 'batch']);
    expect(classes.reduce((a, [, c]) => a + c.requests.arrived, 0)).toBe(150);
    expect(classes.reduce((a, [, c]) => a + c.requests.completed, 0)).toBe(s.requests.completed);
    expect(classes.reduce((a, [, c]) => a + c.throughput.requestsPerSec, 0)).toBeCloseTo(s.throughput.requestsPerSec, 6);
    const chat = s.classes!.chat;
    const batch = s.classes!.batch;
    // Class SLO targets over the scenario's; the adapter and priority are carried.
    expect(chat.slo.targets).toEqual({ ttftP95: 0.5, tpotP95: 0.1 });
    expect(batch.slo.targets).toEqual({ tpotP95: 0.1 });
    expect([chat.priority, batch.priority, batch.adapter]).toEqual([1, 0, 'sum-lora']);
    // chat prompts come from lengths.csv (100/200/300, mean 200) and outputs are 20; batch's are 2000/100.
    expect(chat.throughput.inputTokensPerSec / chat.throughput.requestsPerSec).toBeGreaterThan(150);
    expect(chat.throughput.inputTokensPerSec / chat.throughput.requestsPerSec).toBeLessThan(250);
    expect(chat.throughput.outputTokensPerSec / chat.throughput.requestsPerSec).toBeCloseTo(20, 6);
    // (each rate carries 9 significant digits, so the ratio is 2000 to ~1e-9 relative)
    expect(batch.throughput.inputTokensPerSec / batch.throughput.requestsPerSec).toBeCloseTo(2000, 4);
  });

  it('a rate ladder reports each load stage by arrival: exactly rate × duration requests each, adding up to the totals', async () => {
    const r = await cli('run', fixture('multi-tenant.yaml'), '--json', '--out', out);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.stages!.map((st) => [st.rate, st.start, st.end, st.requests.arrived])).toEqual([[10, 0, 5, 50], [20, 5, 10, 100]]);
    expect(s.stages!.reduce((a, st) => a + st.requests.completed, 0)).toBe(s.requests.completed);
    // Offered load over the stage's window: 50 requests in 5 s, 100 in 5 s.
    expect(s.stages!.map((st) => st.throughput.requestsPerSec)).toEqual([10, 20]);
    expect(s.stages![1].ttft.p95).toBeGreaterThan(0);
  });

  it('prints a per-class table under the summary', async () => {
    const r = await cli('run', fixture('multi-tenant.yaml'), '--out', out);
    expect(r.stdout).toMatch(/per class \(latency in ms\)\nclass +prio +adapter/);
    expect(r.stdout).toMatch(/\nbatch +0 +sum-lora +\d+/);
    expect(r.stdout).toMatch(/per load stage \(latency in ms; figures by the stage a request arrived in\)\nstage +rate/);
  });

  it('an empirical length file with bad values is reported at its lines, exit 2', async () => {
    const r = await cli('run', fixture('bad-lengths.yaml'), '--out', out);
    expect(r.code).toBe(2);
    const csv = fixture('bad-lengths.csv');
    expect(r.stderr.trim().split('\n')).toEqual([
      `${csv}:3: column \`tokens\`: expected a whole number of tokens in [1, 16777216], got \`-5\``,
      `${csv}:4: column \`tokens\`: expected a whole number of tokens in [1, 16777216], got \`abc\``,
    ]);
  });

  it('a missing trace file is reported at workload.trace.path in the scenario', async () => {
    const r = await cli('run', join(__dirname, '..', 'fixtures', 'traces', 'bad', 'missing.yaml'), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\.yaml:6:\d+: workload\.trace\.path: cannot read trace .*nope\.csv: no such file/);
  });
});

describe('chat sessions through `fleetsim run`', () => {
  it('a turn whose context outgrows maxModelLen is rejected and ends its session', async () => {
    const r = await cli('run', fixture('chat-outgrows.yaml'), '--json', '--out', out);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    // Turns of 100, 300, 500, 700, 900 prompt tokens fit with their 100 outputs; the 1,100-token sixth does not.
    expect(s.requests).toMatchObject({ arrived: 60, completed: 50, rejected: 10, inFlight: 0 });
  });

  it('200 four-turn sessions: 800 requests, and one pod\'s prefix hit rate is the reuse the growing context implies', async () => {
    const r = await cli('run', fixture('chat.yaml'), '--json', '--out', out);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.requests).toMatchObject({ arrived: 800, completed: 800, rejected: 0 });
    // Turn prompts are 100, 250, 400, 550 tokens. Turn k+1 finds turn k's prompt and answer in
    // cache, in whole 16-token blocks, except the answer's last token (never fed back): 144, 288, 448.
    let cached = 0;
    let total = 0;
    let prev = 0;
    for (let k = 0; k < 4; k++) {
      const len = k === 0 ? 100 : prev + 50 + 100;
      if (k > 0) cached += Math.floor((prev + 50 - 1) / 16) * 16;
      total += len;
      prev = len;
    }
    expect(s.prefixCache.hitRate).toBeCloseTo(cached / total, 8);
  });
});

describe('inference-perf config import', () => {
  it('load stages and shared_prefix data become the workload: Σ rate × duration requests of system + question tokens with exact outputs', async () => {
    const r = await cli('run', fixture('ip.yaml'), '--json', '--out', out);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.requests.arrived).toBe(2 * 10 + 4 * 5);
    expect(s.throughput.inputTokensPerSec / s.throughput.requestsPerSec).toBeCloseTo(340, 4);
    expect(s.throughput.outputTokensPerSec / s.throughput.requestsPerSec).toBeCloseTo(25, 4);
    // 12 prompts in 4 groups cycle: most of each prompt's 300 system tokens is a cache hit after its group's first use.
    expect(s.prefixCache.hitRate).toBeGreaterThan(0.5);
    // Each stage spans its first arrival to its last end; the next starts interval (2 s) + 1 s after that end.
    const [a, b] = s.stages!;
    expect([a.requests.arrived, b.requests.arrived]).toEqual([20, 20]);
    expect(b.start).toBeGreaterThan(a.end + 3);
  });

  it('the imported stages keep inference-perf\'s interval between stages, and drain as its run_stage does', async () => {
    const { loadScenarioFile } = await import('../../src/scenario/load.js');
    const loaded = loadScenarioFile(fixture('ip.yaml'));
    expect(loaded.ok && loaded.scenario.workload.arrival).toEqual({ process: 'stages', type: 'constant', stages: [{ rate: 2, duration: 10 }, { rate: 4, duration: 5 }], interval: 2, drain: true });
    expect(loaded.ok && loaded.scenario.workload.prefix).toEqual({ groups: 4, promptsPerGroup: 3, systemTokens: 300, questionTokens: 40, outputTokens: 25 });
    expect(loaded.ok && loaded.scenario.workload.requestTimeout).toBeUndefined();
  });

  it('the profile\'s request_timeout becomes the client timeout; the scenario\'s own wins', async () => {
    const { loadScenarioFile } = await import('../../src/scenario/load.js');
    const { join } = await import('node:path');
    const ladder = join(__dirname, '..', '..', 'scenarios', 'llm-d-optimized-baseline-ladder.yaml');
    const loaded = loadScenarioFile(ladder);
    expect(loaded.ok && loaded.scenario.workload.requestTimeout).toBe(300);
    const own = loadScenarioFile(ladder, ['workload.requestTimeout=60']);
    expect(own.ok && own.scenario.workload.requestTimeout).toBe(60);
  });

  it('what fleetsim cannot import is reported at its line in the inference-perf file, exit 2', async () => {
    const r = await cli('run', fixture('ip-bad-scenario.yaml'), '--out', out);
    expect(r.code).toBe(2);
    const f = fixture('ip-bad.yaml');
    expect(r.stderr.trim().split('\n')).toEqual([
      `${f}:2:9: load.type: load type \`concurrent\` is not supported; fleetsim imports constant and poisson stages`,
      `${f}:5:9: data.type: data type \`shareGPT\` is not supported; fleetsim imports shared_prefix, random and synthetic`,
      `${f}:6:1: bogus: unknown inference-perf key; known: api, data, load, server, tokenizer, metrics, report, storage, circuit_breakers`,
    ]);
  });
});

describe('determinism of the new workloads', () => {
  for (const name of ['multi-tenant.yaml', 'chat.yaml', 'ip.yaml']) {
    it(`${name}: the same scenario and seed give the same summary, bit for bit`, async () => {
      const run = async () => {
        const r = await cli('run', fixture(name), '--json', '--out', out);
        const s = JSON.parse(r.stdout) as Summary;
        s.sim.wallSeconds = 0;
        s.sim.peakRssMB = 0;
        return JSON.stringify(s);
      };
      expect(await run()).toBe(await run());
    });
  }
});
