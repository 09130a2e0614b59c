import { describe, expect, it } from 'vitest';
import * as tables from '../../../src/models/hardware/all-reduce-tables.js';
import { getAccelerator } from '../../../src/models/hardware/catalog.js';
import type { AllReduceTable } from '../../../src/models/hardware/types.js';
import { allReduceTableProblem, createAllReduceTableSeconds, measuredAllReduce } from '../../../src/models/perf/all-reduce-table.js';

// µs at 1000, 2000 and 4000 bytes; TP8 dips at 2000 bytes, as a kernel switch can.
const SMALL: AllReduceTable = {
  bytes: [1000, 2000, 4000],
  micros: { 2: [3, 5, 9], 8: [6, 4, 10] },
  source: 'a hand-made table',
};
const us = (f: ((b: number) => number) | undefined, bytes: number) => (f as (b: number) => number)(bytes) * 1e6;

describe('measured all-reduce time (all-reduce-table.ts)', () => {
  it('returns the measured time at a measured size', () => {
    expect(us(createAllReduceTableSeconds(SMALL, 2), 2000)).toBeCloseTo(5, 12);
    expect(us(createAllReduceTableSeconds(SMALL, 8), 4000)).toBeCloseTo(10, 12);
  });

  it('is linear in bytes between measured sizes, dips included', () => {
    // TP2: 1500 B halfway between 3 and 5 → 4; 3500 B is 3/4 of the way from 5 to 9 → 8
    expect(us(createAllReduceTableSeconds(SMALL, 2), 1500)).toBeCloseTo(4, 12);
    expect(us(createAllReduceTableSeconds(SMALL, 2), 3500)).toBeCloseTo(8, 12);
    // TP8: 1250 B a quarter of the way from 6 down to 4 → 5.5
    expect(us(createAllReduceTableSeconds(SMALL, 8), 1250)).toBeCloseTo(5.5, 12);
  });

  it("holds the smallest size's time below it, and goes on at the last segment's time per byte beyond", () => {
    const f = createAllReduceTableSeconds(SMALL, 2);
    expect(us(f, 10)).toBeCloseTo(3, 12);
    expect(us(f, 0)).toBeCloseTo(3, 12);
    // (9 − 5) ÷ 2000 = 0.002 µs a byte → 10,000 B: 9 + 6000 × 0.002 = 21
    expect(us(f, 10_000)).toBeCloseTo(21, 12);
  });

  it('has nothing for a TP degree the table did not measure', () => {
    expect(createAllReduceTableSeconds(SMALL, 4)).toBeUndefined();
  });

  it("reads H100 TensorRT-LLM TP8 at a measured size and between two (a 405B decode's 3 MiB)", () => {
    const f = measuredAllReduce(getAccelerator('h100-sxm'), 'trtllm', 8);
    expect(us(f, 2 ** 21)).toBeCloseTo(35.49, 10); // 2 MiB
    // 96 tokens × 16,384 × 2 B = 3 MiB, halfway between 2 MiB (35.49) and 4 MiB (51.9) → 43.695
    expect(us(f, 96 * 16384 * 2)).toBeCloseTo(43.695, 10);
    // Beyond 1 GiB: (4008 − 2109) ÷ 512 MiB a byte → 2 GiB: 4008 + 1899 × 2 = 7806
    expect(us(f, 2 ** 31)).toBeCloseTo(7806, 8);
  });
});

