/**
 * The terminal UI end to end: keys in, frames out. A whole session on the small sweep-ladder
 * fixture: choose a small search space, run the planner, select, drill down, export, and check the
 * exported scenario runs with `fleetsim run` within the SLO.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { JobPool } from '../../src/experiments/parallel/pool.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { App } from '../../src/tui/app.js';
import { dayLoad } from '../../src/tui/day-load.js';
import { defaultForm, type FormValues } from '../../src/tui/form.js';
import { cli, fixture } from '../e2e/helpers.js';

const KEY = { up: '\u001B[A', down: '\u001B[B', enter: '\r', ctrlU: '\u0015' };
const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

async function waitFor(frame: () => string | undefined, test: (f: string) => boolean, ms: number): Promise<string> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const f = frame() ?? '';
    if (test(f)) return f;
    await tick(100);
  }
  throw new Error(`timed out; last frame:\n${frame()}`);
}

/** The app on a scenario, its form as `fleetsim tui` fills it, with `form` over it. */
function session(file: string, outDir: string, form: Partial<FormValues> = {}) {
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) throw new Error('fixture does not load');
  const day = dayLoad(loaded.scenario, loaded.raw);
  const initialForm = { ...defaultForm(loaded.raw, { workers: 2, peak: day.varies ? day.profile?.peak : undefined }), ...form };
  const app = render(createElement(App, { file, initialForm, makePool: (n: number) => new JobPool(n), outDir }));
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      app.stdin.write(k);
      await tick();
    }
  };
  /** Moves down `moves` fields, then replaces that field's text. */
  const setField = async (moves: number, text: string) => {
    for (let i = 0; i < moves; i++) await press(KEY.down);
    await press(KEY.enter, KEY.ctrlU, text, KEY.enter);
  };
  return { app, press, setField };
}

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('fleetsim tui', () => {
  it('a full session: choose a small search space, run, select, drill down, export; the exported fleet reruns within the SLO', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fleetsim-tui-'));
    const { app, press, setField } = session(fixture('sweep-ladder.yaml'), out);
    cleanup = app.unmount;
    await waitFor(app.lastFrame, (f) => /model\s+< llama-3\.1-8b >/.test(f), 2_000);
    await setField(1, '8'); // rate
    await setField(6, 'h100-sxm'); // accelerators
    await setField(1, 'bf16'); // precisions
    await setField(1, '1,2'); // TP sizes
    const form = await waitFor(app.lastFrame, (f) => /TP sizes\s+1,2\s/.test(f), 2_000);
    expect(form).toMatch(/rate \(req\/s\)\s+8\n/);
    expect(form).toMatch(/accelerators\s+h100-sxm\n/);
    expect(form).toMatch(/TP sizes\s+1,2/);

    await press('r');
    const running = await waitFor(app.lastFrame, (f) => /planning…|done in/.test(f), 5_000);
    expect(running).toMatch(/8 req\/s, sweep-ladder/);
    const done = await waitFor(app.lastFrame, (f) => /done in/.test(f), 60_000);
    expect(done).toMatch(/2 candidates/);
    expect(done).toMatch(/h100-sxm-bf16-tp1\s+meets/);
    expect(done).toMatch(/cheapest fleet meeting the target: h100-sxm-bf16-tp1/);
    // the chart of the selected (cheapest) fleet, with the SLO line at 0.5 s
    expect(done).toMatch(/TTFT p95 \(s\) vs fleet req\/s, h100-sxm-bf16-tp1/);
    expect(done).toMatch(/0\.5 \|-+/);
    // frames fit the terminal's width (ink-testing-library's is 100 columns)
    for (const line of done.split('\n')) expect(line.length).toBeLessThanOrEqual(100);

    // a resize to 60 × 20 redraws the screen narrower and shorter, without a crash
    Object.defineProperty(app.stdout, 'columns', { value: 60, configurable: true });
    Object.defineProperty(app.stdout, 'rows', { value: 20, configurable: true });
    app.stdout.emit('resize');
    const narrow = await waitFor(app.lastFrame, (f) => f.split('\n').length <= 20 && f.split('\n').every((l) => l.length <= 60), 2_000);
    expect(narrow).toMatch(/h100-sxm-bf16-tp1\s+meets/);
    for (const line of narrow.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(narrow.split('\n').length).toBeLessThanOrEqual(20);

    await press(KEY.down);
    await waitFor(app.lastFrame, (f) => /TTFT p95 \(s\) vs fleet req\/s, h100-sxm-bf16-tp2/.test(f), 2_000);
    await press(KEY.up, KEY.enter);
    const pods = await waitFor(app.lastFrame, (f) => /per-pod stats/.test(f), 2_000);
    expect(pods).toMatch(/per-pod stats/);
    expect(pods).toMatch(/h100-sxm-bf16-tp1 × \d+ replicas/);
    expect(pods).toMatch(/\n\S+\s+\d+\s+[\d.]+%/); // a pod line: name, requests, KV util
    await press('b', 'e');
    const exported = await waitFor(app.lastFrame, (f) => /exported /.test(f), 2_000);
    const file = join(out, 'h100-sxm-bf16-tp1.yaml');
    expect(exported).toContain(file);
    expect(existsSync(file)).toBe(true);

    const rerun = await cli('run', file, '--json', '--out', out);
    expect(rerun.code).toBe(0);
    const s = JSON.parse(rerun.stdout);
    expect(s.point).toBeDefined();
    expect(s.throughput.requestsPerSec).toBeGreaterThan(7);
    expect(s.slo.goodput).toBeGreaterThanOrEqual(0.99);
    expect(s.ttft.p95).toBeLessThanOrEqual(0.5);
  });

  it('searches a P/D split with a CPU KV tier: the table shows both, `e` exports the two pools with their offload tier', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fleetsim-tui-'));
    const { app, press, setField } = session(fixture('sweep-ladder.yaml'), out);
    cleanup = app.unmount;
    await waitFor(app.lastFrame, (f) => /model\s+< llama-3\.1-8b >/.test(f), 2_000);
    await setField(1, '8'); // rate
    await setField(6, 'h100-sxm'); // accelerators
    await setField(1, 'bf16'); // precisions
    await setField(1, '1'); // TP sizes
    await setField(2, '1:1'); // P/D splits
    await setField(2, 'cpu'); // KV tiers
    await setField(2, '20'); // probe run
    const form = await waitFor(app.lastFrame, (f) => /probe run \(s\)\s+20\s/.test(f), 2_000);
    expect(form).toMatch(/P\/D splits\s+1:1\n/);
    expect(form).toMatch(/P\/D router\s+pd\n/);
    expect(form).toMatch(/KV tiers\s+cpu\n/);
    expect(form).toMatch(/max replicas\s+64\n/);

    await press('r');
    const done = await waitFor(app.lastFrame, (f) => /done in/.test(f), 60_000);
    expect(done).toMatch(/candidate\s+P\/D\s+KV tier\s+status/);
    expect(done).toMatch(/h100-sxm-bf16-tp1\s+1:1\s+cpu\s+meets/);
    expect(done).toMatch(/cheapest fleet meeting the target: h100-sxm-bf16-tp1-p1d1-kvcpu/);
    await press('e');
    const file = join(out, 'h100-sxm-bf16-tp1-p1d1-kvcpu.yaml');
    expect(await waitFor(app.lastFrame, (f) => /exported /.test(f), 2_000)).toContain(file);
    const fleet = parse(readFileSync(file, 'utf8'));
    const units = fleet.cluster.pools[0].replicas;
    expect(units).toBeGreaterThan(0);
    expect(fleet.cluster.pools).toMatchObject([
      { name: 'prefill', role: 'prefill', accelerator: 'h100-sxm', precision: 'bf16', tensorParallel: 1, replicas: units, engine: { kvOffload: { cpuGiB: 128, nvmeGiB: 0 } } },
      { name: 'decode', role: 'decode', accelerator: 'h100-sxm', precision: 'bf16', tensorParallel: 1, replicas: units, engine: { kvOffload: { cpuGiB: 128, nvmeGiB: 0 } } },
    ]);
    expect(fleet.router.config).toBe('pd');
    expect(fleet.workload.arrival.rate).toBe(8);
    expect(loadScenarioFile(file).ok).toBe(true); // a scenario `fleetsim run` takes
  });

  it('bad form values are listed together with plan\'s messages and nothing runs', async () => {
    const { app, press, setField } = session(fixture('sweep-ladder.yaml'), mkdtempSync(join(tmpdir(), 'fleetsim-tui-')));
    cleanup = app.unmount;
    await tick(100);
    await setField(1, '-3');
    await setField(6, 'h100');
    await setField(4, '0,2'); // P/D splits
    await press('r');
    const f = await waitFor(app.lastFrame, (x) => /rate: expected/.test(x), 2_000);
    expect(f).toMatch(/rate: expected a positive number, got `-3`/);
    expect(f).toMatch(/accelerators: unknown accelerator `h100`/);
    expect(f).toMatch(/P\/D splits: expected 0 \(aggregated\) or PREFILL:DECODE pods such as 1:2 \(1-16 each\), got `2`/);
    expect(f).toMatch(/plan a fleet for/); // still the form
  });

  it('`o` on a constant load says the comparison needs a load that varies, and stays on the plan', async () => {
    const { app, press } = session(fixture('sweep-ladder.yaml'), mkdtempSync(join(tmpdir(), 'fleetsim-tui-')), { rate: '8', accelerators: 'h100-sxm', precisions: 'bf16', tp: '1', probeDuration: '10' });
    cleanup = app.unmount;
    await waitFor(app.lastFrame, (f) => /plan a fleet for/.test(f), 2_000);
    await press('r');
    const done = await waitFor(app.lastFrame, (f) => /done in/.test(f), 60_000);
    expect(done).toMatch(/o over time · r rerun/);
    await press('o');
    const f = await waitFor(app.lastFrame, (x) => /over time:/.test(x), 2_000);
    expect(f).toMatch(/over time: the load is constant \(poisson at 4 req\/s\); needs diurnal or stages arrivals, or a trace\n/);
    expect(f).toMatch(/h100-sxm-bf16-tp1\s+meets/); // still the plan
  });

  it('`o` on a diurnal day runs the cheapest fleet static and autoscaled and shows the three fleets, the verdict, and `e` writes the report', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fleetsim-tui-'));
    const file = join(__dirname, '..', 'fixtures', 'tui', 'short-day.yaml');
    const { app, press } = session(file, out, { accelerators: 'h100-sxm', precisions: 'bf16', tp: '1', probeDuration: '30' });
    cleanup = app.unmount;
    // the form's rate is the day's peak: 6 req/s × (1 + 0.8)
    await waitFor(app.lastFrame, (f) => /rate \(req\/s\)\s+10\.8\s/.test(f), 2_000);
    await press('r');
    const done = await waitFor(app.lastFrame, (f) => /done in/.test(f), 60_000);
    expect(done).toMatch(/10\.8 req\/s, short-day/);
    expect(done).toMatch(/cheapest fleet meeting the target: h100-sxm-bf16-tp1/);
    await press('o');
    const progress = await waitFor(app.lastFrame, (f) => /through the whole load/.test(f), 2_000);
    expect(progress).toMatch(/running h100-sxm-bf16-tp1 through the whole load|h100-sxm-bf16-tp1, done in/);
    const view = await waitFor(app.lastFrame, (f) => /wva-qos\s+1–/.test(f), 60_000);
    expect(view).toMatch(/over time \(identical traffic/);
    expect(view).toMatch(/fleet\s+replicas\s+mean\s+GPU-h\s+cost\s+SLO attainment\s+TTFT p95\s+failed\s+scalings/);
    expect(view).toMatch(/\nstatic\s+2\s+2\.00\s/); // the plan's two replicas, all day
    expect(view).toMatch(/\nwva-saturation\s+1–2 \(from 1\)/); // the load at t = 0 needs one
    expect(view).toMatch(/\nwva-qos\s+1–2 \(from 1\)/);
    expect(view).toMatch(/wva-(saturation|qos): -?[\d.]+ % fewer GPU-hours/);
    for (const line of view.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    await press('e');
    const dir = join(out, 'over-time', 'h100-sxm-bf16-tp1');
    expect(await waitFor(app.lastFrame, (f) => /wrote /.test(f), 5_000)).toContain(join(dir, 'index.html'));
    for (const arm of ['static', 'wva-saturation', 'wva-qos']) expect(existsSync(join(dir, `${arm}.yaml`))).toBe(true);
    expect(readFileSync(join(dir, 'over-time.csv'), 'utf8')).toMatch(/^fleet,replicas/);
    // esc returns to the plan; `o` again shows the finished comparison without rerunning it
    await press('\u001B');
    await waitFor(app.lastFrame, (f) => /o over time/.test(f), 2_000);
    await press('o');
    expect(await waitFor(app.lastFrame, (f) => /wva-qos\s+1–/.test(f), 2_000)).toMatch(/h100-sxm-bf16-tp1, done in/);
  });
});
