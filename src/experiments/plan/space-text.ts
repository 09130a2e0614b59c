/**
 * The planner's search space as a user types it, a comma list per axis, parsed and checked once
 * for both front ends: `fleetsim plan`'s flags and the terminal UI's form. Each front end names
 * the axes its own way (`--pd`, `P/D splits`); what follows the name is the same message.
 */
import { ACCELERATORS } from '../../models/hardware/catalog.js';
import { parseKvTier, parsePdSplit, type KvTier, type PdSplit } from './axes.js';
import { knownAccelerators, type CandidateConfig, type SearchSpace } from './candidates.js';

/** Each axis as typed; undefined: what `fleetsim plan` searches without the flag (SPACE_DEFAULTS). */
export interface SpaceText {
  accelerators?: string;
  precisions?: string;
  tp?: string;
  routers?: string;
  pd?: string;
  kvTiers?: string;
  /** Not a list: the one router config of P/D candidates. */
  pdRouter?: string;
}

/** Each axis's name at the head of its messages. */
export type SpaceLabels = Record<keyof SpaceText, string>;

/** The planner's default search, besides every known accelerator and the scenario's router. */
export const SPACE_DEFAULTS = { precisions: 'bf16,fp8', tp: '1,2,4,8', pd: '0', kvTiers: 'none' } as const;

const PRECISIONS: readonly string[] = ['bf16', 'fp8', 'fp4', 'int8'];
const TENSOR_PARALLEL: readonly number[] = [1, 2, 4, 8];

/** The space `text` asks for, or (problems non-empty) every bad value in it, named by `labels`. */
export function parseSpace(text: SpaceText, scenarioRouter: string, labels: SpaceLabels): { space: SearchSpace; problems: string[] } {
  const problems: string[] = [];
  const items = (key: Exclude<keyof SpaceText, 'pdRouter'>, fallback: string) => {
    const xs = (text[key] ?? fallback).split(',').map((x) => x.trim()).filter(Boolean);
    if (xs.length === 0) problems.push(`${labels[key]}: name at least one`);
    return xs;
  };
  /** Each item through `parse`, whose RangeError message becomes the problem. */
  const parsed = <T>(key: 'pd' | 'kvTiers', parse: (x: string) => T) =>
    items(key, SPACE_DEFAULTS[key]).map((x) => {
      try {
        return parse(x);
      } catch (e) {
        problems.push(`${labels[key]}: ${(e as Error).message}`);
        return undefined as T;
      }
    });

  const accelerators = items('accelerators', knownAccelerators().join(','));
  for (const a of accelerators) if (!Object.hasOwn(ACCELERATORS, a)) problems.push(`${labels.accelerators}: unknown accelerator \`${a}\`; known: ${knownAccelerators().join(', ')}`);
  const precisions = items('precisions', SPACE_DEFAULTS.precisions) as CandidateConfig['precision'][];
  for (const p of precisions) if (!PRECISIONS.includes(p)) problems.push(`${labels.precisions}: unknown precision \`${p}\`; use ${PRECISIONS.join(', ')}`);
  const tpText = items('tp', SPACE_DEFAULTS.tp);
  for (const t of tpText) if (!TENSOR_PARALLEL.includes(Number(t))) problems.push(`${labels.tp}: tensor-parallel sizes are ${TENSOR_PARALLEL.join(', ')}, got \`${t}\``);
  const tensorParallel = tpText.map(Number);
  const routers = items('routers', scenarioRouter);
  const pd = parsed<PdSplit | undefined>('pd', parsePdSplit);
  const kvTiers = parsed<KvTier>('kvTiers', parseKvTier);
  const pdRouter = text.pdRouter?.trim() || undefined;
  return { space: { accelerators, precisions, tensorParallel, routers, pd, kvTiers, ...(pdRouter !== undefined && { pdRouter }) }, problems };
}
