import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadEndpointPickerConfig, loadEndpointPickerConfigFile } from '../../../src/policies/config/load.js';
import { formatConfigProblem, type ConfigProblem } from '../../../src/policies/config/problems.js';
import type { EndpointPickerConfig } from '../../../src/policies/config/schema.js';
import { createDefaultRegistry } from '../../../src/policies/registry.js';

const registry = createDefaultRegistry();
const HEAD = 'apiVersion: llm-d.ai/v1alpha1\nkind: EndpointPickerConfig\n';

function ok(text: string): EndpointPickerConfig {
  const r = loadEndpointPickerConfig(text, 'x.yaml', registry);
  if (!r.ok) throw new Error(r.problems.map(formatConfigProblem).join('\n'));
  return r.config;
}
function problems(text: string): ConfigProblem[] {
  const r = loadEndpointPickerConfig(text, 'x.yaml', registry);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
}
const pluginNames = (c: EndpointPickerConfig) => c.plugins.map((p) => p.name);

describe('configs/ load verbatim', () => {
  it.each(['default', 'gaie-default', 'optimized-baseline', 'round-robin', 'random', 'pd', 'precise-prefix'])('configs/%s.yaml', (name) => {
    const r = loadEndpointPickerConfigFile(`configs/${name}.yaml`, registry);
    if (!r.ok) throw new Error(r.problems.map(formatConfigProblem).join('\n'));
    expect(r.config.schedulingProfiles.length).toBeGreaterThan(0);
  });
  it('default.yaml is §2.1: decode-filter, picker, prefix scorer weight 2, approx producer injected', () => {
    const r = loadEndpointPickerConfigFile('configs/default.yaml', registry);
    if (!r.ok) throw new Error();
    expect(r.config.schedulingProfiles[0]).toEqual({
      name: 'default',
      plugins: [
        { pluginRef: 'decode-filter', weight: 1 },
        { pluginRef: 'max-score-picker', weight: 1 },
        { pluginRef: 'prefix-cache-scorer', weight: 2 },
      ],
    });
    expect(r.config.plugins.find((p) => p.name === 'approx-prefix-cache-producer')).toMatchObject({ injected: true });
  });
  it('gaie-default.yaml weights queue 2, kv 2, prefix 3 under the deprecated apiVersion', () => {
    const r = loadEndpointPickerConfigFile('configs/gaie-default.yaml', registry);
    if (!r.ok) throw new Error();
    expect(r.config.apiVersion).toBe('inference.networking.x-k8s.io/v1alpha1');
    expect(r.config.schedulingProfiles[0].plugins.map((p) => p.weight)).toEqual([2, 2, 3, 1]);
  });
  it('pd.yaml is §2.2 verbatim: two profiles under disagg-profile-handler', () => {
    const r = loadEndpointPickerConfigFile('configs/pd.yaml', registry);
    if (!r.ok) throw new Error(r.problems.map(formatConfigProblem).join('\n'));
    expect(r.config.schedulingProfiles.map((p) => p.name)).toEqual(['prefill', 'decode']);
    expect(r.config.injected).toEqual([]);
  });
  it('a handler naming a decider that does not exist is a problem at the parameter', () => {
    const text = readFileSync('configs/pd.yaml', 'utf8').replace('prefill: prefix-based-pd-decider', 'prefill: no-such-decider');
    const ps = problems(text);
    expect(ps).toEqual([
      { file: 'x.yaml', line: 17, col: 16, path: 'plugins.6.parameters.deciders.prefill', message: 'no plugin named "no-such-decider"' },
    ]);
  });
});

