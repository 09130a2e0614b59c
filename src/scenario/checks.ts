/**
 * Zod building blocks that record problems in our own vocabulary. A check attaches a
 * `ProblemParams` to a Zod `custom` issue; issues.ts reads it back, so every message is decided
 * where the rule is written.
 */
import { z } from 'zod';
import type { PathKey, ProblemCode } from './problems.js';
import { closest, show } from './wording.js';

export interface ProblemParams {
  code: ProblemCode;
  expected?: string;
  /** For `unknown_key`: the keys the object accepts. */
  known?: string[];
}

/**
 * A strict object whose unknown keys each raise their own issue at the key's path, carrying the
 * accepted keys so the message can suggest the nearest one. Zod's `strictObject` reports all
 * unknown keys of an object in one issue without the accepted keys; the parsed type is the same.
 */
export function strictObject<S extends z.ZodRawShape>(shape: S) {
  const known = Object.keys(shape);
  const unknownKey = z.unknown().check((ctx) => {
    const params: ProblemParams = { code: 'unknown_key', known };
    ctx.issues.push({ code: 'custom', input: ctx.value, message: 'unknown key', params });
  });
  return z.object(shape).catchall(unknownKey) as unknown as z.ZodObject<S, z.core.$strict>;
}

/** A string that must be a key of a catalogue; the message lists the known ids. */
export function knownId(what: string, catalogue: () => Record<string, unknown>) {
  return z.string().check((ctx) => {
    const known = Object.keys(catalogue());
    if (known.includes(ctx.value)) return;
    const params: ProblemParams = { code: 'unknown_id', expected: `one of ${known.join(', ')}` };
    const hint = closest(ctx.value, known);
    const message = `unknown ${what} ${show(ctx.value)}${hint ? ` (did you mean \`${hint}\`?)` : ''}; known: ${known.join(', ')}`;
    ctx.issues.push({ code: 'custom', input: ctx.value, message, params });
  });
}

/**
 * `model`: a catalogue id, or `{ hfConfig: path }` naming a Hugging Face config.json (read and
 * checked by the loader, relative to the scenario file).
 */
export function modelRef(catalogue: () => Record<string, unknown>) {
  const id = knownId('model', catalogue);
  const hf = strictObject({ hfConfig: z.string().min(1) });
  return z
    .unknown()
    .check((ctx) => {
      const v = ctx.value;
      if (v === undefined) {
        const expected = 'a model id or { hfConfig: path/to/config.json }';
        const params: ProblemParams = { code: 'missing', expected };
        ctx.issues.push({ code: 'custom', input: v, message: `missing required field (expected ${expected})`, params });
        return;
      }
      const sub = typeof v === 'string' ? id.safeParse(v) : isRecord(v) ? hf.safeParse(v) : undefined;
      if (!sub) {
        const params: ProblemParams = { code: 'invalid_type', expected: 'a model id or { hfConfig: path }' };
        ctx.issues.push({ code: 'custom', input: v, message: `expected a model id or { hfConfig: path/to/config.json }, got ${show(v)}`, params });
        return;
      }
      if (!sub.success) for (const iss of sub.error.issues) ctx.issues.push({ ...iss, input: v } as never);
    })
    .transform((v) => v as string | { hfConfig: string });
}

/** What a rule may read: any field may be absent or, when its own check failed, of any type. */
export type Loose<T> = { [K in keyof T]?: unknown };
export type Report = (code: ProblemCode, path: PathKey[], message: string, expected?: string) => void;

/**
 * A rule across fields of one object. It runs even when some fields failed their own checks, so
 * that every problem is reported at once; hence a rule sees `Loose` values and guards their types.
 */
export function rule<T>(fn: (value: Loose<T>, report: Report) => void) {
  return z.superRefine<T>(
    (value, ctx) => {
      fn(value as Loose<T>, (code, path, message, expected) => {
        const params: ProblemParams = { code, expected };
        ctx.addIssue({ code: 'custom', input: value, path, message, params });
      });
    },
    { when: (payload) => isRecord(payload.value) },
  );
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
