/**
 * `fleetsim tui`: the planner behind a keyboard-driven form, its candidates live in a table, the
 * selected fleet's TTFT-vs-rate chart, per-pod drill-down and export. View state only (state.ts);
 * the planning is src/experiments/plan/plan.ts on the pool the command hands in.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Box, Text, useApp, useInput, useStdout, type Key } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { enumerate, type CandidateConfig } from '../experiments/plan/candidates.js';
import { fleetScenario } from '../experiments/plan/fleet-scenario.js';
import { plan } from '../experiments/plan/plan.js';
import type { JobRunner } from '../experiments/parallel/pool.js';
import { FIELDS, planRequest, type FormValues, type PlanRequest } from './form.js';
import { initialState, reduce, selectedRow, sortedRows, type Action, type TuiState } from './state.js';
import { TrackingRunner } from './tracking-runner.js';
import { chartLines, fit, podLines, tableLines } from './views.js';

/** A pool the app may close when its plan ends. */
export type ClosablePool = JobRunner & { close(): Promise<void> };

export interface AppProps {
  file: string;
  initialForm: FormValues;
  makePool: (workers: number) => ClosablePool;
  /** Where `e` writes the selected fleet's scenario. */
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

  // The elapsed time in the title while planning.
  useEffect(() => {
    if (state.phase !== 'running') return;
    const timer = setInterval(() => dispatch({ type: 'tick', now: Date.now() }), 1000);
    return () => clearInterval(timer);
  }, [state.phase]);

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
    if (input === 'e') return exportSelected();
    if (key.escape || input === 'b') return act({ type: 'back' });
    if (state.screen === 'plan') {
      if (key.upArrow) act({ type: 'select', by: -1 });
      else if (key.downArrow) act({ type: 'select', by: 1 });
      else if (key.pageUp) act({ type: 'select', by: -5 });
      else if (key.pageDown) act({ type: 'select', by: 5 });
      else if (key.return) act({ type: 'open-pods' });
      else if (input === 'r' && state.phase !== 'running') run();
    } else if (state.screen === 'pods') {
      if (key.upArrow) act({ type: 'scroll-pods', by: -1 });
      else if (key.downArrow) act({ type: 'scroll-pods', by: 1 });
    }
  });

  const lines = state.screen === 'form' ? <FormScreen state={state} file={props.file} width={width} rows={rows} /> : state.screen === 'plan' ? <PlanScreen state={state} request={request.current} width={width} rows={rows} /> : <PodsScreen state={state} width={width} rows={rows} />;
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
      <Line dim text={fit(`↑/↓ select · enter pods · e export · ${state.phase === 'running' ? '' : 'r rerun · esc form · '}q quit`, width)} />
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
