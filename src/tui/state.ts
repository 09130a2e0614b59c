/**
 * The terminal UI's view state and its reducer: pure, so tests drive it without a terminal. The
 * planner's events (src/experiments/plan/plan.ts) and the pool's running jobs come in as actions;
 * nothing here simulates.
 */
import type { OverTimeResult } from '../experiments/plan/over-time.js';
import type { CandidateResult, CandidateStatus, PlanEvent, PlanResult } from '../experiments/plan/plan.js';
import { FIELDS, type FormValues } from './form.js';

export type Screen = 'form' | 'plan' | 'pods' | 'over-time';

/** A candidate's place in the search while the planner runs. */
export type LiveStatus = 'queued' | 'probing' | 'probed' | 'sizing' | CandidateStatus;

export interface Row {
  result: CandidateResult;
  live: LiveStatus;
}

/** A simulation running on a worker: which candidate, and what it is finding out. */
export interface WorkerLine {
  id: string;
  /** One replica's rate probe, or the whole fleet's run at the target rate. */
  kind: 'probe' | 'fleet';
  what: string;
}

/** One fleet's over-time comparison: its three day-long runs, then their figures. */
export interface OverTimeView {
  fleetId: string;
  phase: 'running' | 'done' | 'failed';
  /** The arms whose day has finished, while running. */
  armsDone: string[];
  result?: OverTimeResult;
  message?: string;
  startedAt: number;
  elapsedSeconds: number;
}

export interface TuiState {
  screen: Screen;
  form: FormValues;
  field: number;
  /** The text being typed into the current field, while editing. */
  editing?: string;
  problems: string[];
  phase: 'idle' | 'running' | 'done' | 'failed';
  rows: Record<string, Row>;
  workers: WorkerLine[];
  numProbes: number;
  numSized: number;
  selectedId?: string;
  podsOffset: number;
  message?: string;
  startedAt?: number;
  elapsedSeconds?: number;
  overTime?: OverTimeView;
}

export type Action =
  | { type: 'move-field'; by: number }
  | { type: 'cycle'; by: number }
  | { type: 'edit-start' }
  | { type: 'edit-input'; text: string }
  | { type: 'edit-backspace' }
  | { type: 'edit-clear' }
  | { type: 'edit-commit' }
  | { type: 'edit-cancel' }
  | { type: 'problems'; problems: string[] }
  | { type: 'plan-start'; now: number }
  | { type: 'plan-event'; event: PlanEvent }
  | { type: 'workers'; workers: WorkerLine[] }
  | { type: 'plan-done'; result: PlanResult; now: number }
  | { type: 'plan-failed'; message: string }
  | { type: 'select'; by: number }
  | { type: 'open-pods' }
  | { type: 'scroll-pods'; by: number }
  | { type: 'back' }
  | { type: 'message'; text: string }
  | { type: 'over-time-start'; fleetId: string; now: number }
  | { type: 'over-time-arm'; arm: string }
  | { type: 'over-time-done'; result: OverTimeResult; now: number }
  | { type: 'over-time-failed'; message: string }
  | { type: 'open-over-time' }
  | { type: 'tick'; now: number };

export function initialState(form: FormValues): TuiState {
  return { screen: 'form', form, field: 0, problems: [], phase: 'idle', rows: {}, workers: [], numProbes: 0, numSized: 0, podsOffset: 0 };
}

const STATUS_ORDER: LiveStatus[] = ['meets', 'sizing', 'probed', 'probing', 'queued', 'over-budget', 'missed', 'too-many-replicas', 'dominated', 'no-rate', 'pruned'];

/** The table's rows: fleets meeting the target cheapest first, then the search's others by how far they got. */
export function sortedRows(s: TuiState): Row[] {
  return Object.values(s.rows).sort(
    (a, b) =>
      (a.result.costPerHour ?? Infinity) - (b.result.costPerHour ?? Infinity) ||
      STATUS_ORDER.indexOf(a.live) - STATUS_ORDER.indexOf(b.live) ||
      a.result.config.id.localeCompare(b.result.config.id),
  );
}

export function selectedRow(s: TuiState): Row | undefined {
  return s.selectedId === undefined ? undefined : s.rows[s.selectedId];
}

function withRow(s: TuiState, result: CandidateResult, live: LiveStatus): TuiState {
  const rows = { ...s.rows, [result.config.id]: { result: { ...result, probes: result.probes ? [...result.probes] : undefined }, live } };
  return { ...s, rows, selectedId: s.selectedId ?? result.config.id };
}

function onPlanEvent(s: TuiState, e: PlanEvent): TuiState {
  switch (e.kind) {
    case 'screened':
      // plan marks survivors `missed` until they are sized
      return withRow(s, e.result, e.result.status === 'missed' ? 'queued' : e.result.status);
    case 'probe': {
      const row = s.rows[e.id];
      if (!row) return s;
      const probes = [...(row.result.probes ?? []), e.point].sort((a, b) => a.rate - b.rate);
      // plan searches one candidate's rate at a time: a probe of another ends the previous search
      const rows = Object.fromEntries(Object.entries(s.rows).map(([id, r]) => [id, r.live === 'probing' && id !== e.id ? { ...r, live: 'probed' as const } : r]));
      return { ...s, numProbes: s.numProbes + 1, rows: { ...rows, [e.id]: { result: { ...row.result, probes }, live: 'probing' } } };
    }
    case 'sized': {
      const probes = s.rows[e.result.config.id]?.result.probes;
      return { ...withRow(s, { ...e.result, probes: e.result.probes ?? probes }, e.result.status), numSized: s.numSized + 1 };
    }
  }
}

