import { describe, expect, it } from 'vitest';
import type { OverTimeArm, OverTimeResult } from '../../src/experiments/plan/over-time.js';
import type { CandidateResult } from '../../src/experiments/plan/plan.js';
import { renderOverTimeTable } from '../../src/experiments/reports/over-time-report.js';
import type { OverTimeView, Row } from '../../src/tui/state.js';
import { chartLines, fit, overTimeLines, podLines, shorten, tableLines } from '../../src/tui/views.js';

const row = (id: string, extra: Partial<CandidateResult> = {}, live: Row['live'] = 'meets'): Row => ({
  result: { config: { id, accelerator: 'h100-sxm', precision: 'bf16', tensorParallel: 1, router: 'r', sets: [] }, status: 'meets', ...extra },
  live,
});
const summary = { throughput: { requestsPerSec: 7.9, outputTokensPerSec: 790 }, ttft: { p50: 0.02, p95: 0.15 }, tpot: { p95: 0.013 }, slo: { goodput: 1 }, pods: [{ name: 'h100-0', requests: 300, kvUtilMean: 0.2, queueMean: 0.1, runningMean: 7, steps: 4000, numGpuBlocks: 9000 }] } as unknown as CandidateResult['atTarget'];

describe('views', () => {
  it('fit pads short lines and cuts long ones with an ellipsis', () => {
    expect(fit('ab', 4)).toBe('ab  ');
    expect(fit('abcdef', 4)).toBe('abc…');
  });

  it('shorten cuts an id from the middle, keeping its tail', () => {
    expect(shorten('h100-sxm-bf16-tp1', 20)).toBe('h100-sxm-bf16-tp1');
    expect(shorten('h100-sxm-bf16-tp1', 15)).toBe('h100-sx…f16-tp1');
    expect(shorten('h100-sxm-bf16-tp1', 15)).toHaveLength(15);
  });

  it('the table fits 80 and 40 columns, and its window follows the selection', () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(`fleet-${i}`, { replicas: 2, gpus: 4, costPerHour: 10 + i, fleetRate: 20 }));
    for (const width of [80, 40]) {
      const t = tableLines(rows, 'fleet-9', width, 4);
      for (const l of [t.header, ...t.lines.map((x) => x.text)]) expect(l).toHaveLength(width);
      expect(t.lines).toHaveLength(4);
      expect(t.lines.at(-1)!.selected).toBe(true);
    }
    expect(tableLines(rows, 'fleet-0', 80, 4).lines[0].text).toMatch(/^fleet-0\s+meets\s+2\s+4\s+\$10\.00\s+20\.0/);
  });

  it('gives P/D split and KV tier columns once a candidate has them, the id keeping accelerator, precision and TP', () => {
    const axes = (id: string, config: Partial<CandidateResult['config']>, extra: Partial<CandidateResult> = {}) => {
      const r = row(id, { replicas: 2, gpus: 6, costPerHour: 41.28, fleetRate: 12, ...extra });
      return { ...r, result: { ...r.result, config: { ...r.result.config, tensorParallel: 2, ...config } } };
    };
    const rows = [
      axes('h100-sxm-bf16-tp2-p1d2-kvcpu', { pd: { prefill: 1, decode: 2 }, kvTier: { name: 'cpu' }, router: 'pd' }),
      axes('h100-sxm-bf16-tp2-kvcpu-nvme', { kvTier: { name: 'cpu+nvme' } }),
      axes('h100-sxm-bf16-tp2', { kvTier: { name: 'none' } }),
    ];
    for (const width of [100, 80, 40]) for (const l of [tableLines(rows, undefined, width, 3).header, ...tableLines(rows, undefined, width, 3).lines.map((x) => x.text)]) expect(l).toHaveLength(width);
    const t = tableLines(rows, rows[0].result.config.id, 80, 3);
    expect(t.header).toMatch(/^candidate\s+P\/D\s+KV tier\s+status\s+reps\s+GPUs\s+\$\/h\s+SLO r\/s\s+TTFT95/);
    expect(t.lines.map((l) => l.text.trimEnd())).toEqual([
      expect.stringMatching(/^h100-sxm-bf16-tp2\s+1:2\s+cpu\s+meets\s+2\s+6\s+\$41\.28\s+12\.0\s+-$/),
      expect.stringMatching(/^h100-sxm-bf16-tp2\s+agg\s+cpu\+nvme\s+meets\s+2/),
      expect.stringMatching(/^h100-sxm-bf16-tp2\s+agg\s+none\s+meets\s+2/),
    ]);
    expect(t.header).not.toMatch(/router/); // one router for the aggregated candidates (P/D ones take the P/D router)
  });

  it('gives a router column when the aggregated candidates differ in router', () => {
    const rows = [row('a-r1', { replicas: 1 }), { ...row('a-r2', { replicas: 1 }), result: { ...row('a-r2').result, config: { ...row('a-r2').result.config, router: 'precise-prefix' } } }];
    const t = tableLines(rows, undefined, 100, 2);
    expect(t.header).toMatch(/^candidate\s+router\s+status/);
    expect(t.lines[0].text).toMatch(/^h100-sxm-bf16-tp1\s+r\s+meets/);
    expect(t.lines[1].text).toMatch(/^h100-sxm-bf16-tp1\s+precise-prefix\s+meets/);
    expect(t.header).not.toMatch(/P\/D|KV tier/);
  });

  it('charts the probes scaled to the fleet and the fleet run at the target', () => {
    const r = row('a', { replicas: 2, probes: [{ rate: 4, ok: true, attainment: 1, ttftP95: 0.1, tpotP95: 0 }, { rate: 8, ok: false, attainment: 0.4, ttftP95: 5, tpotP95: 0 }], atTarget: summary });
    const lines = chartLines(r, 0.5, 8, 60, 10);
    expect(lines[0]).toMatch(/one replica's probes × 2/);
    expect(lines.join('\n')).toMatch(/\^/); // the miss at 5 s is above the 4 × SLO cap
    expect(lines.join('\n')).toMatch(/#/);
    expect(lines.at(-1)).toMatch(/ 8\s+16$/); // x from the target rate (the fleet's run) to 2 × 8
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(60);
    expect(chartLines(row('p', { status: 'pruned', reason: 'weights do not fit' }, 'pruned'), 0.5, 8, 60, 10)[1]).toMatch(/pruned: weights do not fit/);
  });

  it('the pods view shows the fleet figures and a line per pod', () => {
    const lines = podLines(row('a', { replicas: 1, gpus: 1, costPerHour: 6.88, atTarget: summary }), 80, 10, 0);
    expect(lines[0]).toMatch(/a × 1 replicas \(1 GPUs, \$6\.88\/h\): meets; served 7\.9 req\/s/);
    expect(lines[1]).toMatch(/TTFT p50 0\.020 s, p95 0\.150 s/);
    expect(lines[3]).toMatch(/^h100-0\s+300\s+20\.0%\s+0\.1\s+7\.0\s+4000\s+9000/);
  });

  it('the pods view says what a P/D or tiered replica is, with the tier\'s sizes per pod', () => {
    const r = row('h100-sxm-bf16-tp2-p1d2-kvcpu-nvme', { replicas: 1, gpus: 6, costPerHour: 42, atTarget: summary });
    r.result.config = { ...r.result.config, tensorParallel: 2, pd: { prefill: 1, decode: 2 }, kvTier: { name: 'cpu+nvme' } };
    const lines = podLines(r, 120, 10, 0);
    expect(lines[1]).toBe('each replica: a P/D unit of 1 prefill + 2 decode pods; KV offload per pod: cpu 256 GiB + nvme 2048 GiB'.padEnd(120));
    expect(lines[4]).toMatch(/^h100-0\s+300/);
  });

  it('the over-time view: progress while the days run, then plan --over-time\'s table with the verdict wrapped to the width', () => {
    const view: OverTimeView = { fleetId: 'h100-sxm-bf16-tp1', phase: 'running', armsDone: ['static'], startedAt: 0, elapsedSeconds: 12.4 };
    expect(overTimeLines(view, 100).map((l) => l.trimEnd())).toEqual([
      'running h100-sxm-bf16-tp1 through the whole load, static and autoscaled, on identical traffic…',
      '1 of 3 days done (done: static) · 12 s',
    ]);
    expect(overTimeLines({ ...view, phase: 'failed', message: 'over time failed: boom' }, 40)).toEqual([fit('over time failed: boom', 40)]);

    const arm = (name: OverTimeArm['name'], min: number, gpuHours: number, attainment: number): OverTimeArm =>
      ({ name, pools: [{ name: 'h100', role: 'both', initialReplicas: min, minReplicas: min, maxReplicas: 4, meanReplicas: 2 }], initialReplicas: min, minReplicas: min, maxReplicas: 4, meanReplicas: 2, gpuHours, usd: gpuHours * 7, attainment, scenarioYaml: '', summary: { ttft: { p95: 0.2 }, requests: { failed: 0 }, autoscaling: { events: [] } } }) as unknown as OverTimeArm;
    const arms = [arm('static', 4, 10, 1), arm('wva-saturation', 1, 7, 0.97), arm('wva-qos', 1, 6, 0.995)];
    const result: OverTimeResult = { arms, chosen: arms[2], gpuHourSavings: 0.4, autoscaledMeetsSlo: true };
    const lines = overTimeLines({ ...view, phase: 'done', result, elapsedSeconds: 31.25 }, 80);
    const table = renderOverTimeTable(result).split('\n');
    expect(lines[0].trimEnd()).toBe('h100-sxm-bf16-tp1, done in 31.3 s');
    expect(lines.slice(1, table.length).map((l) => l.trimEnd())).toEqual(table.slice(0, -1).map((l) => fit(l, 80).trimEnd()));
    expect(lines.slice(table.length).map((l) => l.trimEnd()).join(' ')).toBe(table.at(-1));
    expect(lines.slice(table.length).length).toBe(2); // the verdict is longer than 80 columns
    for (const l of lines) expect(l).toHaveLength(80);
  });
});
