/**
 * Zod issues → Problems (paths only; positions are added in load.ts). Messages use YAML words
 * (map, list) and show what was found: `expected number, got string`.
 */
import type { z } from 'zod';
import type { ProblemParams } from './checks.js';
import type { PathKey, Problem } from './problems.js';
import { typeName, typeWord } from '../wording/yaml-words.js';
import { didYouMean, show } from './wording.js';

type Issue = z.core.$ZodIssue & { input?: unknown };

/** Issues must come from a parse with `reportInput: true`, so the offending value can be shown. */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], base: PathKey[] = []): Problem[] {
  return issues.flatMap((iss) => toProblems(iss as Issue, [...base, ...iss.path.map(toKey)]));
}

function toKey(k: PropertyKey): PathKey {
  return typeof k === 'number' ? k : String(k);
}

function toProblems(iss: Issue, path: PathKey[]): Problem[] {
  switch (iss.code) {
    case 'invalid_type': {
      const expected = typeWord(iss.expected);
      if (iss.input === undefined) return [{ code: 'missing', path, expected, message: `missing required field (expected ${expected})` }];
      const got = typeof iss.input === 'number' ? show(iss.input) : typeName(iss.input);
      return [{ code: 'invalid_type', path, expected, message: `expected ${expected}, got ${got}` }];
    }
    case 'too_small':
    case 'too_big':
      return [range(iss, path)];
    case 'invalid_value': {
      const values = iss.values.map((v) => String(v));
      const expected = values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
      const hint = typeof iss.input === 'string' ? didYouMean(iss.input, values) : '';
      return [{ code: 'invalid_value', path, expected, message: `expected ${expected}, got ${show(iss.input)}${hint}` }];
    }
    case 'invalid_union':
      return [union(iss, path)];
    case 'unrecognized_keys':
      return iss.keys.map((key) => ({ code: 'unknown_key' as const, path: [...path, key], message: `unknown key \`${key}\`` }));
    case 'custom':
      return [custom(iss, path)];
    default:
      return [{ code: 'invalid_value', path, message: iss.message }];
  }
}

function range(iss: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, path: PathKey[]): Problem {
  const small = iss.code === 'too_small';
  const bound = Number(small ? iss.minimum : iss.maximum);
  const got = (iss as Issue).input;
  if (iss.origin === 'array' || iss.origin === 'string') {
    const what = iss.origin === 'array' ? 'item' : 'character';
    const expected = `${small ? 'at least' : 'at most'} ${bound} ${what}${bound === 1 ? '' : 's'}`;
    const message = small && bound === 1 ? 'must not be empty' : `must have ${expected}`;
    return { code: 'out_of_range', path, expected, message };
  }
  const op = small ? (iss.inclusive ? '≥' : '>') : iss.inclusive ? '≤' : '<';
  return { code: 'out_of_range', path, expected: `${op} ${bound}`, message: `must be ${op} ${bound}, got ${show(got)}` };
}

/** A discriminated union names its tag; other unions (sweep scalars) list the branch types. */
function union(iss: z.core.$ZodIssueInvalidUnion & { discriminator?: string; options?: unknown[] }, path: PathKey[]): Problem {
  const input = (iss as Issue).input;
  if (iss.discriminator !== undefined) {
    const options = (iss.options ?? []).map(String);
    const expected = `one of ${options.join(', ')}`;
    const tag = path[path.length - 1] === iss.discriminator ? path : [...path, iss.discriminator];
    const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[iss.discriminator] : undefined;
    if (value === undefined) return { code: 'missing', path: tag, expected, message: `missing required field (expected ${expected})` };
    const hint = typeof value === 'string' ? didYouMean(value, options) : '';
    return { code: 'invalid_value', path: tag, expected, message: `expected ${expected}, got ${show(value)}${hint}` };
  }
  const types = iss.errors.flatMap((branch) => branch.filter((e) => e.code === 'invalid_type' && e.path.length === 0).map((e) => typeWord((e as z.core.$ZodIssueInvalidType).expected)));
  const expected = types.length > 0 ? types.join(' or ') : 'a different value';
  if (input === undefined) return { code: 'missing', path, expected, message: `missing required field (expected ${expected})` };
  return { code: 'invalid_type', path, expected, message: `expected ${expected}, got ${typeName(input)}` };
}

function custom(iss: z.core.$ZodIssueCustom, path: PathKey[]): Problem {
  const params = iss.params as ProblemParams | undefined;
  if (params?.code === 'unknown_key') {
    const key = String(path[path.length - 1]);
    const known = params.known ?? [];
    return { code: 'unknown_key', path, expected: `one of ${known.join(', ')}`, message: `unknown key \`${key}\`${didYouMean(key, known)}` };
  }
  return { code: params?.code ?? 'invalid_value', path, expected: params?.expected, message: iss.message };
}