export function reduce(s: TuiState, a: Action): TuiState {
  switch (a.type) {
    case 'move-field':
      return { ...s, field: (s.field + a.by + FIELDS.length) % FIELDS.length, editing: undefined };
    case 'cycle': {
      const f = FIELDS[s.field];
      if (f.kind !== 'choice' || !f.choices) return s;
      const i = f.choices.indexOf(s.form[f.key]);
      const next = f.choices[(i + a.by + f.choices.length) % f.choices.length];
      return { ...s, form: { ...s.form, [f.key]: next } };
    }
    case 'edit-start':
      return FIELDS[s.field].kind === 'text' ? { ...s, editing: s.form[FIELDS[s.field].key] } : reduce(s, { type: 'cycle', by: 1 });
    case 'edit-input':
      return s.editing === undefined ? s : { ...s, editing: s.editing + a.text };
    case 'edit-backspace':
      return s.editing === undefined ? s : { ...s, editing: s.editing.slice(0, -1) };
    case 'edit-clear':
      return s.editing === undefined ? s : { ...s, editing: '' };
    case 'edit-commit':
      return s.editing === undefined ? s : { ...s, form: { ...s.form, [FIELDS[s.field].key]: s.editing.trim() }, editing: undefined };
    case 'edit-cancel':
      return { ...s, editing: undefined };
    case 'problems':
      return { ...s, problems: a.problems };
    case 'plan-start':
      return { ...s, screen: 'plan', phase: 'running', problems: [], rows: {}, workers: [], numProbes: 0, numSized: 0, selectedId: undefined, message: undefined, startedAt: a.now, elapsedSeconds: undefined, overTime: undefined };
    case 'plan-event':
      return s.phase === 'running' ? onPlanEvent(s, a.event) : s;
    case 'workers': {
      if (s.phase !== 'running') return s;
      const rows = { ...s.rows };
      for (const w of a.workers) {
        const r = rows[w.id];
        if (w.kind === 'fleet' && r && ['queued', 'probing', 'probed'].includes(r.live)) rows[w.id] = { ...r, live: 'sizing' };
      }
      return { ...s, workers: a.workers, rows };
    }
    case 'plan-done': {
      let next: TuiState = { ...s, phase: 'done', workers: [], elapsedSeconds: s.startedAt === undefined ? undefined : (a.now - s.startedAt) / 1000 };
      for (const r of a.result.candidates) next = withRow(next, r, r.status);
      const best = a.result.best?.config.id;
      return { ...next, selectedId: best ?? sortedRows(next)[0]?.result.config.id, message: best ? `cheapest fleet meeting the target: ${best}` : 'no candidate meets the target' };
    }
    case 'plan-failed':
      return { ...s, phase: 'failed', workers: [], message: a.message };
    case 'select': {
      const rows = sortedRows(s);
      if (rows.length === 0) return s;
      const i = rows.findIndex((r) => r.result.config.id === s.selectedId);
      const j = Math.min(rows.length - 1, Math.max(0, (i < 0 ? 0 : i) + a.by));
      return { ...s, selectedId: rows[j].result.config.id };
    }
    case 'open-pods': {
      const row = selectedRow(s);
      if (!row?.result.atTarget) return { ...s, message: 'no fleet run at the target rate for this candidate yet' };
      return { ...s, screen: 'pods', podsOffset: 0 };
    }
    case 'scroll-pods': {
      const n = selectedRow(s)?.result.atTarget?.pods.length ?? 0;
      return { ...s, podsOffset: Math.min(Math.max(0, n - 1), Math.max(0, s.podsOffset + a.by)) };
    }
    case 'back':
      if (s.screen === 'pods' || s.screen === 'over-time') return { ...s, screen: 'plan' };
      if (s.screen === 'plan' && s.phase !== 'running') return { ...s, screen: 'form' };
      return s;
    case 'message':
      return { ...s, message: a.text };
    case 'tick': {
      let next = s;
      if (s.phase === 'running' && s.startedAt !== undefined) next = { ...next, elapsedSeconds: (a.now - s.startedAt) / 1000 };
      if (s.overTime?.phase === 'running') next = { ...next, overTime: { ...s.overTime, elapsedSeconds: (a.now - s.overTime.startedAt) / 1000 } };
      return next;
    }
    case 'over-time-start':
      return { ...s, screen: 'over-time', message: undefined, overTime: { fleetId: a.fleetId, phase: 'running', armsDone: [], startedAt: a.now, elapsedSeconds: 0 } };
    case 'over-time-arm':
      return s.overTime?.phase === 'running' ? { ...s, overTime: { ...s.overTime, armsDone: [...s.overTime.armsDone, a.arm] } } : s;
    case 'over-time-done':
      return s.overTime ? { ...s, overTime: { ...s.overTime, phase: 'done', result: a.result, elapsedSeconds: (a.now - s.overTime.startedAt) / 1000 } } : s;
    case 'over-time-failed':
      return s.overTime ? { ...s, overTime: { ...s.overTime, phase: 'failed', message: a.message } } : s;
    case 'open-over-time':
      return s.overTime ? { ...s, screen: 'over-time', message: undefined } : s;
  }
}
