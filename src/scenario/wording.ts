/** Wording helpers for problem messages: "did you mean", type names, values. */
import { editDistance, typeName } from '../wording/yaml-words.js';

/** The candidate nearest to `word` within `maxDistance` edits (ties: first listed), if any. */
export function closest(word: string, candidates: readonly string[], maxDistance = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** `; did you mean \`x\`?` or the empty string. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const hit = closest(word, candidates);
  return hit === undefined ? '' : `; did you mean \`${hit}\`?`;
}

/** A value as a message shows it: scalars literally (strings in backticks), collections by type. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `\`${value}\``;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return typeName(value);
}
