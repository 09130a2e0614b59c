import { describe, expect, it } from 'vitest';
import { loadEndpointPickerConfig } from '../../../src/policies/config/load.js';
import { createScheduler } from '../../../src/policies/cycle.js';
import { createPluginHandle } from '../../../src/policies/handle.js';
import { createDefaultRegistry } from '../../../src/policies/registry.js';
import { endpoint, request, tokens } from '../helpers.js';

const registry = createDefaultRegistry();
const HEAD = 'apiVersion: llm-d.ai/v1alpha1\nkind: EndpointPickerConfig\nplugins:\n- type: queue-scorer\n- type: max-score-picker\n';
const ONE = 'schedulingProfiles:\n- name: default\n  plugins: [{pluginRef: queue-scorer}, {pluginRef: max-score-picker}]\n';

describe('data-parallel-profile-handler (deprecated for single-profile-handler)', () => {
  it('schedules as single-profile-handler does: the one profile, primary', () => {
    const r = loadEndpointPickerConfig(HEAD + '- type: data-parallel-profile-handler\n  parameters: {primaryPort: 8200}\n' + ONE, 'c.yaml', registry);
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
    const s = createScheduler(r.config, registry, createPluginHandle(1));
    const out = s.schedule(request(tokens(10)), [endpoint('a', { waitingQueueSize: 5 }), endpoint('b')]);
    expect('error' in out ? out.error : [out.primaryProfileName, out.profileResults.get('default')?.targetEndpoints[0].name]).toEqual(['default', 'b']);
  });
  it('needs exactly one profile, and a port in 1..65535', () => {
    const two = loadEndpointPickerConfig(HEAD + '- type: data-parallel-profile-handler\n' + ONE + '- name: other\n  plugins: [{pluginRef: max-score-picker}]\n', 'c.yaml', registry);
    expect(two.ok ? [] : two.problems.map((p) => p.message)).toEqual(['data-parallel-profile-handler needs exactly one profile, found 2']);
    const port = loadEndpointPickerConfig(HEAD + '- type: data-parallel-profile-handler\n  parameters: {primaryPort: 0}\n' + ONE, 'c.yaml', registry);
    expect(port.ok).toBe(false);
  });
});
