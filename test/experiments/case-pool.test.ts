import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCaseFile, predictCase, type ValidationCase } from '../../src/experiments/validate.js';
import { CasePool, runCaseTask, withCasePool } from '../../src/experiments/validation/case-pool.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/validation/cases/${name}`, import.meta.url));
const FILES = [fixture('tiny-8b-decode.yaml'), fixture('tiny-8b-prefill.yaml')];

function loaded(file: string): ValidationCase {
  const r = loadCaseFile(file);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.case;
}

describe('CasePool', () => {
  const cases = FILES.map(loaded);
  const factors = { 'vllm/nvidia': { compute: 0.9, memory: 1.1 } };
  const tasks = [...FILES, ...FILES].map((file, i) => ({ file, ...(i >= 2 && { factors }) }));

  it('predicts on two worker threads exactly what this thread predicts, in task order', async () => {
    const here = tasks.map((t) => predictCase(loaded(t.file), { factors: t.factors }).values);
    const pool = new CasePool(2, cases);
    try {
      expect(await pool.run(tasks)).toEqual(here);
      expect(pool.workersStarted).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('a worker loads a case from its file, as the pool does in this thread', () => {
    expect(runCaseTask(tasks[2])).toEqual(predictCase(cases[0], { factors }).values);
  });

  it('never starts more workers than there are cases', async () => {
    expect(await withCasePool(8, cases.slice(0, 1), async (pool) => pool.size)).toBe(1);
    expect(await withCasePool(8, cases, async (pool) => pool.size)).toBe(2);
    expect(await withCasePool(1, cases, async (pool) => pool.size)).toBe(1);
  });
});
