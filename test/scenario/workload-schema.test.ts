import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate.js';
import { brief, problemsOf, rawScenario } from './builders.js';

function parsed(change: (raw: Record<string, any>) => void) {
  const raw = rawScenario();
  change(raw);
  const r = validateScenario(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.scenario;
}

// The workload part of the schema added for load stages, new arrival processes and lengths.
describe('workload schema: arrivals and lengths', () => {
  it('reads stages as objects, as "rate:duration" strings, or as one comma-separated string, all alike', () => {
    const want = [{ rate: 3, duration: 20 }, { rate: 10, duration: 20.5 }];
    for (const stages of [want, ['3:20', '10:20.5'], '3:20, 10:20.5', [{ rate: 3, duration: 20 }, '10 : 20.5']]) {
      const s = parsed((r) => (r.workload.arrival = { process: 'stages', stages }));
      expect(s.workload.arrival).toEqual({ process: 'stages', type: 'poisson', stages: want, interval: 0 });
    }
  });

  it('lets load stages run without a stop: they end by themselves', () => {
    const s = parsed((r) => {
      delete r.stop;
      r.workload.arrival = { process: 'stages', type: 'constant', stages: '1:10' };
    });
    expect(s.stop).toEqual({ warmup: 0, drain: true });
  });

  it('still needs a stop for an endless process', () => {
    expect(brief(problemsOf((r) => delete r.stop))).toEqual([
      { code: 'missing', path: ['stop', 'requests'], message: 'set stop.requests or stop.duration (or both); only load stages and traces end by themselves' },
    ]);
  });

  it.each<[string, unknown, string, (string | number)[]]>([
    ['a malformed stage string', ['3:20', 'ten:20'], 'expected rate:duration with rate ≥ 0 req/s and duration > 0 s (e.g. 10:30), got `ten:20`', ['workload', 'arrival', 'stages', 1]],
    ['a stage with zero duration', [{ rate: 3, duration: 0 }], 'must be > 0, got 0', ['workload', 'arrival', 'stages', 0, 'duration']],
    ['stages that are all idle', '0:10, 0:5', 'every stage has rate 0: no request would arrive', ['workload', 'arrival', 'stages']],
  ])('reports %s', (_, stages, message, path) => {
    const problems = problemsOf((r) => (r.workload.arrival = { process: 'stages', stages }));
    expect(problems.map((p) => ({ path: p.path, message: p.message }))).toContainEqual({ path, message });
  });

  it('reports a diurnal arrival with both a table and a sinusoid, and one with neither', () => {
    expect(brief(problemsOf((r) => (r.workload.arrival = { process: 'diurnal', rate: 3, table: [1, 2] })))).toEqual([
      { code: 'conflict', path: ['workload', 'arrival', 'table'], message: 'set table, or rate with amplitude and phase, not both' },
    ]);
    expect(brief(problemsOf((r) => (r.workload.arrival = { process: 'diurnal' })))).toEqual([
      { code: 'missing', path: ['workload', 'arrival', 'rate'], message: 'a diurnal arrival needs rate (with amplitude) or table' },
    ]);
  });

  it('accepts weibull arrivals, zipf and inline empirical lengths', () => {
    const s = parsed((r) => {
      r.workload.arrival = { process: 'weibull', rate: 2, shape: 0.7 };
      r.workload.prompt = { dist: 'zipf', s: 1.1, max: 8000 };
      r.workload.output = { dist: 'empirical', values: [10, 20, 30] };
    });
    expect(s.workload.prompt).toEqual({ dist: 'zipf', s: 1.1, min: 1, max: 8000 });
  });

  it('reports an empirical length with neither values nor path, and a zipf span too wide to tabulate', () => {
    expect(brief(problemsOf((r) => (r.workload.output = { dist: 'empirical' })))).toEqual([
      { code: 'missing', path: ['workload', 'output', 'values'], message: 'an empirical length needs values (a list) or path (a CSV file)' },
    ]);
    expect(brief(problemsOf((r) => (r.workload.output = { dist: 'zipf', s: 1, max: 2_000_000 })))).toEqual([
      { code: 'out_of_range', path: ['workload', 'output', 'max'], message: 'a zipf length may span at most 1000000 values (max − min)' },
    ]);
  });
});

describe('workload schema: token counts', () => {
  // Each prompt is held as an Int32Array, so a length of 10^12 tokens used to crash the run (RangeError).
  it.each<[string, (r: Record<string, any>) => void, (string | number)[]]>([
    ['a fixed prompt', (r) => (r.workload.prompt = { dist: 'fixed', value: 1e12 }), ['workload', 'prompt', 'value']],
    ['a normal mean', (r) => (r.workload.output = { dist: 'normal', mean: 1e12, stddev: 1 }), ['workload', 'output', 'mean']],
    ['a shared-prefix system prompt', (r) => ((r.workload.prefix = { groups: 1, promptsPerGroup: 1, systemTokens: 1e12, questionTokens: 1, outputTokens: 1 }), delete r.workload.prompt, delete r.workload.output), ['workload', 'prefix', 'systemTokens']],
  ])('reports %s above 2^24 tokens', (_, change, path) => {
    expect(brief(problemsOf(change))).toEqual([{ code: 'out_of_range', path, message: 'must be ≤ 16777216, got 1000000000000' }]);
  });

  it('accepts a length of exactly 2^24 tokens', () => {
    expect(parsed((r) => (r.workload.prompt = { dist: 'fixed', value: 2 ** 24 })).workload.prompt).toEqual({ dist: 'fixed', value: 2 ** 24 });
  });
});

describe('workload schema: classes and traces', () => {
  it('accepts classes that inherit the workload shape and fills priority 0', () => {
    const s = parsed((r) => (r.workload.classes = [{ name: 'a', share: 2 }, { name: 'b', share: 1, output: { dist: 'fixed', value: 5 }, slo: { ttftP95: 1 }, adapter: 'x' }]));
    expect(s.workload.classes?.map((c) => [c.name, c.priority])).toEqual([['a', 0], ['b', 0]]);
  });

  it('reports a class with no prompt anywhere, and a repeated class name', () => {
    const problems = problemsOf((r) => {
      delete r.workload.prompt;
      r.workload.classes = [{ name: 'a', share: 1 }, { name: 'a', share: 1, prompt: { dist: 'fixed', value: 3 } }];
    });
    expect(brief(problems)).toEqual([
      { code: 'conflict', path: ['workload', 'classes', 1, 'name'], message: 'class name `a` is already used by workload.classes.0' },
      { code: 'missing', path: ['workload', 'classes', 0, 'prompt'], message: 'set the class prompt (or prefix), or workload.prompt' },
    ]);
  });

  it('accepts a trace with no arrival and no stop, and reports a trace set together with lengths or both speed and rate', () => {
    const s = parsed((r) => {
      delete r.stop;
      r.workload = { trace: { format: 'azure', path: 'x.csv', window: { start: 10, end: 100 } } };
    });
    expect(s.workload.trace).toEqual({ format: 'azure', path: 'x.csv', window: { start: 10, end: 100 } });
    const problems = problemsOf((r) => (r.workload = { trace: { format: 'mooncake', path: 'x', speed: 2, rate: 3 }, prompt: { dist: 'fixed', value: 3 } }));
    expect(brief(problems)).toContainEqual({ code: 'conflict', path: ['workload', 'prompt'], message: "set prompt or trace, not both: a trace gives each request's arrival time and token counts" });
    expect(brief(problems)).toContainEqual({ code: 'conflict', path: ['workload', 'trace', 'rate'], message: 'set speed or rate, not both: rate rescales time to a mean rate' });
  });
});

describe('workload schema: sessions', () => {
  it('accepts sessions with a turn count or a turn distribution, systemTokens defaulting to 0', () => {
    const s = parsed((r) => (r.workload.sessions = { turns: 3, thinkTime: 4 }));
    expect(s.workload.sessions).toEqual({ turns: 3, thinkTime: 4, systemTokens: 0 });
    const d = parsed((r) => (r.workload.sessions = { turns: { dist: 'uniform', min: 2, max: 6 }, thinkTime: 0 }));
    expect(d.workload.sessions?.turns).toEqual({ dist: 'uniform', min: 2, max: 6 });
  });

  it('reports a missing turn count as missing, not as `got undefined`', () => {
    expect(brief(problemsOf((r) => (r.workload.sessions = { thinkTime: 1 })))).toEqual([
      { code: 'missing', path: ['workload', 'sessions', 'turns'], message: 'missing required field (expected number or map)' },
    ]);
  });

  it('reports sessions combined with a shared prefix', () => {
    expect(brief(problemsOf((r) => {
      delete r.workload.prompt;
      r.workload.prefix = { groups: 1, promptsPerGroup: 1, systemTokens: 5, questionTokens: 5 };
      r.workload.sessions = { turns: 2, thinkTime: 1 };
    }))).toContainEqual({ code: 'conflict', path: ['workload', 'prefix'], message: 'set prefix or sessions, not both: a session prompt is the conversation so far' });
  });
});

describe('workload schema: trace classes', () => {
  it('reports classBy on a Mooncake trace, which has no column to class by', () => {
    expect(brief(problemsOf((r) => (r.workload = { trace: { format: 'mooncake', path: 'x.jsonl', classBy: 'Model' } })))).toEqual([
      { code: 'conflict', path: ['workload', 'trace', 'classBy'], message: 'classBy names a CSV column; Mooncake rows have none to class by' },
    ]);
  });
});
