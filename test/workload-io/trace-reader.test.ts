import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTrace } from '../../src/workload-io/open-trace.js';
import { scanTrace, TraceRowReader, type TraceSpec } from '../../src/workload-io/trace-reader.js';

function file(name: string, text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), 'fleetsim-trace-')), name);
  writeFileSync(p, text);
  return p;
}

const burst = (rows: string[]) => file('b.csv', ['Timestamp,Session ID,Elapsed time,Model,Request tokens,Response tokens,Total tokens,Log Type', ...rows].join('\n') + '\n');

function times(spec: TraceSpec): number[] {
  const scan = scanTrace(spec);
  const r = new TraceRowReader(spec, scan.timeScale);
  const out: number[] = [];
  for (let row = r.next(); row; row = r.next()) out.push(row.time);
  return out;
}

// Rows at 100, 110, 130, 160, 200 s (relative 0, 10, 30, 60, 100).
const path = burst(['100.0,,1,GPT-4,10,5,15,API log', '110.0,,1,GPT-4,10,5,15,API log', '130.0,,1,GPT-4,10,5,15,API log', '160.0,,1,GPT-4,10,5,15,API log', '200.0,,1,GPT-4,10,5,15,API log']);

describe('trace reader', () => {
  it('makes times relative to the first row and divides them by speed', () => {
    expect(times({ format: 'burstgpt', path })).toEqual([0, 10, 30, 60, 100]);
    expect(times({ format: 'burstgpt', path, speed: 2 })).toEqual([0, 5, 15, 30, 50]);
  });

  it('replays only the window [start, end), shifted so the window starts at 0', () => {
    expect(times({ format: 'burstgpt', path, window: { start: 10, end: 60 } })).toEqual([0, 20]);
  });

  it('rescales to a target mean rate: (N − 1) / span of the replayed rows', () => {
    const t = times({ format: 'burstgpt', path, rate: 0.4 }); // 4 gaps over 100 s = 0.04 req/s → ×10
    expect(t.map((x) => Number(x.toFixed(9)))).toEqual([0, 1, 3, 6, 10]);
    expect((t.length - 1) / t[t.length - 1]).toBeCloseTo(0.4, 12);
  });

  it('reads BurstGPT columns by name in v1 and v3 layouts', () => {
    const v1 = file('v1.csv', 'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n5,ChatGPT,472,18,490,Conversation log\n');
    const r = new TraceRowReader({ format: 'burstgpt', path: v1 }, 1);
    expect(r.next()).toEqual({ time: 0, inputTokens: 472, outputTokens: 18, hashIds: undefined });
  });

  it('counts zero-token rows (failed requests) and skips them without calling them malformed', () => {
    const p = burst(['1,,1,GPT-4,10,5,15,API log', '2,,1,GPT-4,0,0,0,API log', '3,,1,GPT-4,10,5,15,API log']);
    const scan = scanTrace({ format: 'burstgpt', path: p });
    expect([scan.numRows, scan.numEmptyRows, scan.numBadRows]).toEqual([2, 1, 0]);
  });

  it('reports a header without a needed column at line 1', () => {
    const p = file('h.csv', 'TIMESTAMP,Context,GeneratedTokens\n2023-11-16 18:17:03.9799600,1,1\n');
    const r = openTrace({ format: 'azure', path: p }, false);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ file: p, line: 1, message: 'azure trace: header lacks column `ContextTokens` (found `TIMESTAMP`, `Context`, `GeneratedTokens`)' });
  });

  it('reports a token count above 2^24 as a malformed row (it used to crash the replay allocating the prompt)', () => {
    const p = file('big.csv', 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,1000000000000,1\n2023-11-16 18:17:04.9799600,100,1\n');
    const r = openTrace({ format: 'azure', path: p }, false);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ file: p, line: 2, message: 'azure trace row: `ContextTokens` 1000000000000 is more than 16777216 tokens' });
    const skipped = openTrace({ format: 'azure', path: p }, true);
    expect(skipped.ok && skipped.replay.stats).toMatchObject({ rows: 1, skippedBadRows: 1 });
  });

  it('reports malformed Mooncake rows: bad JSON, a missing key, hash ids that do not cover the input, a count written as a string', () => {
    const p = file('m.jsonl', [
      '{"timestamp": 0, "input_length": 600, "output_length": 5, "hash_ids": [1, 2]}',
      '{"timestamp": 1000, "input_length": 600',
      '{"timestamp": 1000, "input_length": 600, "hash_ids": [1, 2]}',
      '{"timestamp": 2000, "input_length": 600, "output_length": 5, "hash_ids": [1]}',
      '{"timestamp": 3000, "input_length": 100, "output_length": -5, "hash_ids": [1]}',
      '{"timestamp": 4000, "input_length": "100", "output_length": 5, "hash_ids": [1]}',
    ].join('\n'));
    const r = openTrace({ format: 'mooncake', path: p }, false);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((x) => `${x.line}: ${x.message}`)).toEqual([
        '2: mooncake trace row: not a JSON object',
        '3: mooncake trace row: missing `output_length`',
        '4: mooncake trace row: hash_ids has 1 ids; input_length 600 needs ceil(600/512) = 2',
        '5: mooncake trace row: `output_length` is negative (-5)',
        '6: mooncake trace row: `input_length` "100" is a JSON string, not a number',
        'undefined: 5 malformed rows; fix them or pass --skip-bad-rows to replay without them',
      ]);
    }
    const skipped = openTrace({ format: 'mooncake', path: p }, true);
    expect(skipped.ok && skipped.replay.stats).toMatchObject({ rows: 1, skippedBadRows: 5 });
  });
});
