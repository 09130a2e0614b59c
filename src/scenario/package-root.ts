import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The fleetsim package directory (where package.json, configs/ and validation/ live), found by
 * walking up from this module, which runs from src/ under the test runner and from dist/src/ when
 * built.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'fleetsim') return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('fleetsim package root not found');
    dir = up;
  }
}