describe('default injection (§1.4)', () => {
  it('no profiles: one default profile with every filter, scorer and picker, weight 1', () => {
    const c = ok(`${HEAD}plugins:\n- type: queue-scorer\n- type: decode-filter\n- type: inflight-load-producer\n- type: random-picker\n`);
    expect(c.schedulingProfiles).toEqual([
      {
        name: 'default',
        plugins: [
          { pluginRef: 'queue-scorer', weight: 1 },
          { pluginRef: 'decode-filter', weight: 1 },
          { pluginRef: 'random-picker', weight: 1 },
        ],
      },
    ]);
    expect(pluginNames(c)).toContain('single-profile-handler');
  });
  it('a profile without a picker gets max-score-picker', () => {
    const c = ok(`${HEAD}plugins:\n- type: queue-scorer\nschedulingProfiles:\n- name: p\n  plugins:\n  - pluginRef: queue-scorer\n`);
    expect(c.schedulingProfiles[0].plugins.map((p) => p.pluginRef)).toEqual(['queue-scorer', 'max-score-picker']);
    expect(c.plugins.find((p) => p.type === 'max-score-picker')).toMatchObject({ injected: true, parameters: { maxNumOfEndpoints: 1 } });
  });
  it('consumers get their default producers: token-load → inflight, affinity filter → approx', () => {
    const c = ok(`${HEAD}plugins:\n- type: token-load-scorer\n- type: prefix-cache-affinity-filter\n`);
    expect(pluginNames(c)).toEqual([
      'token-load-scorer',
      'prefix-cache-affinity-filter',
      'max-score-picker',
      'single-profile-handler',
      'inflight-load-producer',
      'approx-prefix-cache-producer',
    ]);
  });
  it('a configured producer is not duplicated', () => {
    const c = ok(`${HEAD}plugins:\n- type: approx-prefix-cache-producer\n  parameters:\n    blockSizeTokens: 128\n- type: prefix-cache-scorer\n`);
    expect(c.plugins.filter((p) => p.type === 'approx-prefix-cache-producer')).toHaveLength(1);
    expect(c.injected.some((s) => s.includes('approx'))).toBe(false);
  });
  it('parameters are parsed with defaults filled in', () => {
    const c = ok(`${HEAD}plugins:\n- type: load-aware-scorer\n  name: la\n  parameters:\n    threshold: 10\n`);
    expect(c.plugins[0]).toEqual({ type: 'load-aware-scorer', name: 'la', parameters: { threshold: 10 }, injected: false });
  });
});

