import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACCELERATORS } from '../../src/models/hardware/catalog.js';
import { MODELS } from '../../src/models/llm/catalog.js';
import { loadScenarioFile, loadScenarioText, locateProblems, type LoadResult } from '../../src/scenario/load.js';
import { formatProblem } from '../../src/scenario/problems.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenarios/${name}`, import.meta.url));
const lines = (r: LoadResult) => (r.ok ? [] : r.problems.map(formatProblem));

describe('loadScenarioFile', () => {
  it('loads a valid full file with every default applied', () => {
    const r = loadScenarioFile(fixture('valid-full.yaml'));
    if (!r.ok) throw new Error(lines(r).join('\n'));
    const s = r.scenario;
    expect([s.name, s.seed, s.model]).toEqual(['qwen3-32b-mixed', 42, 'qwen3-32b']);
    expect(s.stop).toEqual({ requests: 2000, warmup: 10, drain: true });
    expect(s.router).toEqual({ scrapeInterval: 0.1, config: 'round-robin', kvEventDelay: 0.01, schedulingLatency: 0, retryOnFailure: false, maxRetries: 1 });
    const context = MODELS['qwen3-32b'].maxPositionEmbeddings;
    expect(s.cluster.pools[0].engine).toEqual({ maxNumSeqs: 1024, maxNumBatchedTokens: 8192, blockSize: 16, gpuMemoryUtilization: 0.92, enablePrefixCaching: true, maxModelLen: context, reserveToCompletion: false });
    expect(s.cluster.pools[1]).toEqual({
      name: 'v5e', role: 'both', replicas: 1, accelerator: 'tpu-v5e', tensorParallel: 8, precision: 'bf16', kvCacheDtype: 'auto', runtime: 'vllm',
      engine: { maxNumSeqs: 256, maxNumBatchedTokens: 2048, blockSize: 16, gpuMemoryUtilization: 0.92, enablePrefixCaching: true, maxModelLen: context, reserveToCompletion: false },
    });
    expect(s.workload).toEqual({
      arrival: { process: 'gamma', rate: 4, cv: 2 },
      prompt: { dist: 'lognormal', mean: 1000, p99: 8000, max: 16000 },
      output: { dist: 'uniform', min: 50, max: 400 },
    });
    expect(s.slo).toEqual({ ttftP95: 2, tpotP95: 0.1 });
    expect(s.sweep).toEqual({ 'workload.arrival.rate': [1, 2, 4, 8], 'cluster.pools.0.replicas': [2, 4] });
  });

  it('gives one problem per mistake, all at once, each at its line and column', () => {
    const file = fixture('bad-fields.yaml');
    const known = Object.keys(ACCELERATORS).join(', ');
    expect(lines(loadScenarioFile(file))).toEqual([
      `${file}:7:7: cluster.pools.0.replicass: unknown key \`replicass\`; did you mean \`replicas\`?`,
      `${file}:8:20: cluster.pools.0.accelerator: unknown accelerator \`b200\`; known: ${known}`,
      `${file}:10:38: workload.arrival.rate: must be > 0, got -4`,
    ]);
  });

  it('records each problem as data with its code and expectation', () => {
    const r = loadScenarioFile(fixture('bad-fields.yaml'));
    expect(r.ok ? [] : r.problems.map(({ code, path, expected }) => ({ code, path, expected }))).toEqual([
      { code: 'unknown_key', path: ['cluster', 'pools', 0, 'replicass'], expected: 'one of name, role, labels, replicas, accelerator, tensorParallel, precision, kvCacheDtype, runtime, engine, dataParallel, expertParallel, nodes, scaleOutLink, expertImbalance, startup' },
      { code: 'unknown_id', path: ['cluster', 'pools', 0, 'accelerator'], expected: `one of ${Object.keys(ACCELERATORS).join(', ')}` },
      { code: 'out_of_range', path: ['workload', 'arrival', 'rate'], expected: '> 0' },
    ]);
  });

  it('reports every YAML syntax error with its position', () => {
    const file = fixture('syntax-errors.yaml');
    const r = loadScenarioFile(file);
    expect(r.ok ? [] : r.problems.map(({ code, line, col }) => [code, line, col])).toEqual([['syntax', 8, 1], ['syntax', 12, 3], ['syntax', 13, 37]]);
    expect(lines(r)[1]).toBe(`${file}:12:3: Map keys must be unique`);
  });

  it('reports a missing file as a problem', () => {
    expect(lines(loadScenarioFile('no/such/scenario.yaml'))).toEqual(['no/such/scenario.yaml: cannot read scenario file: no such file']);
  });
});

