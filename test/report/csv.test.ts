import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/report/csv.js';

const readBack = (csv: string): string[][] => parse(csv, { relax_column_count: false });

describe('toCsv', () => {
  it('writes a header of every key in order of first appearance, CRLF line ends and empty fields for missing values', () => {
    const csv = toCsv([{ rate: 1, policy: 'rr' }, { rate: 2, ttft: 0.5, policy: null }, { rate: 4, ok: true, policy: undefined }]);
    expect(csv).toBe('rate,policy,ttft,ok\r\n1,rr,,\r\n2,,0.5,\r\n4,,,true\r\n');
  });

  it('keeps to the columns asked, in their order', () => {
    expect(toCsv([{ a: 1, b: 2, c: 3 }], ['c', 'a', 'z'])).toBe('c,a,z\r\n3,1,\r\n');
    expect(toCsv([], ['a'])).toBe('a\r\n');
    expect(toCsv([])).toBe('');
  });

  it('writes an empty one-column field as "" so that the row is not a blank line', () => {
    const csv = toCsv([{ a: '' }, { a: 'x' }]);
    expect(csv).toBe('a\r\n""\r\nx\r\n');
    expect(readBack(csv)).toEqual([['a'], [''], ['x']]);
  });

  it('quotes fields holding commas, quotes, line breaks or edge spaces, doubling the quotes', () => {
    expect(['a,b', 'say "hi"', 'two\nlines', 'cr\r', ' lead', 'trail ', 'plain text'].map(csvField)).toEqual([
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      '"cr\r"',
      '" lead"',
      '"trail "',
      'plain text',
    ]);
  });

  it('writes numbers that read back as the same double, including -0, NaN and the infinities', () => {
    const values = [0.1 + 0.2, 1e21, 5e-324, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 123456789.123];
    const [, row] = readBack(toCsv([Object.fromEntries(values.map((v, i) => [`c${i}`, v]))]));
    row.forEach((field, i) => expect(Object.is(Number(field), values[i])).toBe(true));
  });

  it('round-trips any table of strings and doubles through csv-parse', () => {
    const cell = fc.oneof(fc.string({ unit: 'grapheme' }), fc.double());
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 8 }), (table) => {
        const rows = table.map(([a, b, c]) => ({ 'col,a': a, 'col "b"': b, 'c\nc': c }));
        const [header, ...body] = readBack(toCsv(rows));
        expect(header).toEqual(['col,a', 'col "b"', 'c\nc']);
        body.forEach((fields, j) =>
          Object.values(rows[j]).forEach((v, i) => {
            if (typeof v === 'number') expect(Object.is(Number(fields[i]), v)).toBe(true);
            else expect(fields[i]).toBe(v);
          }),
        );
      }),
      { numRuns: 200 },
    );
  });
});
