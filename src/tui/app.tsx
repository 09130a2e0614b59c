/**
 * `fleetsim tui`: the planner behind a keyboard-driven form, its candidates live in a table, the
 * selected fleet's TTFT-vs-rate chart, per-pod drill-down, the fleet through a day's varying load
 * static and autoscaled (`o`), and export. View state only (state.ts); the planning is
 * src/experiments/plan/plan.ts and the day src/experiments/plan/over-time.ts, on the pool the
 * command hands in.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Box, Text, useApp, useInput, useStdout, type Key } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { enumerate, type CandidateConfig } from '../experiments/plan/candidates.js';
import { fleetScenario } from '../experiments/plan/fleet-scenario.js';
import { overTime } from '../experiments/plan/over-time.js';
import { plan } from '../experiments/plan/plan.js';
import type { JobRunner } from '../experiments/parallel/pool.js';
import { writeOverTimeReport } from '../experiments/reports/over-time-report.js';
import { FIELDS, planRequest, type FormValues, type PlanRequest } from './form.js';
import { initialState, reduce, selectedRow, sortedRows, type Action, type TuiState } from './state.js';
import { TrackingRunner } from './tracking-runner.js';
import { chartLines, fit, overTimeLines, podLines, tableLines } from './views.js';

/** A pool the app may close when its plan ends. */
export type ClosablePool = JobRunner & { close(): Promise<void> };

export interface AppProps {
  file: string;
  initialForm: FormValues;
  makePool: (workers: number) => ClosablePool;
  /** Where `e` writes the selected fleet's scenario (and, from the over-time view, its report under over-time/). */
  outDir: string;
  /** Told when the user quits; `running` is the plan still finishing its current round. */
  onQuit?: (running: Promise<void> | undefined) => void;
}

function useWindowSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const on = () => setSize(read());
    stdout.on('resize', on);
    return () => void stdout.off('resize', on);
  }, [stdout]);
  return size;
}

