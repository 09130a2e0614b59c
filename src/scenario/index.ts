/** The scenario layer: YAML scenario files in, validated and resolved scenarios (or problems) out. */
export { formatProblem, formatPath, sortProblems, type PathKey, type Problem, type ProblemCode } from './problems.js';
export * from './schema.js';
export { resolveScenario, resolveEngine, type ResolvedEngine, type ResolvedPool, type ResolvedScenario } from './resolve.js';
export { validateScenario, type ValidationResult } from './validate.js';
export { applySet, applySets, getPath, parsePath, parseSet, type Override, type SetResult } from './set.js';
export { loadScenarioFile, loadScenarioText, locateProblems, type LoadResult, type ScenarioSource } from './load.js';
export { loadWorkloadFiles } from './workload-files.js';