describe('problems, all at once, with positions', () => {
  it('a typo in a plugin type points at its line and suggests the name', () => {
    const ps = problems(`${HEAD}plugins:\n- type: queue-scorer\n- type: prefx-cache-scorer\n`);
    expect(ps).toEqual([
      { file: 'x.yaml', line: 5, col: 9, path: 'plugins.1.type', message: 'unknown plugin type "prefx-cache-scorer" (did you mean prefix-cache-scorer?)' },
    ]);
  });
  it('an unknown parameter names it and points at the key', () => {
    const [p] = problems(`${HEAD}plugins:\n- type: load-aware-scorer\n  parameters:\n    treshold: 3\n`);
    expect(p).toMatchObject({ line: 6, col: 5, path: 'plugins.0.parameters.treshold' });
    expect(p.message).toMatch(/unknown parameter "treshold"/);
  });
  it('a bad parameter value names the parameter', () => {
    const [p] = problems(`${HEAD}plugins:\n- type: max-score-picker\n  parameters:\n    maxNumOfEndpoints: 0\n`);
    expect(p).toMatchObject({ line: 6, col: 24, path: 'plugins.0.parameters.maxNumOfEndpoints' });
    expect(p.message).toBe('parameter "maxNumOfEndpoints" of max-score-picker: must be > 0, got 0');
  });
  it('a bad pluginRef lists the plugins that exist', () => {
    const [p] = problems(`${HEAD}plugins:\n- type: queue-scorer\nschedulingProfiles:\n- name: d\n  plugins:\n  - pluginRef: queue-scorr\n`);
    expect(p).toMatchObject({ line: 8, col: 16, path: 'schedulingProfiles.0.plugins.0.pluginRef' });
    expect(p.message).toBe('no plugin named "queue-scorr" (plugins: queue-scorer)');
  });
  it('reports several problems together', () => {
    const ps = problems(`${HEAD}bogus: 1\nplugins:\n- type: nope\n- type: queue-scorer\n  parameters: {x: 1}\n`);
    // the document shape fails first (unknown top-level key); fix it and the rest appear together
    expect(ps.map((p) => p.path)).toEqual(['bogus']);
    const ps2 = problems(`${HEAD}plugins:\n- type: nope\n- type: queue-scorer\n  parameters: {x: 1}\n`);
    expect(ps2.map((p) => p.path)).toEqual(['plugins.0.type', 'plugins.1.parameters.x']);
  });
  it('an unknown top-level key is a problem at the key', () => {
    expect(problems(`${HEAD}plugin:\n- type: queue-scorer\n`)[0]).toMatchObject({ line: 3, col: 1, path: 'plugin', message: 'unknown key "plugin" (did you mean "plugins"?)' });
  });
  it('a wrong apiVersion or kind is a problem', () => {
    expect(problems('apiVersion: v1\nkind: EndpointPickerConfig\n')[0]).toMatchObject({ line: 1, col: 13, path: 'apiVersion' });
    expect(problems('apiVersion: llm-d.ai/v1alpha1\nkind: Config\n')[0]).toMatchObject({ line: 2, path: 'kind' });
  });
  it('YAML syntax errors carry their position', () => {
    const [p] = problems(`${HEAD}plugins:\n- type: [queue-scorer\n`);
    expect(p.file).toBe('x.yaml');
    expect(p.line).toBeGreaterThanOrEqual(4);
    expect(p.message).toMatch(/^YAML syntax/);
  });
  it('duplicate plugin names, a producer in a profile, two pickers', () => {
    const ps = problems(
      `${HEAD}plugins:\n- type: queue-scorer\n- type: queue-scorer\n- type: inflight-load-producer\n- type: random-picker\n- type: max-score-picker\n` +
        `schedulingProfiles:\n- name: d\n  plugins:\n  - pluginRef: inflight-load-producer\n  - pluginRef: random-picker\n  - pluginRef: max-score-picker\n`,
    );
    expect(ps.map((p) => p.message)).toEqual([
      'duplicate plugin name "queue-scorer" (set distinct `name`s to use a type twice)',
      '"inflight-load-producer" (inflight-load-producer) is not a filter, scorer or picker and cannot be in a profile',
      'profile "d" has more than one picker',
    ]);
  });
  it('two profiles without a handler is a problem', () => {
    const ps = problems(`${HEAD}plugins:\n- type: queue-scorer\nschedulingProfiles:\n- name: a\n  plugins: []\n- name: b\n  plugins: []\n`);
    expect(ps[0].message).toMatch(/2 profiles need a profile handler/);
  });
  it('a default producer with bad parameters is reported once, not injected again and again', () => {
    // The affinity filter consumes approx-prefix-cache-producer's data; the configured one is invalid.
    // This used to loop for ever (the invalid entry was "injected" on every pass of the fixpoint).
    const ps = problems(`${HEAD}plugins:\n- type: approx-prefix-cache-producer\n  parameters:\n    maxPrefixTokensToMathc: 40960\n- type: prefix-cache-affinity-filter\n`);
    expect(ps.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'plugins.0.parameters.maxPrefixTokensToMathc: unknown parameter "maxPrefixTokensToMathc" for plugin type approx-prefix-cache-producer (did you mean "maxPrefixTokensToMatch"?)',
    ]);
  });
  it('says missing and wrong-typed fields in YAML words, not Zod\'s', () => {
    const ps = problems(`${HEAD}plugins:\n- name: q\nschedulingProfiles:\n- name: d\n  plugins: {pluginRef: q}\n`);
    expect(ps.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'plugins.0.type: missing required field (expected string)',
      'schedulingProfiles.0.plugins: expected list, got map',
    ]);
    const [p] = problems(`${HEAD}plugins:\n- type: load-aware-scorer\n  parameters:\n    threshold: high\n`);
    expect(p.message).toBe('parameter "threshold" of load-aware-scorer: expected number, got string');
  });
  it('a disagg-profile-handler whose decode profile does not exist is a problem, not a crash per request', () => {
    const doc = `${HEAD}plugins:\n- type: disagg-profile-handler\n- type: queue-scorer\nschedulingProfiles:\n- name: prefill\n  plugins:\n  - pluginRef: queue-scorer\n- name: decoder\n  plugins:\n  - pluginRef: queue-scorer\n`;
    const [p] = problems(doc);
    expect(p).toMatchObject({ path: 'plugins.0', line: 4 });
    expect(p.message).toBe('no scheduling profile named "decode" (profiles: prefill, decoder)');
    const renamed = doc.replace('- type: disagg-profile-handler\n', '- type: disagg-profile-handler\n  parameters: {profiles: {decode: decoder}}\n');
    expect(ok(renamed).schedulingProfiles.map((x) => x.name)).toEqual(['prefill', 'decoder']);
    const [typo] = problems(doc.replace('- type: disagg-profile-handler\n', '- type: disagg-profile-handler\n  parameters: {profiles: {decode: decodr}}\n'));
    expect(typo).toMatchObject({ path: 'plugins.0.parameters.profiles.decode', line: 5 });
  });
  it('a consumer naming a producer that is not configured is a problem', () => {
    const [p] = problems(`${HEAD}plugins:\n- type: prefix-cache-scorer\n  parameters:\n    prefixMatchInfoProducerName: precise\n`);
    expect(p).toMatchObject({ path: 'plugins.0', line: 4 });
    expect(p.message).toMatch(/"precise"/);
  });
  it('checks the key names of the sections it keeps without acting on them (dataLayer, requestHandler, flowControl)', () => {
    const r = loadEndpointPickerConfig(
      `${HEAD}dataLayer:\n  source:\n  - pluginRef: metrics-data-source\nrequestHandler:\n  parser: []\nflowControl:\n  maxRequest: 10\nplugins:\n- type: random-picker\n`,
      'c.yaml',
      createDefaultRegistry(),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toEqual(['flowControl.maxRequest', 'dataLayer.source', 'requestHandler.parser']);
  });

  it('suggests the accepted key nearest a misspelt one, at any depth', () => {
    const r = loadEndpointPickerConfig(
      `${HEAD}plugins:\n- type: random-picker\n  parameter: {}\nschedulingProfile: []\nflowControl:\n  priorityBands:\n  - {priority: 1, maxRequest: 3}\n  zzz: 1\n`,
      'c.yaml',
      createDefaultRegistry(),
    );
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([
      'unknown key "parameter" (did you mean "parameters"?)',
      'unknown key "maxRequest" (did you mean "maxRequests"?)',
      'unknown key "zzz"',
      'unknown key "schedulingProfile" (did you mean "schedulingProfiles"?)',
    ]);
  });

  it('stores featureGates, flowControl, saturationDetector and dataLayer', () => {
    const c = ok(
      `${HEAD}featureGates: [flowControl]\nflowControl:\n  maxRequests: 10\nsaturationDetector:\n  pluginRef: utilization-detector\n` +
        `dataLayer:\n  injectDefaults: false\nplugins:\n- type: random-picker\n`,
    );
    expect(c.featureGates).toEqual(['flowControl']);
    expect(c.flowControl).toEqual({ maxRequests: 10 });
    expect(c.saturationDetector).toEqual({ pluginRef: 'utilization-detector' });
    expect(c.dataLayer).toEqual({ injectDefaults: false });
  });
});
