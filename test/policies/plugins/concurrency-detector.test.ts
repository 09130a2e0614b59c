import { describe, expect, it } from 'vitest';
import { loadEndpointPickerConfig } from '../../../src/policies/config/load.js';
import { IN_FLIGHT_LOAD, dataKey, type InFlightLoad } from '../../../src/policies/data.js';
import { concurrencyDetector, type ConcurrencyDetector } from '../../../src/policies/plugins/concurrency-detector.js';
import { createDefaultRegistry } from '../../../src/policies/registry.js';
import type { Endpoint } from '../../../src/policies/types.js';
import { endpoint, make, request, testHandle } from '../helpers.js';

/** A handle whose inflight-load-producer reports these loads. */
function withLoads(loads: Record<string, InFlightLoad>) {
  const h = testHandle();
  const producer = { type: 'inflight-load-producer', name: 'inflight-load-producer', load: (n: string) => loads[n] ?? { requests: 0, tokens: 0 } };
  return { ...h, plugin: (name: string) => (name === 'inflight-load-producer' ? producer : undefined) };
}
const names = (es: readonly Endpoint[]) => es.map((e) => e.name);
const pods = () => [endpoint('a'), endpoint('b')];

describe('concurrency-detector', () => {
  const loads = { a: { requests: 100, tokens: 400_000 }, b: { requests: 20, tokens: 1_200_000 } };
  it('requests mode: Σ in flight ÷ (maxConcurrency × endpoints); drops an endpoint at its limit', () => {
    const d = make<ConcurrencyDetector>(concurrencyDetector, {}, withLoads(loads));
    expect(d.saturation(pods())).toBeCloseTo(120 / 200, 12);
    expect(names(d.filter(new Map(), request(), pods()))).toEqual(['b']); // a: 100 is not < 100
    expect(d.saturation([])).toBe(1);
  });
  it('headroom raises the filter limit, not the saturation denominator', () => {
    const d = make<ConcurrencyDetector>(concurrencyDetector, { headroom: 0.2 }, withLoads(loads));
    expect(names(d.filter(new Map(), request(), pods()))).toEqual(['a', 'b']); // 100 < 120
    expect(d.saturation(pods())).toBeCloseTo(0.6, 12);
  });
  it('tokens mode and hybrid mode', () => {
    const tokens = make<ConcurrencyDetector>(concurrencyDetector, { concurrencyMode: 'tokens' }, withLoads(loads));
    expect(tokens.saturation(pods())).toBeCloseTo(1_600_000 / 2_000_000, 12);
    expect(names(tokens.filter(new Map(), request(), pods()))).toEqual(['a']);
    const hybrid = make<ConcurrencyDetector>(concurrencyDetector, { concurrencyMode: 'hybrid' }, withLoads(loads));
    // a: max(1.0, 0.4) = 1; b: max(0.2, 1.2) = 1.2 → mean 1.1; each is at a limit on one dimension
    expect(hybrid.saturation(pods())).toBeCloseTo(1.1, 12);
    expect(names(hybrid.filter(new Map(), request(), pods()))).toEqual([]);
  });
  it('without a reachable producer it reads the InFlightLoad attribute of the last cycle', () => {
    const d = make<ConcurrencyDetector>(concurrencyDetector, { maxConcurrency: 4 });
    const es = pods();
    es[0].attributes.set(dataKey(IN_FLIGHT_LOAD, 'inflight-load-producer'), { requests: 4, tokens: 0 });
    expect(names(d.filter(new Map(), request(), es))).toEqual(['b']);
  });
  it('refuses what upstream refuses', () => {
    expect(() => make(concurrencyDetector, { maxConcurrency: 0 })).toThrow();
    expect(() => make(concurrencyDetector, { headroom: -0.1 })).toThrow();
    expect(() => make(concurrencyDetector, { concurrencyMode: 'bytes' })).toThrow();
  });
});

describe('flowControl section of the config', () => {
  const registry = createDefaultRegistry();
  const head = 'apiVersion: llm-d.ai/v1alpha1\nkind: EndpointPickerConfig\nfeatureGates: [flowControl]\nplugins:\n- type: concurrency-detector\n- type: queue-scorer\n- type: max-score-picker\n';
  const messages = (text: string) => {
    const r = loadEndpointPickerConfig(text, 'c.yaml', registry);
    return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
  };
  it('flowControl.saturationDetector names the detector and wins over the deprecated top-level field', () => {
    const r = loadEndpointPickerConfig(head + 'saturationDetector: {pluginRef: nope}\nflowControl:\n  saturationDetector: {pluginRef: concurrency-detector}\n', 'c.yaml', registry);
    expect(r.ok && r.config.saturationDetector).toEqual({ pluginRef: 'concurrency-detector' });
  });
  it('a detector that is not there, or not a detector, or a misspelt key, is an error', () => {
    expect(messages(head + 'flowControl:\n  saturationDetector: {pluginRef: conc}\n')).toEqual([
      'flowControl.saturationDetector.pluginRef: no plugin named "conc" (plugins: concurrency-detector, queue-scorer, max-score-picker, single-profile-handler, inflight-load-producer)',
    ]);
    expect(messages(head + 'saturationDetector: {pluginRef: queue-scorer}\n')).toEqual([
      'saturationDetector.pluginRef: "queue-scorer" is a queue-scorer, not a saturation detector (utilization-detector, concurrency-detector)',
    ]);
    expect(messages(head + 'flowControl:\n  saturationDetecter: {pluginRef: concurrency-detector}\n').join('\n')).toMatch(/saturationDetecter/);
  });
  it('usageLimitPolicyPluginRef must name a static-usage-limit-policy; its threshold is in (0, 1]', () => {
    expect(messages(head + 'flowControl:\n  usageLimitPolicyPluginRef: queue-scorer\n')).toEqual([
      'flowControl.usageLimitPolicyPluginRef: "queue-scorer" is a queue-scorer, not a usage limit policy (static-usage-limit-policy)',
    ]);
    expect(messages(head + '- type: static-usage-limit-policy\n  parameters: {threshold: 1.5}\n').join('\n')).toMatch(/threshold/);
    expect(messages(head + '- type: edf-ordering-policy\n')).toEqual([
      'plugins.3.type: plugin type "edf-ordering-policy" is llm-d\'s, but fleetsim does not simulate it: a flow-control queue policy other than the defaults; fleetsim simulates one queue released first come first served',
    ]);
  });
});
