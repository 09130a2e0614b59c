import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from '../e2e/helpers.js';

// `--jobs N` of validate and calibrate: the cases run N at a time on worker threads, and nothing
// the commands print or write may depend on N.
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/validation/${name}`, import.meta.url));
const DECODE = fixture('cases/tiny-8b-decode.yaml');
const PREFILL = fixture('cases/tiny-8b-prefill.yaml');

/** Two calibration cases of one stack (the fixture decode case and the prefill case made a calibration one). */
function calibrationCases(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fleetsim-jobs-cases-'));
  copyFileSync(DECODE, join(dir, 'a-decode.yaml'));
  const prefill = readFileSync(PREFILL, 'utf8').replace('name: tiny-8b-prefill\nsource:', 'name: tiny-8b-prefill-cal\nrole: calibration\nsource:');
  expect(prefill).toContain('role: calibration');
  writeFileSync(join(dir, 'b-prefill.yaml'), prefill);
  return dir;
}

describe('--jobs', () => {
  it('validate writes the same JSON, HTML and table with --jobs 1 and --jobs 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-jobs-'));
    const run = (jobs: string) => cli('validate', fixture('cases'), '--jobs', jobs, '--json', join(dir, `${jobs}.json`), '--out', join(dir, jobs));
    const [one, two] = [await run('1'), await run('2')];
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, '2.json'), 'utf8')).toBe(readFileSync(join(dir, '1.json'), 'utf8'));
    expect(readFileSync(join(dir, '2', 'index.html'), 'utf8')).toBe(readFileSync(join(dir, '1', 'index.html'), 'utf8'));
    expect(two.stdout.replaceAll(join(dir, '2'), join(dir, '1'))).toBe(one.stdout);
  });

  it('calibrate fits the same factors, byte for byte, with --jobs 1 and --jobs 2', async () => {
    const cases = calibrationCases();
    const out = mkdtempSync(join(tmpdir(), 'fleetsim-jobs-fit-'));
    const run = (jobs: string) => cli('calibrate', cases, '--jobs', jobs, '--max-iterations', '2', '--out', join(out, `${jobs}.json`));
    const [one, two] = [await run('1'), await run('2')];
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(one.stderr).toContain('calibrating on 2 cases: tiny-8b-decode, tiny-8b-prefill-cal');
    expect(readFileSync(join(out, '2.json'), 'utf8')).toBe(readFileSync(join(out, '1.json'), 'utf8'));
    expect(two.stdout.replace('2.json', '1.json')).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
  });

  it.each(['0', '-1', '1.5', 'two'])('a bad --jobs value (%s) is bad input: exit 2 with a message naming the flag', async (value) => {
    for (const command of ['validate', 'calibrate']) {
      const r = await cli(command, fixture('cases'), '--jobs', value);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--jobs must be a positive integer, got ${value}`);
      expect(r.stdout).toBe('');
    }
  });
});