export function App(props: AppProps) {
  // Keys can arrive faster than React renders (typing, a paste, a test): each is handled against
  // the state the previous ones left, kept in a ref, not the last rendered one.
  const [state, setState] = useState(() => initialState(props.initialForm));
  const latest = useRef(state);
  const dispatch = (a: Action) => {
    latest.current = reduce(latest.current, a);
    setState(latest.current);
  };
  const { exit } = useApp();
  const { columns, rows } = useWindowSize();
  const width = Math.max(20, columns - 1);
  const request = useRef<PlanRequest | undefined>(undefined);
  const configs = useRef<CandidateConfig[]>([]);
  const abort = useRef<AbortController | undefined>(undefined);
  const running = useRef<Promise<void> | undefined>(undefined);

  // The elapsed time in the title while planning, and under the over-time progress.
  const ticking = state.phase === 'running' || state.overTime?.phase === 'running';
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => dispatch({ type: 'tick', now: Date.now() }), 1000);
    return () => clearInterval(timer);
  }, [ticking]);

  const run = () => {
    const r = planRequest(props.file, latest.current.form);
    if (!r.ok) return dispatch({ type: 'problems', problems: r.problems });
    request.current = r.request;
    configs.current = enumerate(r.request.options.space, r.request.options.raw);
    const controller = new AbortController();
    abort.current = controller;
    dispatch({ type: 'plan-start', now: Date.now() });
    const pool = props.makePool(r.request.workers);
    const tracking = new TrackingRunner(pool, () => configs.current, (workers) => dispatch({ type: 'workers', workers }));
    running.current = (async () => {
      try {
        const result = await plan(tracking, { ...r.request.options, signal: controller.signal }, (event) => dispatch({ type: 'plan-event', event }));
        dispatch({ type: 'plan-done', result, now: Date.now() });
      } catch (e) {
        if (!controller.signal.aborted) dispatch({ type: 'plan-failed', message: `plan failed: ${e instanceof Error ? e.message : String(e)}` });
      } finally {
        await pool.close();
        running.current = undefined;
      }
    })();
  };

  const exportSelected = () => {
    const row = selectedRow(latest.current);
    const req = request.current;
    if (!row || !req || row.result.replicas === undefined || row.result.costPerHour === undefined) return dispatch({ type: 'message', text: 'select a sized fleet to export (one with replicas and $/h)' });
    mkdirSync(props.outDir, { recursive: true });
    const file = join(props.outDir, `${row.result.config.id}.yaml`);
    writeFileSync(file, fleetScenario(req.options.raw, req.options.sets, row.result, req.targetRate, req.options.ratePath));
    dispatch({ type: 'message', text: `exported ${file}` });
  };

  /** The selected fleet through the scenario's whole load three times (static, wva-saturation, wva-qos), as plan --over-time. */
  const runOverTime = () => {
    const s = latest.current;
    const req = request.current;
    const row = selectedRow(s);
    if (s.phase !== 'done' || !req) return dispatch({ type: 'message', text: 'over time: wait for the plan to finish' });
    if (!req.day.load.varies) return dispatch({ type: 'message', text: req.day.load.message });
    if (!row || row.result.replicas === undefined || row.result.costPerHour === undefined) return dispatch({ type: 'message', text: 'over time: select a sized fleet (one with replicas and $/h)' });
    if (s.overTime?.fleetId === row.result.config.id && s.overTime.phase !== 'failed') return dispatch({ type: 'open-over-time' });
    if (s.overTime?.phase === 'running') return dispatch({ type: 'message', text: `over time: ${s.overTime.fleetId} is still running` });
    const load = req.day.load;
    const fleet = row.result;
    dispatch({ type: 'over-time-start', fleetId: fleet.config.id, now: Date.now() });
    const pool = props.makePool(req.workers);
    // Each arm's day, as it finishes, for the progress line.
    const reporting: JobRunner = {
      size: pool.size,
      run: (jobs, onResult) => pool.run(jobs, (i, r) => {
        dispatch({ type: 'over-time-arm', arm: String(jobs[i].point.arm) });
        onResult?.(i, r);
      }),
    };
    running.current = (async () => {
      try {
        const result = await overTime(reporting, { file: req.options.file, raw: req.day.raw, sets: req.day.sets, fleet, poolName: req.day.poolName, autoscaler: load.autoscaler, profile: load.profile, peak: req.targetRate, goodput: req.options.goodput });
        dispatch({ type: 'over-time-done', result, now: Date.now() });
      } catch (e) {
        dispatch({ type: 'over-time-failed', message: `over time failed: ${e instanceof Error ? e.message : String(e)}` });
      } finally {
        await pool.close();
        running.current = undefined;
      }
    })();
  };

  const exportOverTime = () => {
    const ot = latest.current.overTime;
    const req = request.current;
    if (!ot?.result || !req || !req.day.load.varies) return dispatch({ type: 'message', text: 'over time: nothing to export until the three days have run' });
    const dir = join(props.outDir, 'over-time', ot.fleetId);
    const load = req.day.load;
    void writeOverTimeReport(dir, { scenario: req.scenarioName, result: ot.result, profile: load.profile, duration: load.duration }).then(
      () => dispatch({ type: 'message', text: `wrote ${join(dir, 'index.html')} and each fleet's scenario in ${dir}/` }),
      (e: unknown) => dispatch({ type: 'message', text: `export failed: ${e instanceof Error ? e.message : String(e)}` }),
    );
  };

  const quit = () => {
    abort.current?.abort();
    props.onQuit?.(running.current);
    exit();
  };

  useInput((input: string, key: Key) => {
    const act = (a: Action) => dispatch(a);
    const state = latest.current;
    if (state.screen === 'form') {
      if (state.editing !== undefined) {
        if (key.return) act({ type: 'edit-commit' });
        else if (key.escape) act({ type: 'edit-cancel' });
        else if (key.backspace || key.delete) act({ type: 'edit-backspace' });
        else if (key.ctrl && input === 'u') act({ type: 'edit-clear' });
        else if (input && !key.ctrl && !key.meta && !key.upArrow && !key.downArrow && !key.tab) act({ type: 'edit-input', text: input.replace(/[\r\n\t]/g, '') });
        return;
      }
      if (key.upArrow || (key.tab && key.shift)) act({ type: 'move-field', by: -1 });
      else if (key.downArrow || key.tab) act({ type: 'move-field', by: 1 });
      else if (key.leftArrow) act({ type: 'cycle', by: -1 });
      else if (key.rightArrow) act({ type: 'cycle', by: 1 });
      else if (key.return) act({ type: 'edit-start' });
      else if (input === 'r') run();
      else if (input === 'q') quit();
      return;
    }
    if (input === 'q') return quit();
    if (input === 'e') return state.screen === 'over-time' ? exportOverTime() : exportSelected();
    if (key.escape || input === 'b') return act({ type: 'back' });
    if (state.screen === 'plan') {
      if (key.upArrow) act({ type: 'select', by: -1 });
      else if (key.downArrow) act({ type: 'select', by: 1 });
      else if (key.pageUp) act({ type: 'select', by: -5 });
      else if (key.pageDown) act({ type: 'select', by: 5 });
      else if (key.return) act({ type: 'open-pods' });
      else if (input === 'o') runOverTime();
      else if (input === 'r' && state.phase !== 'running') run();
    } else if (state.screen === 'pods') {
      if (key.upArrow) act({ type: 'scroll-pods', by: -1 });
      else if (key.downArrow) act({ type: 'scroll-pods', by: 1 });
    }
  });

  const screens = {
    form: () => <FormScreen state={state} file={props.file} width={width} rows={rows} />,
    plan: () => <PlanScreen state={state} request={request.current} width={width} rows={rows} />,
    pods: () => <PodsScreen state={state} width={width} rows={rows} />,
    'over-time': () => <OverTimeScreen state={state} width={width} />,
  };
  const lines = screens[state.screen]();
  return <Box flexDirection="column">{lines}</Box>;
}

function Line(p: { text: string; color?: string; inverse?: boolean; dim?: boolean; bold?: boolean }) {
  return (
    <Text wrap="truncate" color={p.color} inverse={p.inverse} dimColor={p.dim} bold={p.bold}>
      {p.text}
    </Text>
  );
}

