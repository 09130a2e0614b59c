/**
 * Validation and default injection over a parsed document (llm-d docs/architecture.md "Default
 * plugins", reference §1.4):
 * - no `schedulingProfiles` → one `default` profile with every filter, scorer and picker, in order;
 * - a profile without a picker gets `max-score-picker` (added as a plugin if none is listed);
 * - one profile and no handler → `single-profile-handler`;
 * - a consumed data key nobody produces → that key's default producer (e.g. prefix-cache-scorer
 *   → approx-prefix-cache-producer), repeated until nothing is missing.
 * Every problem is collected; nothing throws for bad input.
 */
import { baseKey } from '../data.js';
import { parseParams, type PluginDefinition } from '../plugin.js';
import type { PluginRegistry } from '../registry.js';
import type { ExtensionPoint } from '../types.js';
import { MAX_SCORE_PICKER_TYPE } from '../plugins/max-score-picker.js';
import { ONE_PROFILE_HANDLER_TYPES, SINGLE_PROFILE_HANDLER_TYPE } from '../plugins/single-profile-handler.js';
import { editDistance } from '../../wording/yaml-words.js';
import type { RawProblem } from './problems.js';
import type { EndpointPickerConfig, EndpointPickerConfigDocument, PluginSpec, ProfileSpec } from './schema.js';
import { UNSIMULATED_TYPES } from './unsimulated-types.js';
import { UTILIZATION_DETECTOR_TYPE } from '../plugins/utilization-detector.js';
import { STATIC_USAGE_LIMIT_POLICY_TYPE } from '../plugins/flow-control-policies.js';

const SCHEDULING_POINTS: readonly ExtensionPoint[] = ['filter', 'scorer', 'picker'];

interface Entry {
  spec: PluginSpec;
  def: PluginDefinition<unknown> | undefined;
  /** Path of the plugin in the document, for blame; injected ones point at `plugins`. */
  path: (string | number)[];
  /** Known type and parameters parsed. */
  valid: boolean;
}

