import { existsSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { loadEndpointPickerConfigFile } from '../policies/config/load.js';
import type { EndpointPickerConfig } from '../policies/config/schema.js';
import { createDefaultRegistry } from '../policies/registry.js';
import { packageRoot } from './package-root.js';
import type { Problem } from './problems.js';

/** `router.config: round-robin` is a Kubernetes Service: no EPP, no scraping. */
export const ROUND_ROBIN = 'round-robin';

/** The EndpointPickerConfig files fleetsim ships, by name (configs/<name>.yaml). */
export function shippedRouterConfigs(): string[] {
  const dir = join(packageRoot(), 'configs');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort() : [];
}

/**
 * The file `router.config` names: a shipped config's, or a path relative to the scenario file;
 * undefined for round robin (no file).
 */
export function routerConfigPath(ref: string, scenarioFile: string): string | undefined {
  if (ref === ROUND_ROBIN) return undefined;
  if (shippedRouterConfigs().includes(ref)) return join(packageRoot(), 'configs', `${ref}.yaml`);
  return isAbsolute(ref) ? ref : join(dirname(scenarioFile), ref);
}

/**
 * Loads `router.config`: a shipped name, or a path to an EndpointPickerConfig file relative to the
 * scenario file, used verbatim. The config's own problems carry its file, line and column.
 */
export function loadRouterConfig(ref: string, scenarioFile: string): { ok: true; config?: EndpointPickerConfig } | { ok: false; problems: Problem[] } {
  if (ref === ROUND_ROBIN) return { ok: true };
  const shipped = shippedRouterConfigs();
  const path = routerConfigPath(ref, scenarioFile)!;
  if (!existsSync(path)) {
    return {
      ok: false,
      problems: [{ code: 'unknown_id', path: ['router', 'config'], message: `no shipped router config \`${ref}\` and no file ${path}; shipped: ${shipped.join(', ')}` }],
    };
  }
  const r = loadEndpointPickerConfigFile(path, createDefaultRegistry());
  if (r.ok) return { ok: true, config: r.config };
  return {
    ok: false,
    problems: r.problems.map((p) => ({ code: 'invalid_value' as const, path: p.path === '(root)' ? [] : p.path.split('.'), file: p.file, line: p.line, col: p.col, message: p.message })),
  };
}
