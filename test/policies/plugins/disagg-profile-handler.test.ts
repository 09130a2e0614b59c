import { describe, expect, it } from 'vitest';
import { loadEndpointPickerConfig, loadEndpointPickerConfigFile } from '../../../src/policies/config/load.js';
import { formatConfigProblem } from '../../../src/policies/config/problems.js';
import { createScheduler } from '../../../src/policies/cycle.js';
import { createPluginHandle } from '../../../src/policies/handle.js';
import { PREFIX_CACHE_MATCH_INFO, dataKey } from '../../../src/policies/data.js';
import { prefixBasedPdDecider } from '../../../src/policies/plugins/prefix-based-pd-decider.js';
import { createDefaultRegistry } from '../../../src/policies/registry.js';
import type { PdDecider, SchedulingResult } from '../../../src/policies/types.js';
import { endpoint, make, request, tokens } from '../helpers.js';

const registry = createDefaultRegistry();
function pdScheduler(text?: string) {
  const r = text === undefined ? loadEndpointPickerConfigFile('configs/pd.yaml', registry) : loadEndpointPickerConfig(text, 't.yaml', registry);
  if (!r.ok) throw new Error(r.problems.map(formatConfigProblem).join('\n'));
  return createScheduler(r.config, registry, createPluginHandle(1));
}
const pods = () => [endpoint('pf', { role: 'prefill' }), endpoint('dc', { role: 'decode' })];
function ok(r: SchedulingResult | { error: string }): SchedulingResult {
  if ('error' in r) throw new Error(r.error);
  return r;
}
const picks = (r: SchedulingResult) =>
  Object.fromEntries([...r.profileResults].map(([k, v]) => [k, v?.targetEndpoints.map((e) => e.name)]));

describe('disagg-profile-handler with prefix-based-pd-decider (configs/pd.yaml)', () => {
  it('runs decode, then prefill when ≥ 16 prompt tokens are uncached; decode is primary', () => {
    const s = pdScheduler();
    const req = request(tokens(100));
    const r = ok(s.schedule(req, pods()));
    expect(picks(r)).toEqual({ decode: ['dc'], prefill: ['pf'] });
    expect(r.primaryProfileName).toBe('decode');
    expect(req.headers['x-prefiller-host-port']).toBe('pf');
    expect((req.attributes.get('peer-endpoint') as { name: string }).name).toBe('dc');
  });
  it('skips prefill for a short prompt', () => {
    const req = request(tokens(10));
    const r = ok(pdScheduler().schedule(req, pods()));
    expect(picks(r)).toEqual({ decode: ['dc'] });
    expect(req.headers['x-prefiller-host-port']).toBeUndefined();
  });
  it('skips prefill when the decode pod already caches all but < 16 tokens', () => {
    const s = pdScheduler();
    ok(s.schedule(request(tokens(128)), pods())); // the approx index now credits dc with 2 blocks of 64
    const r = ok(s.schedule(request(tokens(140)), pods())); // 140 − 128 = 12 uncached
    expect(picks(r)).toEqual({ decode: ['dc'] });
  });
  it('fails without a decode worker', () => {
    expect(pdScheduler().schedule(request(tokens(100)), [endpoint('pf', { role: 'prefill' })])).toEqual({
      error: 'profile "decode": no endpoints available for the given request',
    });
  });
  it('keeps decode when prefill finds nobody', () => {
    const r = ok(pdScheduler().schedule(request(tokens(100)), [endpoint('dc', { role: 'decode' })]));
    expect(picks(r)).toEqual({ decode: ['dc'] });
  });
  it('prefill-first runs prefill, then decode', () => {
    const text = `apiVersion: llm-d.ai/v1alpha1\nkind: EndpointPickerConfig\nplugins:\n- type: prefill-filter\n- type: decode-filter\n` +
      `- type: always-disagg-pd-decider\n- type: disagg-profile-handler\n  parameters:\n    stageOrder: prefill-first\n    deciders: {prefill: always-disagg-pd-decider}\n` +
      `schedulingProfiles:\n- name: prefill\n  plugins: [{pluginRef: prefill-filter}]\n- name: decode\n  plugins: [{pluginRef: decode-filter}]\n`;
    const r = ok(pdScheduler(text).schedule(request(tokens(4)), pods()));
    expect([...r.profileResults.keys()]).toEqual(['decode', 'prefill']);
    expect(picks(r)).toEqual({ decode: ['dc'], prefill: ['pf'] });
  });
  it('accepts the legacy flat parameter names', () => {
    const text = `apiVersion: llm-d.ai/v1alpha1\nkind: EndpointPickerConfig\nplugins:\n- type: decode-filter\n- type: prefill-filter\n` +
      `- type: always-disagg-pd-decider\n- type: disagg-profile-handler\n  parameters:\n    decodeProfile: d\n    prefillProfile: p\n    deciderPluginName: always-disagg-pd-decider\n` +
      `schedulingProfiles:\n- name: p\n  plugins: [{pluginRef: prefill-filter}]\n- name: d\n  plugins: [{pluginRef: decode-filter}]\n`;
    const r = ok(pdScheduler(text).schedule(request(tokens(4)), pods()));
    expect(picks(r)).toEqual({ d: ['dc'], p: ['pf'] });
  });
});

describe('prefix-based-pd-decider', () => {
  const key = dataKey(PREFIX_CACHE_MATCH_INFO, 'approx-prefix-cache-producer');
  const decodeWith = (matchBlocks: number, bs = 64) => {
    const e = endpoint('d');
    e.attributes.set(key, { matchBlocks, totalBlocks: 10, blockSizeTokens: bs });
    return e;
  };
  it.each([
    { name: 'default nonCachedTokens 0 never disaggregates', params: {}, n: 1000, match: 0, want: false },
    { name: 'uncached 1000 ≥ 512', params: { nonCachedTokens: 512 }, n: 1000, match: 0, want: true },
    { name: 'uncached 1000 − 8·64 = 488 < 512', params: { nonCachedTokens: 512 }, n: 1000, match: 8, want: false },
    { name: 'prompt shorter than nonCachedTokens', params: { nonCachedTokens: 512 }, n: 500, match: 0, want: false },
    { name: 'promptTokens gate 1024', params: { nonCachedTokens: 512, promptTokens: 1024 }, n: 1000, match: 0, want: false },
  ])('$name', ({ params, n, match, want }) => {
    expect(make<PdDecider>(prefixBasedPdDecider, params).disaggregate(request(tokens(n)), decodeWith(match))).toBe(want);
  });
  it('says no when prefix info is missing', () => {
    expect(make<PdDecider>(prefixBasedPdDecider, { nonCachedTokens: 1 }).disaggregate(request(tokens(10)), endpoint('d'))).toBe(false);
  });
});
