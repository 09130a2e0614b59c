import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '../../src/policies/plugin.js';
import { PluginRegistry, createDefaultRegistry } from '../../src/policies/registry.js';
import { loadEndpointPickerConfig } from '../../src/policies/config/load.js';
import { UNSIMULATED_TYPES } from '../../src/policies/config/unsimulated-types.js';

describe('plugin registry', () => {
  it('lists the built-ins under their llm-d type names', () => {
    expect(createDefaultRegistry().types()).toEqual(
      expect.arrayContaining([
        'max-score-picker', 'random-picker', 'weighted-random-picker', 'round-robin-picker',
        'queue-scorer', 'kv-cache-utilization-scorer', 'load-aware-scorer', 'active-request-scorer',
        'token-load-scorer', 'prefix-cache-scorer', 'decode-filter', 'prefill-filter',
        'prefix-cache-affinity-filter', 'approx-prefix-cache-producer', 'inflight-load-producer',
        'single-profile-handler', 'pd-profile-handler', 'disagg-headers-handler', 'prefill-header-handler',
        'session-affinity-filter', 'by-label', 'encode-filter',
      ]),
    );
  });
  it('names the default producer of each data key', () => {
    const r = createDefaultRegistry();
    expect(r.defaultProducer('PrefixCacheMatchInfo')).toBe('approx-prefix-cache-producer');
    expect(r.defaultProducer('InFlightLoad')).toBe('inflight-load-producer');
  });
  it('is an object: registries do not share plugins', () => {
    const def = definePlugin({ type: 'x', points: ['filter'], params: z.strictObject({}), create: (name) => ({ type: 'x', name }) });
    const a = new PluginRegistry().register(def);
    expect(a.get('x')).toBe(def);
    expect(createDefaultRegistry().get('x')).toBeUndefined();
    expect(() => a.register(def)).toThrow(/already registered/);
  });
  it('knows which real llm-d types it does not simulate, none of them registered, and says so instead of "unknown"', () => {
    const r = createDefaultRegistry();
    for (const t of Object.keys(UNSIMULATED_TYPES)) expect(r.get(t)).toBeUndefined();
    const text = 'apiVersion: llm-d.ai/v1alpha1\nkind: EndpointPickerConfig\nplugins:\n- type: multicluster-queue-scorer\n- type: queue-scorr\n';
    const loaded = loadEndpointPickerConfig(text, 'c.yaml', r);
    expect(loaded.ok ? [] : loaded.problems.map((p) => p.message)).toEqual([
      'plugin type "multicluster-queue-scorer" is llm-d\'s, but fleetsim does not simulate it: scores clusters behind a multicluster gateway; fleetsim simulates one cluster',
      'unknown plugin type "queue-scorr" (did you mean queue-scorer?)',
    ]);
  });
});

describe('unknown parameters', () => {
  it('suggest the nearest parameter, through nested and transformed parameter schemas', () => {
    const text = 'apiVersion: llm-d.ai/v1alpha1\nkind: EndpointPickerConfig\nplugins:\n- type: random-picker\n  parameters: {maxNumOfEndpoint: 2}\n' +
      '- type: disagg-profile-handler\n  parameters: {deciders: {prefil: x}, colour: red}\n';
    const r = loadEndpointPickerConfig(text, 'c.yaml', createDefaultRegistry());
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([
      'unknown parameter "maxNumOfEndpoint" for plugin type random-picker (did you mean "maxNumOfEndpoints"?)',
      'unknown parameter "prefil" for plugin type disagg-profile-handler (did you mean "prefill"?)',
      'unknown parameter "colour" for plugin type disagg-profile-handler',
    ]);
  });
});
