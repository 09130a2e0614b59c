// Reads a CSV dump of an aiconfigurator parquet table (header row, then comma-separated rows; the
// tables hold no quoted fields). Shared by the generators in this folder.
import { readFileSync } from 'node:fs';

/**
 * The rows of `path` with the named columns' indexes: `{ cols, rows }`, `cols` in the order of
 * `names`, each row its fields and its 1-based line in the file (for error messages). Throws, naming
 * the file, when a column is missing.
 */
export function readDump(path, names) {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const head = lines[0].split(',');
  const cols = names.map((name) => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`${path}: no column '${name}' in ${head.join(',')}`);
    return i;
  });
  const rows = lines.slice(1).map((line, i) => ({ fields: line.split(','), line: i + 2 }));
  return { cols, rows };
}