function FormScreen({ state, file, width, rows }: { state: TuiState; file: string; width: number; rows: number }) {
  const labelWidth = 15;
  const field = FIELDS[state.field];
  const room = Math.max(0, rows - FIELDS.length - 4);
  return (
    <>
      <Line bold text={fit(`fleetsim tui · plan a fleet for ${file}`, width)} />
      {FIELDS.map((f, i) => {
        const current = i === state.field;
        const value = current && state.editing !== undefined ? `${state.editing}_` : state.form[f.key] || '(none)';
        const shown = f.kind === 'choice' && current ? `< ${value} >` : value;
        return <Line key={f.key} inverse={current} color={current && state.editing !== undefined ? 'yellow' : undefined} text={fit(`${current ? '>' : ' '} ${f.label.padEnd(labelWidth)} ${shown}`, width)} />;
      })}
      <Line dim text={fit(field.hint, width)} />
      {state.problems.slice(0, room).map((p, i) => (
        <Line key={i} color="red" text={fit(p, width)} />
      ))}
      <Line dim text={fit(state.editing !== undefined ? 'type · ctrl-u clear · enter confirm · esc cancel' : '↑/↓/tab move · enter edit · ←/→ choose · r run · q quit', width)} />
    </>
  );
}

const STATUS_COLOR: Record<string, string | undefined> = { meets: 'green', 'over-budget': 'yellow', missed: 'red', 'no-rate': 'red', 'too-many-replicas': 'red', probing: 'cyan', probed: 'cyan', sizing: 'cyan' };

function PlanScreen({ state, request, width, rows }: { state: TuiState; request: PlanRequest | undefined; width: number; rows: number }) {
  const all = sortedRows(state);
  const shownWorkers = state.workers.slice(0, 4);
  // One line short of the terminal: a frame as tall as the screen scrolls, and ink cannot erase what scrolled off.
  const free = Math.max(6, rows - 6 - shownWorkers.length);
  const tableRows = Math.max(2, Math.min(all.length, Math.floor(free * 0.45)));
  const chartRows = Math.max(0, free - tableRows - 1);
  const table = tableLines(all, state.selectedId, width, tableRows);
  const meets = all.filter((r) => r.live === 'meets').length;
  const phase = state.phase === 'running' ? `planning… ${(state.elapsedSeconds ?? 0).toFixed(0)} s` : state.phase === 'done' ? `done in ${(state.elapsedSeconds ?? 0).toFixed(1)} s` : state.phase;
  const target = request ? `${request.targetRate} req/s, ${request.scenarioName}` : '';
  const slo = request?.options.sets.find((s) => s.startsWith('slo.ttftP95='));
  const sloTtft = slo ? Number(slo.slice('slo.ttftP95='.length)) : undefined;
  return (
    <>
      <Line bold text={fit(`fleetsim tui · ${target} · ${phase}`, width)} />
      <Line text={fit(`${all.length} candidates · ${state.numProbes} probes · ${state.numSized} sized · ${meets} meet the target`, width)} />
      {shownWorkers.map((w, i) => (
        <Line key={i} color="cyan" text={fit(`worker ${i + 1}: ${w.id} · ${w.what}`, width)} />
      ))}
      <Line bold text={table.header} />
      {table.lines.map((l, i) => (
        <Line key={i} inverse={l.selected} color={STATUS_COLOR[l.live]} dim={l.live === 'pruned'} text={l.text} />
      ))}
      {chartLines(selectedRow(state), sloTtft, request?.targetRate, width, chartRows).map((l, i) => (
        <Line key={`c${i}`} text={l} />
      ))}
      <Line color={state.phase === 'failed' ? 'red' : 'yellow'} text={fit(state.message ?? '', width)} />
      <Line dim text={fit(`↑/↓ select · enter pods · e export · ${state.phase === 'running' ? '' : 'o over time · r rerun · esc form · '}q quit`, width)} />
    </>
  );
}

function PodsScreen({ state, width, rows }: { state: TuiState; width: number; rows: number }) {
  const row = selectedRow(state);
  return (
    <>
      <Line bold text={fit('fleetsim tui · per-pod stats of the fleet run at the target rate', width)} />
      {row && podLines(row, width, rows - 4, state.podsOffset).map((l, i) => <Line key={i} text={l} />)}
      <Line color="yellow" text={fit(state.message ?? '', width)} />
      <Line dim text={fit('↑/↓ scroll · e export · esc back · q quit', width)} />
    </>
  );
}

function OverTimeScreen({ state, width }: { state: TuiState; width: number }) {
  const ot = state.overTime;
  return (
    <>
      <Line bold text={fit('fleetsim tui · the fleet through the whole load: static at peak size, wva-saturation, wva-qos', width)} />
      {ot && overTimeLines(ot, width).map((l, i) => <Line key={i} color={ot.phase === 'failed' ? 'red' : undefined} text={l} />)}
      <Line color="yellow" text={fit(state.message ?? '', width)} />
      <Line dim text={fit(`${ot?.phase === 'done' ? 'e export report · ' : ''}esc back · q quit`, width)} />
    </>
  );
}
