import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSimConfig } from '../../src/experiments/fleet.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { RngStreams } from '../../src/sim/rng.js';
import { Simulation } from '../../src/sim/simulation.js';
import { createTraceSource } from '../../src/sim/trace/replay-source.js';
import { cli } from './helpers.js';

const traces = join(__dirname, '..', '..', '..', 'shared', 'traces');
const outDir = mkdtempSync(join(tmpdir(), 'fleetsim-trace-'));
const scenario = (name: string) => join(__dirname, '..', 'fixtures', 'traces', `${name}.yaml`);

interface Expected {
  times: number[];
  input: number;
  output: number;
  empty: number;
}

/** The file read whole and parsed here, independently of src/workload-io. */
function expectedFromCsv(file: string, stampCol: string, inCol: string, outCol: string, stampTicks: (s: string) => bigint, ticksPerSecond: number, speed: number): Expected {
  const lines = readFileSync(join(traces, file), 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(',');
  const [ts, ic, oc] = [stampCol, inCol, outCol].map((n) => header.indexOf(n));
  const rows = lines.slice(1).map((l) => l.split(','));
  const t0 = stampTicks(rows[0][ts]);
  const e: Expected = { times: [], input: 0, output: 0, empty: 0 };
  for (const r of rows) {
    const i = Number(r[ic]);
    const o = Number(r[oc]);
    if (i === 0 || o === 0) {
      e.empty++;
      continue;
    }
    e.times.push(Number(stampTicks(r[ts]) - t0) / ticksPerSecond / speed);
    e.input += i;
    e.output += o;
  }
  return e;
}

/** Azure's timestamps in 100 ns ticks, exactly, as BigInt. */
function azureTicks(s: string): bigint {
  const [date, time] = s.split(' ');
  const [y, mo, d] = date.split('-').map(Number);
  const [hms, frac] = time.split('.');
  const [h, mi, sec] = hms.split(':').map(Number);
  return BigInt(Date.UTC(y, mo - 1, d, h, mi, sec)) * 10_000n + BigInt(frac.padEnd(7, '0'));
}

const burstTicks = (s: string) => BigInt(Math.round(Number(s) * 1000));

const cases: Array<[string, () => Expected]> = [
  ['azure_llm_2023_code', () => expectedFromCsv('azure_llm_2023_code.csv', 'TIMESTAMP', 'ContextTokens', 'GeneratedTokens', azureTicks, 1e7, 1)],
  ['azure_llm_2023_conv', () => expectedFromCsv('azure_llm_2023_conv.csv', 'TIMESTAMP', 'ContextTokens', 'GeneratedTokens', azureTicks, 1e7, 1)],
  ['burstgpt_1_first400', () => expectedFromCsv('burstgpt_1_first400.csv', 'Timestamp', 'Request tokens', 'Response tokens', burstTicks, 1000, 100)],
  ['burstgpt_3_first400', () => expectedFromCsv('burstgpt_3_first400.csv', 'Timestamp', 'Request tokens', 'Response tokens', burstTicks, 1000, 100)],
];

function load(name: string) {
  const loaded = loadScenarioFile(scenario(name));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const fleet = buildSimConfig(loaded.scenario);
  if (!fleet.ok) throw new Error(JSON.stringify(fleet.problems));
  return { scenario: loaded.scenario, config: fleet.config };
}

describe('trace replay from ../shared/traces', () => {
  for (const [name, expected] of cases) {
    it(`${name}: every non-empty row arrives once, at its file time, with its token counts`, () => {
      const e = expected();
      const { config } = load(name);
      const source = createTraceSource(config.trace!, config.stop, new RngStreams(0), config.vocabSize);
      const times: number[] = [];
      let input = 0;
      let output = 0;
      for (let r = source.next(); r; r = source.next()) {
        times.push(r.arrivalTime);
        input += r.promptTokens.length;
        output += r.maxTokens;
      }
      expect(times.length).toBe(e.times.length);
      let maxErr = 0;
      times.forEach((t, i) => (maxErr = Math.max(maxErr, Math.abs(t - e.times[i]))));
      expect(maxErr).toBeLessThan(1e-9);
      expect([input, output]).toEqual([e.input, e.output]);
      expect(config.trace!.stats.emptyRows).toBe(e.empty);
    });
  }

  it('burstgpt_3 through `fleetsim run`: the simulation completes every row and processes exactly its tokens; the summary names the trace', async () => {
    const e = expectedFromCsv('burstgpt_3_first400.csv', 'Timestamp', 'Request tokens', 'Response tokens', burstTicks, 1000, 100);
    const { config } = load('burstgpt_3_first400');
    const sim = new Simulation(config);
    sim.run();
    expect([sim.recorder.numCompleted, sim.recorder.measuredInputTokens, sim.recorder.measuredOutputTokens]).toEqual([e.times.length, e.input, e.output]);
    expect(sim.recorder.firstMeasuredArrival).toBe(0);

    const r = await cli('run', scenario('burstgpt_3_first400'), '--json', '--out', outDir);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.requests).toMatchObject({ arrived: 399, completed: 399, rejected: 0 });
    expect(s.trace).toEqual({ file: 'burstgpt_3_first400.csv', format: 'burstgpt', rows: 399, emptyRows: 1, skippedBadRows: 0, timeScale: 0.01 });
    expect(r.stderr).toContain('1 zero-token row (failed requests) not replayed');
  });

  it('mooncake: the rows of the window arrive at timestamp/1000/speed with their token counts, prompts built from 512-token hash blocks', () => {
    const rows = readFileSync(join(traces, 'mooncake_fast25_conversation_trace.jsonl'), 'utf8').split('\n').filter(Boolean)
      .map((l) => JSON.parse(l) as { timestamp: number; input_length: number; output_length: number; hash_ids: number[] })
      .filter((r) => r.timestamp < 300_000);
    const { config } = load('mooncake');
    const source = createTraceSource(config.trace!, config.stop, new RngStreams(0), config.vocabSize);
    const got = [];
    for (let r = source.next(); r; r = source.next()) got.push(r);
    expect(got.length).toBe(rows.length);
    expect(Math.max(...got.map((r, i) => Math.abs(r.arrivalTime - rows[i].timestamp / 1000 / 0.1)))).toBeLessThan(1e-9);
    expect(got.map((r) => [r.promptTokens.length, r.maxTokens])).toEqual(rows.map((r) => [r.input_length, r.output_length]));
    // Rows 0 and 1 share hash id 0 (their first 512 tokens) and nothing after.
    expect(rows[0].hash_ids[0]).toBe(rows[1].hash_ids[0]);
    expect(got[0].promptTokens.subarray(0, 512)).toEqual(got[1].promptTokens.subarray(0, 512));
    expect(got[0].promptTokens.subarray(512, 1024)).not.toEqual(got[1].promptTokens.subarray(512, 1024));
  });

  it('burstgpt_1 classed by its Model column: per-class requests and tokens match the file\'s rows per model', async () => {
    const lines = readFileSync(join(traces, 'burstgpt_1_first400.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const want = new Map<string, { n: number; input: number }>();
    for (const [, model, input, output] of lines) {
      if (Number(input) === 0 || Number(output) === 0) continue;
      const w = want.get(model) ?? { n: 0, input: 0 };
      want.set(model, { n: w.n + 1, input: w.input + Number(input) });
    }
    const r = await cli('run', scenario('burstgpt_1_first400'), '--json', '--out', outDir, '--set', 'workload.trace.classBy=Model');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(Object.keys(s.classes)).toEqual([...want.keys()]);
    for (const [model, w] of want) {
      const c = s.classes[model];
      expect(c.requests).toMatchObject({ arrived: w.n, completed: w.n });
      expect(c.share).toBeCloseTo(w.n / 383, 8);
      // Input tokens over the run's window, back to a total.
      expect(Math.abs(c.throughput.inputTokensPerSec / c.throughput.requestsPerSec / (w.input / w.n) - 1)).toBeLessThan(1e-7);
    }
  });

  it('mooncake on one pod shows the prefix hit rate its hash ids imply', async () => {
    // Expected, from the file alone: each request's leading hash ids already seen in an earlier
    // request are cached (512 tokens each), counted in whole 16-token KV blocks and short of the
    // last prompt token, as vLLM always computes at least one token.
    let seen = new Set<number>();
    let total = 0;
    let cached = 0;
    let n = 0;
    for (const line of readFileSync(join(traces, 'mooncake_fast25_conversation_trace.jsonl'), 'utf8').split('\n')) {
      if (!line) continue;
      const r = JSON.parse(line) as { timestamp: number; input_length: number; hash_ids: number[] };
      if (r.timestamp >= 300_000) break;
      n++;
      let k = 0;
      while (k < r.hash_ids.length && seen.has(r.hash_ids[k])) k++;
      const shared = Math.min(k * 512, r.input_length);
      cached += Math.floor(Math.min(shared, r.input_length - 1) / 16) * 16;
      total += r.input_length;
      for (const id of r.hash_ids) seen.add(id);
    }
    seen = new Set();
    const expected = cached / total;
    expect(expected).toBeGreaterThan(0.15); // the window does reuse prefixes

    const r = await cli('run', scenario('mooncake'), '--json', '--out', outDir);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.requests).toMatchObject({ arrived: n, completed: n });
    expect(s.prefixCache.hitRate).toBeCloseTo(expected, 4);
  }, 60_000);

  it('a trace with bad rows stops with exit 2 and their line numbers; --skip-bad-rows counts them and runs', async () => {
    const r = await cli('run', join(__dirname, '..', 'fixtures', 'traces', 'bad', 'bad-azure.yaml'), '--out', outDir);
    expect(r.code).toBe(2);
    const file = join(__dirname, '..', 'fixtures', 'traces', 'bad', 'bad-azure.csv');
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `${file}:3: azure trace row: \`ContextTokens\` is negative (-3180)`,
      `${file}:4: azure trace row: 1 field, expected 3 (\`ContextTokens\`, \`GeneratedTokens\` missing)`,
      `${file}:6: azure trace row: timestamp goes back in time: 0.0004 s after the first row, before the previous row's 0.1196 s`,
      `${file}: 3 malformed rows; fix them or pass --skip-bad-rows to replay without them`,
    ]);
    const ok = await cli('run', join(__dirname, '..', 'fixtures', 'traces', 'bad', 'bad-azure.yaml'), '--json', '--skip-bad-rows', '--out', outDir);
    expect(ok.code).toBe(0);
    const s = JSON.parse(ok.stdout);
    expect(s.requests.arrived).toBe(3);
    expect(s.trace.skippedBadRows).toBe(3);
    expect(ok.stderr).toContain('3 malformed rows skipped (--skip-bad-rows)');
  });
});
