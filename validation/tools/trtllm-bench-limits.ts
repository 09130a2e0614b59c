/**
 * The engine limits `trtllm-bench` computed for each TensorRT-LLM perf-overview case (V20, V22,
 * V24, V53, V55: the v1.0 PyTorch table; V51, V52: the v0.17 engine table), from the heuristic
 * restated in src/experiments/validation/trtllm-bench-limits.ts. Prints one row per case with the
 * arithmetic's intermediate figures; `--write` puts maxNumSeqs / maxNumBatchedTokens into each
 * case's one-line `engine: { ... }` block; `--check` exits 1 if a case file disagrees.
 * `--kv-fraction F` reprints the v1.0 rows at another kv_cache_free_gpu_mem_fraction (sensitivity).
 *
 *   npm run validation:trtllm-limits                       # print
 *   npm run validation:trtllm-limits -- --write            # update the case files
 *   npm run validation:trtllm-limits -- --kv-fraction 0.9  # what 0.90 would have given
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { benchCaseOf, type BenchCase } from '../../src/experiments/validation/trtllm-bench-cases.js';
import { trtllmBenchLimits } from '../../src/experiments/validation/trtllm-bench-limits.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const casesDir = join(root, 'validation', 'cases');

/** The engine line of a case file: `engine: { maxModelLen: N[, maxNumSeqs: N, maxNumBatchedTokens: N] }`. */
const ENGINE_LINE = /^(\s*)engine: \{ maxModelLen: (\d+)(?:, maxNumSeqs: (\d+), maxNumBatchedTokens: (\d+))? \}$/m;

function engineLine(indent: string, maxModelLen: string, c: BenchCase): string {
  return `${indent}engine: { maxModelLen: ${maxModelLen}, maxNumSeqs: ${c.limits.maxBatchSize}, maxNumBatchedTokens: ${c.limits.maxNumTokens} }`;
}

function main(): number {
  const args = process.argv.slice(2);
  const write = args.includes('--write');
  const check = args.includes('--check');
  const kvAt = args.indexOf('--kv-fraction');
  const kvFraction = kvAt >= 0 ? Number(args[kvAt + 1]) : undefined;
  if (kvFraction !== undefined && !(kvFraction > 0 && kvFraction <= 1)) {
    console.error('--kv-fraction: expected a number in (0, 1]');
    return 2;
  }
  let mismatches = 0;
  console.log('case | code path | GPU GiB | engine GiB | KV GiB | requests | max_batch_size | max_num_tokens');
  for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.yaml')).sort()) {
    const path = join(casesDir, file);
    const text = readFileSync(path, 'utf8');
    let c = benchCaseOf(parse(text));
    if (!c) continue;
    if (kvFraction !== undefined && c.input.codePath === 'v1.0-pytorch') {
      const input = { ...c.input, kvFraction };
      c = { ...c, input, limits: trtllmBenchLimits(input) };
    }
    const l = c.limits;
    console.log(
      [c.name, c.input.codePath, c.input.deviceMemoryGiB.toFixed(2), l.engineGiB.toFixed(2), l.kvCacheGiB.toFixed(1),
        l.kvCacheMaxRequests.toFixed(1), l.maxBatchSize, l.maxNumTokens].join(' | '),
    );
    const m = ENGINE_LINE.exec(text);
    if (!m) {
      console.error(`${file}: no one-line 'engine: { maxModelLen: N ... }' block to write`);
      mismatches++;
      continue;
    }
    const wanted = engineLine(m[1], m[2], c);
    if (m[0] === wanted) continue;
    if (write) writeFileSync(path, text.replace(ENGINE_LINE, wanted));
    else if (check) {
      console.error(`${file}: engine block differs from trtllm-bench's limits: ${wanted.trim()}`);
      mismatches++;
    }
  }
  return mismatches > 0 ? 1 : 0;
}

process.exitCode = main();
