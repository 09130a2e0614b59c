import { describe, expect, it } from 'vitest';
import { isSafeFileName, toSafeFileName } from '../../src/report/file-names.js';

describe('file names', () => {
  it('accepts plain names and rejects paths, hidden files, trailing dots, spaces and overlong names', () => {
    expect(['ttft-vs-rate', 'results.csv', 'a', 'A_1.json', 'index'].every(isSafeFileName)).toBe(true);
    expect(['', '../x', 'a/b', 'a\\b', '.hidden', 'x.', 'two words', 'é', 'a'.repeat(101)].some(isSafeFileName)).toBe(false);
    expect(isSafeFileName('a'.repeat(100))).toBe(true);
  });

  it('makes a safe name from any text', () => {
    expect(toSafeFileName('qwen3-32b prefix/aware (B)')).toBe('qwen3-32b-prefix-aware-B');
    expect(toSafeFileName('../../etc/passwd')).toBe('etc-passwd');
    expect(toSafeFileName('Müller.')).toBe('Muller');
    expect(toSafeFileName('///', 'fallback')).toBe('fallback');
    expect(toSafeFileName('x'.repeat(300))).toHaveLength(100);
  });
});