export function resolveConfig(
  doc: EndpointPickerConfigDocument,
  file: string,
  registry: PluginRegistry,
): { config: EndpointPickerConfig; problems: RawProblem[] } {
  const problems: RawProblem[] = [];
  const injected: string[] = [];
  const entries: Entry[] = [];
  const byName = new Map<string, Entry>();

  (doc.plugins ?? []).forEach((p, i) => {
    const name = p.name ?? p.type;
    const def = registry.get(p.type);
    if (def === undefined) {
      problems.push({ path: ['plugins', i, 'type'], message: unknownTypeMessage(p.type, registry) });
    }
    let parameters: unknown = p.parameters;
    let valid = false;
    if (def !== undefined) {
      const parsed = parseParams(def, p.parameters);
      valid = parsed.ok;
      if (parsed.ok) parameters = parsed.value;
      else {
        const at = p.parameters === undefined ? ['plugins', i] : ['plugins', i, 'parameters'];
        for (const pp of parsed.problems) {
          const unknownKey = pp.message.startsWith('unknown parameter');
          problems.push({ path: [...at, ...pp.path], message: pp.message, atKey: unknownKey });
        }
      }
    }
    const entry: Entry = { spec: { type: p.type, name, parameters, injected: false }, def, path: ['plugins', i], valid };
    if (byName.has(name)) {
      problems.push({
        path: ['plugins', i, p.name !== undefined ? 'name' : 'type'],
        message: `duplicate plugin name "${name}" (set distinct \`name\`s to use a type twice)`,
      });
    } else byName.set(name, entry);
    entries.push(entry);
  });

  const has = (e: Entry | undefined, point: ExtensionPoint) => e?.def?.points.includes(point) ?? false;
  const inject = (type: string, why: string): Entry | undefined => {
    const existing = byName.get(type);
    if (existing !== undefined) return existing.spec.type === type ? existing : undefined;
    const def = registry.get(type);
    if (def === undefined) return undefined;
    const parsed = parseParams(def, undefined);
    const entry: Entry = {
      spec: { type, name: type, parameters: parsed.ok ? parsed.value : {}, injected: true },
      def,
      path: ['plugins'],
      valid: parsed.ok,
    };
    entries.push(entry);
    byName.set(type, entry);
    injected.push(`added plugin ${type} (${why})`);
    return entry;
  };

  // Profiles.
  let profiles: ProfileSpec[];
  if (doc.schedulingProfiles === undefined) {
    profiles = [
      {
        name: 'default',
        plugins: entries
          .filter((e) => SCHEDULING_POINTS.some((pt) => has(e, pt)) && byName.get(e.spec.name) === e)
          .map((e) => ({ pluginRef: e.spec.name, weight: 1 })),
      },
    ];
    injected.push('added profile default with every filter, scorer and picker (no schedulingProfiles)');
  } else {
    profiles = [];
    const seen = new Set<string>();
    doc.schedulingProfiles.forEach((prof, i) => {
      if (seen.has(prof.name)) {
        problems.push({ path: ['schedulingProfiles', i, 'name'], message: `duplicate profile name "${prof.name}"` });
      }
      seen.add(prof.name);
      let numPickers = 0;
      const refs: ProfileSpec['plugins'] = [];
      prof.plugins.forEach((ref, j) => {
        const at = ['schedulingProfiles', i, 'plugins', j, 'pluginRef'];
        const e = byName.get(ref.pluginRef);
        if (e === undefined) {
          const names = [...byName.keys()].join(', ') || 'none';
          problems.push({ path: at, message: `no plugin named "${ref.pluginRef}" (plugins: ${names})` });
          return;
        }
        if (e.def === undefined) return; // its unknown type is already reported
        if (!SCHEDULING_POINTS.some((pt) => has(e, pt))) {
          problems.push({
            path: at,
            message: `"${ref.pluginRef}" (${e.spec.type}) is not a filter, scorer or picker and cannot be in a profile`,
          });
          return;
        }
        if (has(e, 'picker') && ++numPickers > 1) {
          problems.push({ path: at, message: `profile "${prof.name}" has more than one picker` });
          return;
        }
        refs.push({ pluginRef: ref.pluginRef, weight: ref.weight ?? 1 });
      });
      profiles.push({ name: prof.name, plugins: refs });
    });
  }

  // Pickers.
  for (const prof of profiles) {
    if (prof.plugins.some((r) => has(byName.get(r.pluginRef), 'picker'))) continue;
    const picker = inject(MAX_SCORE_PICKER_TYPE, `profile ${prof.name} has no picker`);
    if (picker === undefined) {
      problems.push({
        path: ['plugins'],
        message: `cannot add max-score-picker to profile "${prof.name}": the name is taken by another type`,
      });
      continue;
    }
    prof.plugins.push({ pluginRef: picker.spec.name, weight: 1 });
    if (!picker.spec.injected) injected.push(`added max-score-picker to profile ${prof.name}`);
  }

  // Profile handler.
  const handlers = entries.filter((e) => has(e, 'profile-handler'));
  if (handlers.length > 1) {
    for (const h of handlers.slice(1)) {
      problems.push({ path: [...h.path, 'type'], message: 'only one profile handler may be configured' });
    }
  } else if (handlers.length === 0) {
    if (profiles.length === 1) inject(SINGLE_PROFILE_HANDLER_TYPE, 'one profile and no profile handler');
    else if (entries.every((e) => e.def !== undefined)) {
      // (with an unknown type, that plugin may be the handler: its own problem says enough)
      problems.push({
        path: ['schedulingProfiles'],
        message: `${profiles.length} profiles need a profile handler (e.g. disagg-profile-handler)`,
      });
    }
  } else if (ONE_PROFILE_HANDLER_TYPES.includes(handlers[0].spec.type) && profiles.length !== 1) {
    problems.push({
      path: [...handlers[0].path, 'type'],
      message: `${handlers[0].spec.type} needs exactly one profile, found ${profiles.length}`,
    });
  }

  // References between plugins (a handler's deciders).
  for (const e of entries) {
    if (!e.def?.refs || !e.valid) continue;
    for (const ref of e.def.refs(e.spec.parameters)) {
      const target = byName.get(ref.name);
      if (target === undefined) {
        problems.push({ path: [...e.path, 'parameters', ...ref.path], message: `no plugin named "${ref.name}"` });
      } else if (target.def !== undefined && !target.def.points.includes(ref.point)) {
        problems.push({
          path: [...e.path, 'parameters', ...ref.path],
          message: `"${ref.name}" (${target.spec.type}) is not a ${ref.point}`,
        });
      }
    }
  }

  // Profiles a plugin names (a handler's decode profile).
  for (const e of entries) {
    if (!e.def?.profileRefs || !e.valid) continue;
    for (const ref of e.def.profileRefs(e.spec.parameters)) {
      if (profiles.some((prof) => prof.name === ref.name)) continue;
      const names = profiles.map((prof) => prof.name).join(', ') || 'none';
      // Blame the parameter if the file names the profile there, else the plugin (a default name).
      const written = ref.path.reduce<unknown>((v, k) => (isIndexable(v) ? v[k] : undefined), doc.plugins?.[e.path[1] as number]?.parameters);
      const path = written === undefined ? e.path : [...e.path, 'parameters', ...ref.path];
      problems.push({ path, message: `no scheduling profile named "${ref.name}" (profiles: ${names})` });
    }
  }

  // Default producers, to a fixpoint (an injected producer may consume further keys).
  const produced = new Set<string>();
  const reported = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of entries) {
      if (e.def?.produces && e.valid) {
        for (const k of e.def.produces(e.spec.parameters, e.spec.name)) produced.add(k);
      }
    }
    for (const e of [...entries]) {
      if (!e.def?.consumes || !e.valid) continue;
      for (const key of e.def.consumes(e.spec.parameters, e.spec.name)) {
        if (produced.has(key)) continue;
        const base = baseKey(key);
        const producerName = key.slice(base.length + 1);
        // A configured producer with bad parameters produces nothing; its own problems say why.
        if (byName.get(producerName)?.valid === false) continue;
        const defaultType = registry.defaultProducer(base);
        if (defaultType !== undefined && producerName === defaultType && inject(defaultType, `${e.spec.name} consumes ${base}`)) {
          changed = true;
          break;
        }
        const tag = `${e.spec.name}|${key}`;
        if (!reported.has(tag)) {
          reported.add(tag);
          problems.push({ path: e.path, message: `${e.spec.name} reads ${base} from "${producerName}", but no configured plugin of that name produces it` });
        }
      }
      if (changed) break;
    }
  }

  // flowControl's references: the saturation detector (flowControl.saturationDetector wins over the
  // deprecated top-level field) and the usage limit policy. Each must name a configured plugin of
  // that kind, or the kind's default type (which flow control then creates unconfigured).
  const flowRef = (ref: string | undefined, at: (string | number)[], point: ExtensionPoint, defaultType: string, what: string) => {
    if (!ref) return;
    const e = byName.get(ref);
    if (e === undefined && ref !== defaultType) {
      problems.push({ path: at, message: `no plugin named "${ref}" (plugins: ${[...byName.keys()].join(', ') || 'none'})` });
    } else if (e?.def !== undefined && !e.def.points.includes(point)) {
      const kinds = registry.types().filter((t) => registry.get(t)?.points.includes(point));
      problems.push({ path: at, message: `"${ref}" is a ${e.def.type}, not a ${what} (${kinds.join(', ')})` });
    }
  };
  const saturationDetector = doc.flowControl?.saturationDetector ?? doc.saturationDetector;
  const detectorAt = doc.flowControl?.saturationDetector ? ['flowControl', 'saturationDetector', 'pluginRef'] : ['saturationDetector', 'pluginRef'];
  flowRef(saturationDetector?.pluginRef, detectorAt, 'saturation-detector', UTILIZATION_DETECTOR_TYPE, 'saturation detector');
  flowRef(doc.flowControl?.usageLimitPolicyPluginRef, ['flowControl', 'usageLimitPolicyPluginRef'], 'usage-limit', STATIC_USAGE_LIMIT_POLICY_TYPE, 'usage limit policy');

  return {
    config: {
      file,
      apiVersion: doc.apiVersion,
      featureGates: doc.featureGates ?? [],
      plugins: entries.map((e) => e.spec),
      schedulingProfiles: profiles,
      flowControl: doc.flowControl,
      saturationDetector,
      dataLayer: doc.dataLayer,
      requestHandler: doc.requestHandler,
      parser: doc.parser,
      injected,
    },
    problems,
  };
}

function unknownTypeMessage(type: string, registry: PluginRegistry): string {
  if (Object.hasOwn(UNSIMULATED_TYPES, type)) {
    return `plugin type "${type}" is llm-d's, but fleetsim does not simulate it: ${UNSIMULATED_TYPES[type]}`;
  }
  let best: string | undefined;
  let bestD = Infinity;
  for (const t of registry.types()) {
    const d = editDistance(type, t);
    if (d < bestD) {
      bestD = d;
      best = t;
    }
  }
  const hint = best !== undefined && bestD <= 3 ? ` (did you mean ${best}?)` : '';
  return `unknown plugin type "${type}"${hint}`;
}

/** A map or a list: what a parameter path (keys and indexes) can step into. */
function isIndexable(v: unknown): v is Record<string | number, unknown> {
  return typeof v === 'object' && v !== null;
}
