/**
 * How a plugin type is declared: its llm-d type name, the extension points it implements, its
 * strictly parsed parameters (a zod schema; unknown parameter = error) and a factory taking
 * (name, parameters, handle). Data keys are declared up front so the config loader can inject
 * default producers without building anything.
 */
import { z } from 'zod';
import type { ExtensionPoint, Plugin, PluginHandle } from './types.js';
import { issueMessage } from './config/problems.js';
import { knownKeysAt, nearestKey } from './config/schema-keys.js';

export interface PluginDefinition<P = unknown> {
  readonly type: string;
  readonly points: readonly ExtensionPoint[];
  readonly params: z.ZodType<P>;
  /** Qualified data keys this instance needs a producer for (triggers default injection). */
  consumes?(params: P, name: string): readonly string[];
  /** Qualified data keys this instance produces. */
  produces?(params: P, name: string): readonly string[];
  /**
   * Names of other plugins this one refers to in its parameters (a handler's deciders), with the
   * parameter path and the extension point the target must implement; checked by the loader.
   */
  refs?(params: P): { path: (string | number)[]; name: string; point: ExtensionPoint }[];
  /**
   * Scheduling profiles this plugin cannot work without (a handler's decode profile), with the
   * parameter path that names each; the loader checks that they exist.
   */
  profileRefs?(params: P): { path: (string | number)[]; name: string }[];
  create(name: string, params: P, handle: PluginHandle): Plugin;
}

/** Keeps the parameter type checked inside the definition while the registry holds `unknown`. */
export function definePlugin<P>(def: PluginDefinition<P>): PluginDefinition<unknown> {
  return def as unknown as PluginDefinition<unknown>;
}

export interface ParamProblem {
  /** Path inside `parameters`, e.g. `['threshold']`. */
  readonly path: (string | number)[];
  readonly message: string;
}

/** Parses raw parameters (absent/null = `{}`); every problem names its parameter. */
export function parseParams(
  def: PluginDefinition<unknown>,
  raw: unknown,
): { ok: true; value: unknown } | { ok: false; problems: ParamProblem[] } {
  const r = def.params.safeParse(raw ?? {}, { reportInput: true });
  if (r.success) return { ok: true, value: r.data };
  const problems: ParamProblem[] = [];
  for (const issue of r.error.issues) {
    const path = issue.path.map((k) => (typeof k === 'number' ? k : String(k)));
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ path: [...path, key], message: `unknown parameter "${key}" for plugin type ${def.type}${nearestKey(key, knownKeysAt(def.params, path))}` });
      }
    } else {
      const where = path.length > 0 ? `parameter "${path.join('.')}"` : 'parameters';
      problems.push({ path, message: `${where} of ${def.type}: ${issueMessage(issue)}` });
    }
  }
  return { ok: false, problems };
}

/** Shared parameter: every picker takes `maxNumOfEndpoints` (default 1, > 0). */
export const maxNumOfEndpoints = z.number().int().positive().default(1);