describe('loadScenarioText', () => {
  it('reports a document that is not a map at its start', () => {
    expect(lines(loadScenarioText('- a\n- b\n', 's.yaml'))).toEqual(['s.yaml:1:1: expected map, got list']);
    expect(lines(loadScenarioText('', 'e.yaml'))).toEqual(['e.yaml:1:1: expected map, got null']);
  });

  it('reports a __proto__ key at its line, which the schema alone would skip', () => {
    const text = [
      'name: proto',
      'model: llama-3.1-8b',
      'stop: { requests: 10 }',
      'workload: { arrival: { process: poisson, rate: 1 }, prompt: { dist: fixed, value: 10 }, output: { dist: fixed, value: 10 } }',
      'cluster:',
      '  pools:',
      '    - name: p',
      '      accelerator: h100-sxm',
      '      __proto__: { replicas: 9 }',
      '',
    ].join('\n');
    expect(lines(loadScenarioText(text, 'p.yaml'))).toEqual(['p.yaml:9:7: cluster.pools.0.__proto__: unknown key `__proto__`']);
    expect(lines(loadScenarioText(text.replace('      __proto__: { replicas: 9 }\n', ''), 'p.yaml'))).toEqual([]);
  });

  it('places a V0 scheduler conflict at its field', () => {
    const text = [
      'name: v0',
      'model: llama-3.1-8b',
      'stop: { requests: 10 }',
      'cluster:',
      '  pools:',
      '    - name: p',
      '      accelerator: h100-sxm',
      '      engine: { scheduler: v0, maxModelLen: 4096, maxNumBatchedTokens: 2048 }',
      'workload: { arrival: { process: poisson, rate: 1 }, prompt: { dist: fixed, value: 10 }, output: { dist: fixed, value: 5 } }',
    ].join('\n');
    expect(lines(loadScenarioText(text, 'v0.yaml'))).toEqual([
      'v0.yaml:8:72: cluster.pools.0.engine.maxNumBatchedTokens: with scheduler v0 (no chunked prefill) maxNumBatchedTokens (2048) must be ≥ maxModelLen (4096), as vLLM V0 requires',
    ]);
  });

  it('refuses a disaggregating EPP config on a fleet with no KV transfer link (it crashed at the first remote prefill)', () => {
    const text = (router: string) => [
      'name: pd-on-agg',
      'model: llama-3.1-8b',
      'stop: { requests: 10 }',
      'cluster: { pools: [{ name: p, replicas: 2, accelerator: h100-sxm }] }',
      `router: { config: ${router} }`,
      'workload: { arrival: { process: poisson, rate: 1 }, prompt: { dist: fixed, value: 10 }, output: { dist: fixed, value: 5 } }',
    ].join('\n');
    expect(lines(loadScenarioText(text('pd'), 'a.yaml'))).toEqual([
      'a.yaml:5:19: router.config: `pd` sends prefills to other pods than decodes (disagg-profile-handler with a prefill decider): set cluster.kvTransfer (e.g. { link: ib-400g }), the link KV blocks cross',
    ]);
    expect(lines(loadScenarioText(text('pd').replace('h100-sxm }]', 'h100-sxm }], kvTransfer: { link: ib-400g }'), 'b.yaml'))).toEqual([]);
    expect(lines(loadScenarioText(text('default'), 'c.yaml'))).toEqual([]);
  });

  it('points a missing key at its parent map', () => {
    const text = 'name: x\nmodel: llama-3.1-8b\nstop: { requests: 5 }\ncluster:\n  pools:\n    - name: a\nworkload:\n  arrival: { process: burst }\n  prompt: { dist: fixed, value: 5 }\n  output: { dist: fixed, value: 5 }\n';
    expect(lines(loadScenarioText(text, 'm.yaml'))).toEqual(['m.yaml:6:7: cluster.pools.0.accelerator: missing required field (expected string)']);
  });

  it('returns the raw document with overrides applied and no defaults', () => {
    const text = 'name: x\nmodel: llama-3.1-8b\nstop: { requests: 5 }\ncluster: { pools: [{ name: a, accelerator: h100-sxm }] }\nworkload: { arrival: { process: burst }, prompt: { dist: fixed, value: 5 }, output: { dist: fixed, value: 5 } }\n';
    const r = loadScenarioText(text, 't.yaml', ['seed=3']);
    expect(r.ok && r.raw).toEqual({
      name: 'x', model: 'llama-3.1-8b', stop: { requests: 5 }, seed: 3,
      cluster: { pools: [{ name: 'a', accelerator: 'h100-sxm' }] },
      workload: { arrival: { process: 'burst' }, prompt: { dist: 'fixed', value: 5 }, output: { dist: 'fixed', value: 5 } },
    });
  });
});

