import { describe, expect, it } from 'vitest';
import { loadEndpointPickerConfig } from '../../../src/policies/config/load.js';
import { formatConfigProblem } from '../../../src/policies/config/problems.js';
import { createScheduler } from '../../../src/policies/cycle.js';
import { disaggregates } from '../../../src/policies/disaggregation.js';
import { createPluginHandle } from '../../../src/policies/handle.js';
import { createDefaultRegistry } from '../../../src/policies/registry.js';
import type { SchedulingResult } from '../../../src/policies/types.js';
import { endpoint, request, tokens } from '../helpers.js';

const registry = createDefaultRegistry();
const HEAD = 'apiVersion: llm-d.ai/v1alpha1\nkind: EndpointPickerConfig\nplugins:\n';
const PROFILES =
  'schedulingProfiles:\n- name: prefill\n  plugins: [{pluginRef: prefill-filter}, {pluginRef: max-score-picker}]\n' +
  '- name: decode\n  plugins: [{pluginRef: decode-filter}, {pluginRef: max-score-picker}]\n';
/** An old-style P/D config: the handler before its decider (looked up at use), the default decider name. */
const legacy = (extra = '', handlerParams = '') =>
  HEAD + extra + '- type: prefill-filter\n- type: decode-filter\n- type: max-score-picker\n' +
  `- type: pd-profile-handler\n${handlerParams}` + '- type: prefix-based-pd-decider\n  parameters: {nonCachedTokens: 16}\n' + PROFILES;

function load(text: string) {
  return loadEndpointPickerConfig(text, 't.yaml', registry);
}
function scheduler(text: string) {
  const r = load(text);
  if (!r.ok) throw new Error(r.problems.map(formatConfigProblem).join('\n'));
  return { config: r.config, s: createScheduler(r.config, registry, createPluginHandle(1)) };
}
const pods = () => [endpoint('pf', { role: 'prefill' }), endpoint('dc', { role: 'decode' })];
function ok(r: SchedulingResult | { error: string }): SchedulingResult {
  if ('error' in r) throw new Error(r.error);
  return r;
}
const picks = (r: SchedulingResult) => Object.fromEntries([...r.profileResults].map(([k, v]) => [k, v?.targetEndpoints.map((e) => e.name)]));

describe('pd-profile-handler (deprecated, still registered upstream)', () => {
  it('runs decode, then prefill when its decider (default name prefix-based-pd-decider) approves; decode is primary', () => {
    const { s } = scheduler(legacy('- type: prefill-header-handler\n'));
    const req = request(tokens(100));
    const r = ok(s.schedule(req, pods()));
    expect(picks(r)).toEqual({ decode: ['dc'], prefill: ['pf'] });
    expect(r.primaryProfileName).toBe('decode');
    expect(req.headers['x-prefiller-host-port']).toBe('pf');
  });

  it('writes no header itself: without a headers handler the prefill pick never reaches the decode pod', () => {
    const { s, config } = scheduler(legacy());
    const req = request(tokens(100));
    expect(picks(ok(s.schedule(req, pods())))).toEqual({ decode: ['dc'], prefill: ['pf'] });
    expect(req.headers['x-prefiller-host-port']).toBeUndefined();
    expect(disaggregates(config)).toBe(false);
    expect(disaggregates(scheduler(legacy('- type: disagg-headers-handler\n')).config)).toBe(true);
  });

  it('skips prefill when the decider declines (10 uncached tokens < 16), and fails without a decode worker', () => {
    const { s } = scheduler(legacy('- type: prefill-header-handler\n'));
    const req = request(tokens(10));
    expect(picks(ok(s.schedule(req, pods())))).toEqual({ decode: ['dc'] });
    expect(req.headers['x-prefiller-host-port']).toBeUndefined();
    expect(s.schedule(request(tokens(100)), [endpoint('pf', { role: 'prefill' })])).toEqual({ error: 'profile "decode": no endpoints available for the given request' });
  });

  it('takes upstream parameter names and profiles by name', () => {
    const text = legacy('- type: prefill-header-handler\n  parameters: {prefillProfile: p}\n', '  parameters: {decodeProfile: d, prefillProfile: p, primaryPort: 8000}\n')
      .replace('- name: prefill\n', '- name: p\n').replace('- name: decode\n', '- name: d\n');
    const req = request(tokens(100));
    expect(picks(ok(scheduler(text).s.schedule(req, pods())))).toEqual({ d: ['dc'], p: ['pf'] });
    expect(req.headers['x-prefiller-host-port']).toBe('pf');
  });

  it('refuses a missing decider, the historic threshold parameter and a bad port, each at its parameter', () => {
    const noDecider = load(HEAD + '- type: decode-filter\n- type: prefill-filter\n- type: max-score-picker\n- type: pd-profile-handler\n' + PROFILES);
    expect(noDecider.ok).toBe(false);
    if (!noDecider.ok) expect(noDecider.problems.map((p) => `${p.path}: ${p.message}`).join('\n')).toMatch(/deciderPluginName.*prefix-based-pd-decider/);
    const old = load(legacy('', '  parameters: {threshold: 100, hashBlockSize: 5}\n'));
    expect(old.ok).toBe(false);
    if (!old.ok) expect(old.problems.map((p) => p.message)).toEqual([
      'unknown parameter "threshold" for plugin type pd-profile-handler',
      'unknown parameter "hashBlockSize" for plugin type pd-profile-handler',
    ]);
    const port = load(legacy('', '  parameters: {primaryPort: 70000}\n'));
    expect(port.ok).toBe(false);
  });
});
