/** Builders with defaults for scenario tests: a minimal valid raw scenario, changed per test. */
import { validateScenario } from '../../src/scenario/validate.js';
import type { Problem } from '../../src/scenario/problems.js';

export function rawScenario(): Record<string, any> {
  return {
    name: 'test',
    model: 'llama-3.1-8b',
    stop: { requests: 100 },
    cluster: { pools: [{ name: 'main', accelerator: 'h100-sxm' }] },
    workload: {
      arrival: { process: 'poisson', rate: 4 },
      prompt: { dist: 'fixed', value: 1000 },
      output: { dist: 'fixed', value: 200 },
    },
  };
}

/** The raw scenario after `change`, validated; the problems, or [] when it is valid. */
export function problemsOf(change: (raw: Record<string, any>) => void): Problem[] {
  const raw = rawScenario();
  change(raw);
  const result = validateScenario(raw);
  return result.ok ? [] : result.problems;
}

/** Just code, path and message, for exact comparisons. */
export function brief(problems: Problem[]): Array<Pick<Problem, 'code' | 'path' | 'message'>> {
  return problems.map(({ code, path, message }) => ({ code, path, message }));
}
