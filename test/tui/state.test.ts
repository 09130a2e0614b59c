import { describe, expect, it } from 'vitest';
import type { OverTimeResult } from '../../src/experiments/plan/over-time.js';
import type { CandidateResult, ProbePoint } from '../../src/experiments/plan/plan.js';
import { FIELDS, type FormValues } from '../../src/tui/form.js';
import { initialState, reduce, selectedRow, sortedRows, type Action, type TuiState } from '../../src/tui/state.js';

const form: FormValues = { model: 'llama-3.1-8b', rate: '4', trace: '', traceFormat: 'azure', ttftP95: '0.5', tpotP95: '', budget: '', accelerators: 'h100-sxm', precisions: 'bf16', tp: '1,2', routers: '', pd: '0', pdRouter: 'pd', kvTiers: 'none', maxReplicas: '64', probeDuration: '40', workers: '2' };
const run = (s: TuiState, ...actions: Action[]) => actions.reduce(reduce, s);
const cand = (id: string, extra: Partial<CandidateResult> = {}): CandidateResult => ({ config: { id, accelerator: 'h100-sxm', precision: 'bf16', tensorParallel: 1, router: 'r', sets: [] }, status: 'missed', ...extra });
const point = (rate: number, ok: boolean): ProbePoint => ({ rate, ok, attainment: ok ? 1 : 0.5, ttftP95: ok ? 0.1 : 3, tpotP95: 0.01 });

describe('the form', () => {
  it('moves between fields with wrap-around and edits a text field: enter, type, backspace, enter', () => {
    let s = run(initialState(form), { type: 'move-field', by: -1 });
    expect(FIELDS[s.field].key).toBe('workers');
    s = run(s, { type: 'move-field', by: 2 }); // rate
    expect(FIELDS[s.field].key).toBe('rate');
    s = run(s, { type: 'edit-start' }, { type: 'edit-input', text: '25' }, { type: 'edit-backspace' }, { type: 'edit-commit' });
    expect(s.form.rate).toBe('42');
    expect(s.editing).toBeUndefined();
  });

  it('esc leaves the value as it was; ctrl-u clears the text being typed', () => {
    const s = run(initialState(form), { type: 'move-field', by: 1 }, { type: 'edit-start' }, { type: 'edit-clear' }, { type: 'edit-input', text: '9' });
    expect(s.editing).toBe('9');
    expect(run(s, { type: 'edit-cancel' }).form.rate).toBe('4');
    expect(run(s, { type: 'edit-commit' }).form.rate).toBe('9');
  });

  it('a choice field cycles through the catalogue both ways, and enter cycles it too', () => {
    const models = FIELDS[0].choices!;
    const i = models.indexOf('llama-3.1-8b');
    expect(run(initialState(form), { type: 'cycle', by: 1 }).form.model).toBe(models[(i + 1) % models.length]);
    expect(run(initialState(form), { type: 'cycle', by: -1 }).form.model).toBe(models[(i - 1 + models.length) % models.length]);
    expect(run(initialState(form), { type: 'edit-start' }).form.model).toBe(models[(i + 1) % models.length]);
  });
});

