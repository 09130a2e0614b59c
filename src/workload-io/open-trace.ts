import { basename } from 'node:path';
import type { Problem } from '../scenario/problems.js';
import type { TraceReplay } from '../sim/workload/types.js';
import { MOONCAKE_BLOCK_TOKENS } from './trace-formats.js';
import { MAX_TRACE_CLASSES, scanTrace, TraceRowReader, type TraceSpec } from './trace-reader.js';

export type OpenTraceResult = { ok: true; replay: TraceReplay } | { ok: false; problems: Problem[] };

/**
 * Checks a trace file in one streaming pass, then hands the simulator a reader that streams it
 * again during the run. Malformed rows are problems at `file:line` (exit 2), unless `skipBadRows`,
 * which skips them and reports how many in the summary (`trace.skippedBadRows`).
 */
export function openTrace(spec: TraceSpec, skipBadRows: boolean): OpenTraceResult {
  let scan;
  try {
    scan = scanTrace(spec);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    return { ok: false, problems: [{ code: 'missing', path: ['workload', 'trace', 'path'], message: `cannot read trace ${spec.path}: ${reason}` }] };
  }
  const at = (line: number, message: string): Problem => ({ code: 'invalid_value', path: [], file: spec.path, line, message });
  if (scan.headerError !== undefined) return { ok: false, problems: [at(1, `${spec.format} trace: ${scan.headerError}`)] };
  if (scan.numBadRows > 0 && !skipBadRows) {
    const problems = scan.badRows.map((b) => at(b.line, `${spec.format} trace row: ${b.message}`));
    const more = scan.numBadRows - scan.badRows.length;
    problems.push({
      code: 'invalid_value',
      path: [],
      file: spec.path,
      message: `${scan.numBadRows} malformed row${scan.numBadRows === 1 ? '' : 's'}${more > 0 ? ` (${more} not listed)` : ''}; fix them or pass --skip-bad-rows to replay without them`,
    });
    return { ok: false, problems };
  }
  if (scan.classes && scan.classes.length > MAX_TRACE_CLASSES) {
    return { ok: false, problems: [{ code: 'invalid_value', path: ['workload', 'trace', 'classBy'], message: `column \`${spec.classBy}\` has more than ${MAX_TRACE_CLASSES} distinct values; class by a column with few (e.g. a model or tenant name)` }] };
  }
  if (scan.numRows === 0) {
    return { ok: false, problems: [{ code: 'invalid_value', path: ['workload', 'trace'], message: `trace ${spec.path} has no replayable row${spec.window ? ' in the window' : ''}` }] };
  }
  return {
    ok: true,
    replay: {
      open: () => new TraceRowReader(spec, scan.timeScale),
      blockTokens: MOONCAKE_BLOCK_TOKENS,
      stats: { file: basename(spec.path), format: spec.format, rows: scan.numRows, emptyRows: scan.numEmptyRows, skippedBadRows: scan.numBadRows, timeScale: scan.timeScale },
      ...(scan.classes && { classes: scan.classes.map((c) => ({ name: c.name, share: c.rows / scan.numRows })) }),
    },
  };
}
