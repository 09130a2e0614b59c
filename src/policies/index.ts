/**
 * Public API of the routing-policy layer (pure: no simulator imports).
 *
 *   const registry = createDefaultRegistry();
 *   const loaded = loadEndpointPickerConfigFile('configs/default.yaml', registry);
 *   if (!loaded.ok) report(loaded.problems.map(formatConfigProblem));
 *   const scheduler = createScheduler(loaded.config, registry, createPluginHandle(seed, () => sim.now));
 *   const r = scheduler.schedule(request, endpoints);     // per request
 *   if ('error' in r) drop(request); else forward(request, primaryTarget(r));
 *   scheduler.onResponseStart(request, pod);              // first token
 *   scheduler.onResponseComplete(request, pod);           // finished
 */
export * from './types.js';
export * from './data.js';
export { definePlugin, parseParams, type PluginDefinition, type ParamProblem } from './plugin.js';
export { PluginRegistry, createDefaultRegistry } from './registry.js';
export { createScheduler, NO_ENDPOINTS, type Scheduler } from './cycle.js';
export { createPluginHandle } from './handle.js';
export { loadEndpointPickerConfig, loadEndpointPickerConfigFile, type LoadResult } from './config/load.js';
export { formatConfigProblem, type ConfigProblem } from './config/problems.js';
export type { EndpointPickerConfig, PluginSpec, ProfileSpec } from './config/schema.js';
export { disaggregates } from './disaggregation.js';