describe('which all-reduce is measured (measuredAllReduce)', () => {
  const h100 = getAccelerator('h100-sxm');

  it("takes TensorRT-LLM's table on H100, H200 and B200 at TP 2, 4 and 8", () => {
    for (const id of ['h100-sxm', 'h200-sxm', 'b200-sxm']) {
      for (const tp of [2, 4, 8]) expect(measuredAllReduce(getAccelerator(id), 'trtllm', tp)).toBeTypeOf('function');
    }
    expect(us(measuredAllReduce(getAccelerator('b200-sxm'), 'trtllm', 4), 2 ** 23)).toBeCloseTo(47.12, 10); // 8 MiB
  });

  it("takes vLLM's table on H100, H200 and B200 too: the llm-d headline's Qwen3-32B TP2 decode on H100", () => {
    for (const id of ['h100-sxm', 'h200-sxm', 'b200-sxm']) {
      for (const tp of [2, 4, 8]) expect(measuredAllReduce(getAccelerator(id), 'vllm', tp)).toBeTypeOf('function');
    }
    const f = measuredAllReduce(h100, 'vllm', 2);
    // One token of hidden 5,120 in bf16 = 10,240 B, a quarter of the way from 8 KiB (4.376 µs) to
    // 16 KiB (4.493): 4.376 + 0.117 / 4 = 4.40525 µs (the link model: ~10 µs).
    expect(us(f, 5120 * 2)).toBeCloseTo(4.40525, 10);
    // 128 tokens = 1,310,720 B, a quarter from 1 MiB (8.34) to 2 MiB (12.38): 8.34 + 4.04 / 4 = 9.35
    expect(us(f, 128 * 5120 * 2)).toBeCloseTo(9.35, 10);
  });

  it('keeps the link model for SGLang, without a runtime, at TP1 or a TP not measured, and on other chips', () => {
    expect(measuredAllReduce(h100, 'sglang', 2)).toBeUndefined();
    expect(measuredAllReduce(h100, undefined, 2)).toBeUndefined();
    expect(measuredAllReduce(h100, 'trtllm', 1)).toBeUndefined();
    expect(measuredAllReduce(h100, 'vllm', 1)).toBeUndefined();
    expect(measuredAllReduce(h100, 'trtllm', 16)).toBeUndefined();
    for (const id of ['mi300x', 'gaudi3', 'tpu-v6e']) {
      expect(measuredAllReduce(getAccelerator(id), 'trtllm', 8)).toBeUndefined();
      expect(measuredAllReduce(getAccelerator(id), 'vllm', 8)).toBeUndefined();
    }
  });
});

describe('all-reduce table validation (allReduceTableProblem)', () => {
  const bad = (o: Partial<AllReduceTable>): AllReduceTable => ({ ...SMALL, ...o });

  it('accepts the six generated tables and names what is wrong with a bad one', () => {
    const generated = Object.values(tables) as AllReduceTable[];
    expect(generated).toHaveLength(6);
    for (const t of generated) {
      expect(allReduceTableProblem(t)).toBeUndefined();
      expect(Object.keys(t.micros)).toEqual(['2', '4', '8']);
      expect(t.bytes[0]).toBe(1024);
      expect(t.bytes.at(-1)).toBe(2 ** 30);
    }
    expect(allReduceTableProblem(SMALL)).toBeUndefined();
    expect(allReduceTableProblem(bad({ bytes: [1000] }))).toMatch(/bytes needs at least two/);
    expect(allReduceTableProblem(bad({ bytes: [2000, 1000, 4000] }))).toMatch(/bytes must be positive and ascending/);
    expect(allReduceTableProblem(bad({ micros: {} }))).toMatch(/at least one TP degree/);
    expect(allReduceTableProblem(bad({ micros: { 1: [3, 5, 9] } }))).toMatch(/keyed by TP degree.*got 1/);
    expect(allReduceTableProblem(bad({ micros: { 2: [3, 5] } }))).toMatch(/micros\[2\] needs one time per size \(3\), got 2/);
    expect(allReduceTableProblem(bad({ micros: { 2: [3, NaN, 9] } }))).toMatch(/micros\[2\] at 2000 bytes must be a positive finite time/);
    expect(allReduceTableProblem(bad({ micros: { 2: [3, 9, 9] } }))).toMatch(/must rise over its last two sizes/);
    expect(allReduceTableProblem(bad({ source: ' ' }))).toMatch(/source/);
  });
});
