import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '../../src/policies/plugin.js';
import { PluginRegistry, createDefaultRegistry } from '../../src/policies/registry.js';

describe('plugin registry', () => {
  it('lists the built-ins under their llm-d type names', () => {
    expect(createDefaultRegistry().types()).toEqual(
      expect.arrayContaining([
        'max-score-picker', 'random-picker', 'weighted-random-picker', 'round-robin-picker',
        'queue-scorer', 'kv-cache-utilization-scorer', 'load-aware-scorer', 'active-request-scorer',
        'token-load-scorer', 'prefix-cache-scorer', 'decode-filter', 'prefill-filter',
        'prefix-cache-affinity-filter', 'approx-prefix-cache-producer', 'inflight-load-producer',
        'single-profile-handler',
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
});
