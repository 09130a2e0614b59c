import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { benchCaseOf, benchCodePathOf } from '../../src/experiments/validation/trtllm-bench-cases.js';

const casesDir = fileURLToPath(new URL('../../validation/cases/', import.meta.url));

describe('benchCodePathOf', () => {
  it('maps the v1.0 table rows to the PyTorch path, the v0.17 rows to the engine build, others to none', () => {
    expect(benchCodePathOf('v20-h100x2-llama33-70b-fp8-128-128')).toBe('v1.0-pytorch');
    expect(benchCodePathOf('v55-b200x1-llama33-70b-fp4-128-128')).toBe('v1.0-pytorch');
    expect(benchCodePathOf('v56-h200x2-llama33-70b-fp8-32768-1024')).toBe('v1.0-pytorch');
    expect(benchCodePathOf('v51-h100x1-mixtral-8x7b-fp8-1000-1000')).toBe('v0.17-build');
    expect(benchCodePathOf('v01-h100x8-llama2-70b-fp8-offline')).toBeUndefined();
    expect(benchCodePathOf('v50-h200x8-deepseek-r1-fp8-1024-2048')).toBeUndefined();
  });
});

describe('the committed trtllm-bench cases', () => {
  it('carry exactly the engine limits the heuristic computes for them', () => {
    let n = 0;
    for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.yaml'))) {
      const doc = parse(readFileSync(join(casesDir, file), 'utf8'));
      const c = benchCaseOf(doc);
      if (!c) continue;
      n++;
      const engine = doc.scenario.cluster.pools[0].engine;
      expect([file, engine.maxNumSeqs, engine.maxNumBatchedTokens]).toEqual([file, c.limits.maxBatchSize, c.limits.maxNumTokens]);
    }
    expect(n).toBe(100); // V20 7, V22 7, V24 6, V51 6, V52 2, V53 5, V55 55, V56 12
  });
});
