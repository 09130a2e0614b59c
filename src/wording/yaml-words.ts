/**
 * Words for problem messages that every input loader shares (the scenario loader, the
 * EndpointPickerConfig loader): edit distance for "did you mean", and type names as a YAML author
 * knows them. A leaf: it imports nothing, so the pure layers (`src/policies`) may use it too.
 */

/** Levenshtein distance (insert, delete, substitute each cost 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(sub, prev[j] + 1, row[j - 1] + 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** The YAML name of a value's type: map, list, null, string, number, boolean. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'map';
  return typeof value;
}

/** Zod's type names as a YAML author knows them. */
const TYPE_WORDS: Record<string, string> = { object: 'map', array: 'list', int: 'integer', record: 'map' };

/** A Zod expected-type name (`object`, `array`, `int`, ...) in YAML words (`map`, `list`, `integer`). */
export function typeWord(zodType: string): string {
  return TYPE_WORDS[zodType] ?? zodType;
}
