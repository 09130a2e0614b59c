import { describe, expect, it } from 'vitest';
import { closest, didYouMean, show } from '../../src/scenario/wording.js';

describe('closest', () => {
  it('suggests the nearest candidate within two edits, ignoring case', () => {
    expect(closest('replicass', ['name', 'replicas', 'role'])).toBe('replicas');
    expect(closest('MaxNumSeqs', ['maxNumSeqs'])).toBe('maxNumSeqs');
  });

  it('suggests nothing when every candidate is more than two edits away', () => {
    expect(closest('zzzzzz', ['name', 'role'])).toBeUndefined();
    expect(didYouMean('zzzzzz', ['name'])).toBe('');
  });

  it('prefers the first listed candidate on a tie', () => {
    expect(closest('h300-sxm', ['h100-sxm', 'h200-sxm'])).toBe('h100-sxm');
  });
});

describe('show', () => {
  it('shows scalars literally and collections by their YAML type', () => {
    expect([show('fp16'), show(-4), show(true), show(null), show([1])]).toEqual(['`fp16`', '-4', 'true', 'null', 'list']);
  });
});
