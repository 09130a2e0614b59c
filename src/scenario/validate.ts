/**
 * Raw data (as parsed from YAML, overrides applied) → a resolved scenario or every problem found.
 * Pure: no files, no positions. A sweep can call it once per point on `applySet(raw, path, value)`.
 */
import { isRecord } from './checks.js';
import { problemsFromIssues } from './issues.js';
import { formatPath, type Problem } from './problems.js';
import { resolveScenario, type ResolvedScenario } from './resolve.js';
import { checkRunSize } from './run-size.js';
import { ScenarioSchema, type Scenario, type SweepSpec } from './schema.js';
import type { ModelArchitecture } from '../models/llm/types.js';
import { applySet, getPath, parsePath } from './set.js';
import { typeName } from '../wording/yaml-words.js';
import { show } from './wording.js';

export type ValidationResult = { ok: true; scenario: ResolvedScenario } | { ok: false; problems: Problem[] };

/**
 * `hfModel`: the architecture parsed from the file a `model: { hfConfig }` names (the loader reads
 * it); required when the scenario uses one.
 */
export function validateScenario(raw: unknown, hfModel?: ModelArchitecture): ValidationResult {
  const parsed = ScenarioSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { ok: false, problems: problemsFromIssues(parsed.error.issues) };
  const problems = [...checkHfModel(parsed.data, hfModel), ...checkRunSize(parsed.data), ...checkSweep(raw, parsed.data.sweep, hfModel)];
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, scenario: resolveScenario(parsed.data, hfModel) };
}

/** The catalogue models' limits are checked by the schema; an hfConfig model's here. */
function checkHfModel(s: Scenario, hfModel: ModelArchitecture | undefined): Problem[] {
  if (typeof s.model === 'string') return [];
  if (!hfModel) return [{ code: 'missing', path: ['model', 'hfConfig'], message: 'the model config file was not loaded' }];
  const max = hfModel.maxPositionEmbeddings;
  const problems: Problem[] = [];
  s.cluster.pools.forEach((pool, i) => {
    const len = pool.engine.maxModelLen;
    if (len !== undefined && len > max) {
      problems.push({ code: 'out_of_range', path: ['cluster', 'pools', i, 'engine', 'maxModelLen'], expected: `≤ ${max}`, message: `maxModelLen (${len}) exceeds ${hfModel.id}'s max_position_embeddings (${max})` });
    }
  });
  return problems;
}

/**
 * Each sweep path must name a scalar of the scenario (or an optional one left unset), and each
 * value must give a valid scenario when set there; a problem points at the offending value.
 */
function checkSweep(raw: unknown, sweep: SweepSpec | undefined, hfModel?: ModelArchitecture): Problem[] {
  if (!sweep || !isRecord(raw)) return [];
  const { sweep: _, ...base } = raw;
  const problems: Problem[] = [];
  for (const [dotted, values] of Object.entries(sweep)) {
    const at = ['sweep', dotted];
    const path = parsePath(dotted);
    if (!path || path[0] === 'sweep') {
      problems.push({ code: 'invalid_value', path: at, expected: 'a dotted path such as workload.arrival.rate', message: `\`${dotted}\` is not a path into the scenario` });
      continue;
    }
    const current = getPath(base, path);
    if (typeof current === 'object' && current !== null) {
      problems.push({ code: 'invalid_type', path: at, expected: 'a path to a scalar', message: `\`${dotted}\` is a ${typeName(current)}; a sweep varies one scalar` });
      continue;
    }
    values.forEach((value, i) => {
      const set = applySet(base, path, value);
      const found = set.ok ? validateScenario(set.value, hfModel) : { ok: false as const, problems: [set.problem] };
      if (found.ok) return;
      for (const p of found.problems) {
        problems.push({ ...p, path: [...at, i], message: `with ${dotted} = ${show(value)}: ${formatPath(p.path)}: ${p.message}` });
      }
    });
  }
  return problems;
}