describe('the plan screen', () => {
  const started = run(initialState(form), { type: 'plan-start', now: 0 });

  it('shows survivors as queued, then probing with their probe points, then their final status', () => {
    let s = run(started, { type: 'plan-event', event: { kind: 'screened', result: cand('a') } }, { type: 'plan-event', event: { kind: 'screened', result: cand('p', { status: 'pruned', reason: 'does not fit' }) } });
    expect(s.rows.a.live).toBe('queued');
    expect(s.rows.p.live).toBe('pruned');
    expect(s.selectedId).toBe('a');
    s = run(s, { type: 'plan-event', event: { kind: 'probe', id: 'a', rate: 8, ok: false, point: point(8, false) } }, { type: 'plan-event', event: { kind: 'probe', id: 'a', rate: 4, ok: true, point: point(4, true) } });
    expect(s.rows.a.live).toBe('probing');
    expect(s.rows.a.result.probes!.map((p) => p.rate)).toEqual([4, 8]);
    expect(s.numProbes).toBe(2);
    s = run(s, { type: 'plan-event', event: { kind: 'sized', result: cand('a', { status: 'meets', replicas: 3, gpus: 3, costPerHour: 20 }) } });
    expect(s.rows.a.live).toBe('meets');
    expect(s.rows.a.result.probes).toHaveLength(2); // kept from the probe events
    expect(s.numSized).toBe(1);
  });

  it('a probe of the next candidate marks the previous one probed; a fleet run on a worker marks its candidate sizing', () => {
    let s = run(
      started,
      { type: 'plan-event', event: { kind: 'screened', result: cand('a') } },
      { type: 'plan-event', event: { kind: 'screened', result: cand('b') } },
      { type: 'plan-event', event: { kind: 'probe', id: 'a', rate: 4, ok: true, point: point(4, true) } },
      { type: 'plan-event', event: { kind: 'probe', id: 'b', rate: 4, ok: true, point: point(4, true) } },
    );
    expect([s.rows.a.live, s.rows.b.live]).toEqual(['probed', 'probing']);
    s = run(s, { type: 'workers', workers: [{ id: 'a', kind: 'fleet', what: 'fleet of 2 at the target rate' }, { id: 'b', kind: 'probe', what: 'one replica at 8 req/s' }] });
    expect([s.rows.a.live, s.rows.b.live]).toEqual(['sizing', 'probing']);
    expect(s.workers).toHaveLength(2);
    expect(run(s, { type: 'tick', now: 2500 }).elapsedSeconds).toBe(2.5);
  });

  it('sorts rows by cost, unsized ones after, and keeps the selection on the same fleet as rows move', () => {
    let s = run(
      started,
      { type: 'plan-event', event: { kind: 'screened', result: cand('b') } },
      { type: 'plan-event', event: { kind: 'screened', result: cand('c') } },
      { type: 'plan-event', event: { kind: 'sized', result: cand('c', { status: 'meets', costPerHour: 10 }) } },
      { type: 'select', by: 1 },
    );
    expect(sortedRows(s).map((r) => r.result.config.id)).toEqual(['c', 'b']);
    expect(s.selectedId).toBe('b');
    s = run(s, { type: 'plan-event', event: { kind: 'sized', result: cand('b', { status: 'meets', costPerHour: 5 }) } });
    expect(sortedRows(s).map((r) => r.result.config.id)).toEqual(['b', 'c']);
    expect(selectedRow(s)!.result.config.id).toBe('b');
    expect(run(s, { type: 'select', by: 5 }).selectedId).toBe('c'); // clamped at the end
    expect(run(s, { type: 'select', by: -5 }).selectedId).toBe('b');
  });

  it('at the end selects the cheapest fleet meeting the target, and drills down only into a fleet with a run', () => {
    const best = cand('b', { status: 'meets', costPerHour: 5, atTarget: { pods: [{ name: 'p0' }] } as unknown as CandidateResult['atTarget'] });
    let s = run(started, { type: 'plan-done', result: { candidates: [best, cand('n', { status: 'no-rate' })], best, front: [best] }, now: 1500 });
    expect(s.phase).toBe('done');
    expect(s.elapsedSeconds).toBe(1.5);
    expect(s.selectedId).toBe('b');
    expect(s.message).toMatch(/cheapest fleet meeting the target: b/);
    s = run(s, { type: 'open-pods' });
    expect(s.screen).toBe('pods');
    s = run(s, { type: 'back' }, { type: 'select', by: 1 }, { type: 'open-pods' });
    expect(s.screen).toBe('plan');
    expect(s.message).toMatch(/no fleet run/);
    expect(run(s, { type: 'back' }).screen).toBe('form');
  });

  it('ignores late planner events after a failure and stays on the plan screen while running', () => {
    const failed = run(started, { type: 'plan-failed', message: 'boom' });
    expect(run(failed, { type: 'plan-event', event: { kind: 'screened', result: cand('z') } }).rows).toEqual({});
    expect(run(started, { type: 'back' }).screen).toBe('plan');
  });

  it('the over-time view: started from the plan, arms reported as they finish, ticks while running, esc back to the plan, a new plan forgets it', () => {
    const best = cand('b', { status: 'meets', replicas: 2, costPerHour: 5 });
    const done = run(started, { type: 'plan-done', result: { candidates: [best], best, front: [best] }, now: 1500 });
    let s = run(done, { type: 'over-time-start', fleetId: 'b', now: 10_000 }, { type: 'over-time-arm', arm: 'static' }, { type: 'tick', now: 12_500 });
    expect(s.screen).toBe('over-time');
    expect(s.overTime).toEqual({ fleetId: 'b', phase: 'running', armsDone: ['static'], startedAt: 10_000, elapsedSeconds: 2.5 });
    expect(s.elapsedSeconds).toBe(1.5); // the plan's time stays
    const result = { arms: [], gpuHourSavings: 0.2, autoscaledMeetsSlo: true } as unknown as OverTimeResult;
    s = run(s, { type: 'over-time-done', result, now: 14_000 }, { type: 'over-time-arm', arm: 'late' }, { type: 'tick', now: 20_000 });
    expect(s.overTime).toMatchObject({ phase: 'done', armsDone: ['static'], elapsedSeconds: 4, result });
    s = run(s, { type: 'back' });
    expect(s.screen).toBe('plan');
    expect(run(s, { type: 'open-over-time' }).screen).toBe('over-time');
    expect(run(s, { type: 'plan-start', now: 30_000 }).overTime).toBeUndefined();
    expect(run(done, { type: 'open-over-time' }).screen).toBe('plan'); // nothing to show yet
    expect(run(done, { type: 'over-time-start', fleetId: 'b', now: 0 }, { type: 'over-time-failed', message: 'boom' }).overTime).toMatchObject({ phase: 'failed', message: 'boom' });
  });
});
