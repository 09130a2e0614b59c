import { describe, expect, it } from 'vitest';
import { v0Overheads, VLLM_RUNTIME_OVERHEADS } from '../../../src/models/perf/runtime-overheads.js';

describe('vLLM runtime overheads', () => {
  it('sits inside the ranges vllm-engine.md §9 suggests', () => {
    const o = VLLM_RUNTIME_OVERHEADS;
    expect(o.cpuBaseSeconds).toBeGreaterThanOrEqual(0.2e-3);
    expect(o.cpuBaseSeconds).toBeLessThanOrEqual(0.5e-3);
    expect(o.cpuPerSeqSeconds).toBeGreaterThanOrEqual(2e-6);
    expect(o.cpuPerSeqSeconds).toBeLessThanOrEqual(10e-6);
    expect(o.asyncScheduling).toBe(true);
    expect(o.maxCaptureTokens).toBe(512);
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(VLLM_RUNTIME_OVERHEADS)).toBe(true);
  });
});

describe('v0Overheads', () => {
  it('makes the engine synchronous, captures decodes up to 256 sequences and runs prefills eagerly', () => {
    const o = v0Overheads(VLLM_RUNTIME_OVERHEADS);
    expect(o.asyncScheduling).toBe(false);
    expect(o.maxCaptureTokens).toBe(256);
    expect(o.piecewiseLaunchesPerLayer).toBe(VLLM_RUNTIME_OVERHEADS.eagerLaunchesPerLayer);
    expect(o.cpuBaseSeconds).toBe(VLLM_RUNTIME_OVERHEADS.cpuBaseSeconds);
  });
});