describe('locateProblems', () => {
  it('places a problem found by a later layer in the file, or on --set', () => {
    const r = loadScenarioFile(fixture('valid-full.yaml'), ['cluster.pools.0.engine.maxModelLen=4096']);
    if (!r.ok) throw new Error(lines(r).join('\n'));
    const later = [
      { code: 'invalid_value' as const, path: ['cluster', 'pools', 1, 'engine'], message: 'KV cache too small' },
      { code: 'invalid_value' as const, path: ['cluster', 'pools', 0, 'engine', 'maxModelLen'], message: 'too long' },
    ];
    expect(locateProblems(r, later).map(formatProblem)).toEqual([
      `${fixture('valid-full.yaml')}:19:7: cluster.pools.1.engine: KV cache too small`,
      '--set: cluster.pools.0.engine.maxModelLen: too long',
    ]);
  });
});

describe('--set overrides', () => {
  const file = fixture('valid-full.yaml');

  it('applies overrides, list indices included, with YAML scalar types', () => {
    const r = loadScenarioFile(file, ['cluster.pools.0.replicas=8', 'cluster.pools.1.engine.enablePrefixCaching=false', 'workload.arrival.rate=16', 'name=renamed', 'slo.ttftP95=1.5']);
    if (!r.ok) throw new Error(lines(r).join('\n'));
    expect(r.scenario.cluster.pools[0].replicas).toBe(8);
    expect(r.scenario.cluster.pools[1].engine.enablePrefixCaching).toBe(false);
    expect(r.scenario.workload.arrival).toEqual({ process: 'gamma', rate: 16, cv: 2 });
    expect(r.scenario.name).toBe('renamed');
    expect(r.scenario.slo).toEqual({ ttftP95: 1.5, tpotP95: 0.1 });
  });

  it('reports a path through a list item that does not exist', () => {
    expect(lines(loadScenarioFile(file, ['cluster.pools.5.replicas=2']))).toEqual([
      '--set: cluster.pools.5: no such item: the list has 2 (in `cluster.pools.5.replicas=2`)',
    ]);
  });

  it('reports a malformed override and a misspelt key it created', () => {
    expect(lines(loadScenarioFile(file, ['replicas', 'rooter.scrapeInterval=1']))).toEqual([
      '--set: `replicas` is not path=value',
      '--set: rooter: unknown key `rooter`; did you mean `router`?',
    ]);
  });

  it('blames an invalid override value on --set, together with the problems of the file', () => {
    const bad = fixture('bad-fields.yaml');
    const problems = lines(loadScenarioFile(bad, ['cluster.pools.0.tensorParallel=3', 'seed=-1']));
    expect(problems.slice(3)).toEqual([
      '--set: seed: must be ≥ 0, got -1',
      '--set: cluster.pools.0.tensorParallel: expected one of 1, 2, 4, 8, got 3',
    ]);
    expect(problems).toHaveLength(5);
  });
});
