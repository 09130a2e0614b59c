import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../src/cli/commands/validate.js';
import { InputError, type CliIO } from '../../src/cli/io.js';
import type { ValidationResult } from '../../src/experiments/validate.js';

// The `fleetsim validate` command over the fixture cases (kept here with the validation tests
// until the command is wired into src/cli/main.ts).
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/validation/${name}`, import.meta.url));

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', isTTY: false, out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

describe('validateCommand', () => {
  it('prints the table, writes the HTML report and, with --json, the rows and statistics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-validate-'));
    const io = capture();
    const json = join(dir, 'out', 'validation.json');
    const code = await validateCommand({ dirs: [fixture('cases')], json, out: join(dir, 'report') }, io);
    expect(code).toBe(0);
    const lines = io.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^case\s+metric\s+published\s+predicted\s+error\s+role\s+out of sample$/);
    expect(lines.at(-2)).toMatch(/^median abs error \d+\.\d %, worst \d+\.\d % over 3 cases$/);
    expect(lines.at(-1)).toBe(`wrote ${join(dir, 'report', 'index.html')}, ${json}`);
    const html = readFileSync(join(dir, 'report', 'index.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('tiny-8b-prefill');
    const result = JSON.parse(readFileSync(json, 'utf8')) as ValidationResult;
    expect(result.rows).toHaveLength(3);
    expect(result.stats.all.count).toBe(3);
    expect(io.stderr).toBe('');
  });

  it('turns bad case files into input errors at file:line:col, before simulating', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-validate-'));
    const bad = fixture('bad-case.yaml');
    const err = await validateCommand({ dirs: [bad], out: dir }, capture()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).lines).toHaveLength(3);
    expect((err as InputError).lines[0]).toBe(`${bad}:5:1: expected: unknown key \`expected\`; did you mean \`expect\`?`);
    expect(existsSync(join(dir, 'index.html'))).toBe(false);
  });

  it('reports a case directory that does not exist', async () => {
    const err = await validateCommand({ dirs: ['no/such/cases'] }, capture()).catch((e: unknown) => e);
    expect((err as InputError).lines).toEqual(['no/such/cases: no such file or directory']);
  });
});
