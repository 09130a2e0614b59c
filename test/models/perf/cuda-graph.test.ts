import { describe, expect, it } from 'vitest';
import { captureSizes, graphMode, maxCaptureTokens, paddedTokens } from '../../../src/models/perf/cuda-graph.js';

describe('CUDA-graph capture and padding', () => {
  it('captures 1, 2, 4, 8…248 step 8 and 256…512 step 16: 51 sizes', () => {
    const sizes = captureSizes();
    expect(sizes.slice(0, 5)).toEqual([1, 2, 4, 8, 16]);
    expect(sizes).toContain(248);
    expect(sizes.slice(-3)).toEqual([480, 496, 512]);
    expect(sizes).toHaveLength(3 + 31 + 17);
  });

  it('pads a step to the next captured size', () => {
    const cases: [number, number][] = [
      [1, 1], [2, 2], [3, 4], [5, 8], [9, 16], [248, 248], [249, 256], [257, 272], [500, 512], [512, 512],
    ];
    for (const [t, padded] of cases) expect(paddedTokens(t, 512)).toBe(padded);
  });

  it('agrees with the capture list for every size up to 512', () => {
    const sizes = captureSizes();
    for (let t = 1; t <= 512; t++) expect(paddedTokens(t, 512)).toBe(sizes.find((s) => s >= t));
  });

  it('neither pads nor captures above the largest size', () => {
    expect(paddedTokens(513, 512)).toBe(513);
    expect(graphMode(513, true, 512)).toBe('eager');
  });

  it('stops at an off-grid maximum, which vLLM captures too', () => {
    expect(maxCaptureTokens(1024, 500)).toBe(500);
    expect(captureSizes(500).slice(-2)).toEqual([496, 500]);
    expect(paddedTokens(497, 500)).toBe(500);
  });

  it('runs uniform decodes as FULL graphs and other batches as PIECEWISE', () => {
    expect(graphMode(64, true, 512)).toBe('full');
    expect(graphMode(64, false, 512)).toBe('piecewise');
    expect(maxCaptureTokens(1024, 8192)).toBe(512);
    expect(maxCaptureTokens(128, 8192)).toBe(256);
  });
});
