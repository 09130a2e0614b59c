import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineReader, splitCsvLine } from '../../src/workload-io/line-reader.js';

function file(text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), 'fleetsim-lines-')), 'f.txt');
  writeFileSync(p, text);
  return p;
}

function all(path: string): string[] {
  const r = new LineReader(path);
  const out: string[] = [];
  for (let l = r.next(); l !== undefined; l = r.next()) out.push(l);
  return out;
}

describe('LineReader', () => {
  it('reads CRLF lines and a last line without a newline', () => {
    expect(all(file('a,b\r\n1,2\r\n3,4'))).toEqual(['a,b', '1,2', '3,4']);
  });

  it('reads LF lines with a final newline, keeping inner empty lines but no phantom last one', () => {
    expect(all(file('x\n\ny\n'))).toEqual(['x', '', 'y']);
  });

  it('numbers lines from 1 and keeps lines and multi-byte characters whole across 1 MiB chunks', () => {
    const line = 'é'.repeat(1000); // 2000 bytes, so chunk edges fall inside lines and characters
    const text = Array.from({ length: 2000 }, (_, i) => `${i}:${line}`).join('\n');
    const r = new LineReader(file(text));
    for (let i = 0; i < 2000; i++) {
      expect(r.next()).toBe(`${i}:${line}`);
      expect(r.lineNumber).toBe(i + 1);
    }
    expect(r.next()).toBeUndefined();
  });
});

describe('splitCsvLine', () => {
  it('splits plain and quoted fields', () => {
    expect(splitCsvLine('a,,b c')).toEqual(['a', '', 'b c']);
    expect(splitCsvLine('"x,y","he said ""hi""",3')).toEqual(['x,y', 'he said "hi"', '3']);
  });
});
