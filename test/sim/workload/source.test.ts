import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../../src/sim/rng.js';
import { createRequestSource } from '../../../src/sim/workload/source.js';
import type { ArrivalSpec, LengthSpec, RequestSpec, StopSpec, WorkloadSpec } from '../../../src/sim/workload/types.js';

const VOCAB = 32000;

/** The llm-d optimized-baseline shape, scaled down so tests stay fast. */
function prefixWorkload(over: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return {
    arrival: { process: 'poisson', rate: 10 },
    prefix: { groups: 3, promptsPerGroup: 2, systemTokens: 32, questionTokens: 8, outputTokens: 50 },
    ...over,
  };
}

function randomWorkload(over: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return {
    arrival: { process: 'poisson', rate: 10 },
    prompt: { dist: 'uniform', min: 10, max: 20 },
    output: { dist: 'fixed', value: 7 },
    ...over,
  };
}

function drain(workload: WorkloadSpec, stop: StopSpec, seed = 1): RequestSpec[] {
  const source = createRequestSource(workload, stop, new RngStreams(seed), VOCAB);
  const out: RequestSpec[] = [];
  for (let r = source.next(); r; r = source.next()) out.push(r);
  return out;
}

const plain = (rs: RequestSpec[]) => rs.map((r) => ({ ...r, promptTokens: Array.from(r.promptTokens) }));

describe('createRequestSource', () => {
  it('stops after stop.requests requests and stays exhausted', () => {
    const source = createRequestSource(randomWorkload(), { requests: 5, warmup: 0 }, new RngStreams(1), VOCAB);
    const ids = [];
    for (let r = source.next(); r; r = source.next()) ids.push(r.id);
    expect(ids).toEqual([0, 1, 2, 3, 4]);
    expect(source.next()).toBeUndefined();
  });

  it('stops at the first arrival at or past stop.duration', () => {
    const rs = drain(randomWorkload({ arrival: { process: 'constant', rate: 4 } }), { duration: 2.5, warmup: 0 });
    expect(rs.map((r) => r.arrivalTime)).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25]);
  });

  it('a constant rate r over duration D gives exactly r·D requests', () => {
    expect(drain(randomWorkload({ arrival: { process: 'constant', rate: 4 } }), { duration: 10, warmup: 0 })).toHaveLength(40);
  });

  it('whichever stop comes first wins', () => {
    const arrival: ArrivalSpec = { process: 'constant', rate: 1 };
    expect(drain(randomWorkload({ arrival }), { requests: 3, duration: 100, warmup: 0 })).toHaveLength(3);
    expect(drain(randomWorkload({ arrival }), { requests: 300, duration: 5, warmup: 0 })).toHaveLength(5);
  });

  it('random prompts: lengths from the prompt spec, ids in the vocabulary, output from the output spec', () => {
    const rs = drain(randomWorkload(), { requests: 200, warmup: 0 });
    for (const r of rs) {
      expect(r.promptTokens.length).toBeGreaterThanOrEqual(10);
      expect(r.promptTokens.length).toBeLessThanOrEqual(20);
      expect(r.promptTokens.every((t) => t >= 0 && t < VOCAB)).toBe(true);
      expect(r.maxTokens).toBe(7);
      expect(r.group).toBeUndefined();
    }
  });

  it('shared prefix: the same prompt object comes back every groups×promptsPerGroup requests', () => {
    const rs = drain(prefixWorkload(), { requests: 18, warmup: 0 });
    for (let i = 6; i < 18; i++) {
      expect(rs[i].promptTokens).toBe(rs[i - 6].promptTokens);
      expect(rs[i].group).toBe(rs[i - 6].group);
    }
    expect(new Set(rs.slice(0, 6).map((r) => r.promptTokens)).size).toBe(6);
    expect(rs.every((r) => r.maxTokens === 50 && r.promptTokens.length === 40)).toBe(true);
  });

  it('shared prefix: outputTokens wins over the output spec; without it the spec is sampled', () => {
    const output: LengthSpec = { dist: 'uniform', min: 100, max: 200 };
    expect(drain(prefixWorkload({ output }), { requests: 20, warmup: 0 }).every((r) => r.maxTokens === 50)).toBe(true);
    const noFixed = prefixWorkload({ output });
    noFixed.prefix = { ...noFixed.prefix!, outputTokens: undefined };
    const sampled = drain(noFixed, { requests: 50, warmup: 0 }).map((r) => r.maxTokens);
    expect(sampled.every((t) => t >= 100 && t <= 200)).toBe(true);
    expect(new Set(sampled).size).toBeGreaterThan(10);
  });

  it('the same seed gives the same sequence; another seed gives another', () => {
    for (const w of [randomWorkload(), prefixWorkload()]) {
      const stop = { requests: 30, warmup: 0 };
      expect(plain(drain(w, stop, 4))).toEqual(plain(drain(w, stop, 4)));
      expect(plain(drain(w, stop, 4))).not.toEqual(plain(drain(w, stop, 5)));
    }
  });

  it('changing the length spec leaves arrival times unchanged (separate streams)', () => {
    const stop = { requests: 50, warmup: 0 };
    const a = drain(randomWorkload(), stop).map((r) => r.arrivalTime);
    const b = drain(randomWorkload({ prompt: { dist: 'lognormal', mean: 500, p99: 3000 } }), stop).map((r) => r.arrivalTime);
    expect(a).toEqual(b);
  });

  it('warm-up does not change the stream', () => {
    const w = randomWorkload();
    expect(plain(drain(w, { requests: 20, warmup: 0 }))).toEqual(plain(drain(w, { requests: 20, warmup: 5 })));
  });

  it('rejects a source that would never end, and missing length specs', () => {
    const streams = new RngStreams(1);
    expect(() => createRequestSource(randomWorkload(), { warmup: 0 }, streams, VOCAB)).toThrow(/stop.requests or stop.duration/);
    expect(() => createRequestSource(randomWorkload({ arrival: { process: 'burst' } }), { duration: 5, warmup: 0 }, streams, VOCAB)).toThrow(/burst/);
    expect(() => createRequestSource({ arrival: { process: 'burst' }, output: { dist: 'fixed', value: 1 } }, { requests: 1, warmup: 0 }, streams, VOCAB)).toThrow(/prompt/);
    expect(() => createRequestSource({ arrival: { process: 'burst' }, prompt: { dist: 'fixed', value: 1 } }, { requests: 1, warmup: 0 }, streams, VOCAB)).toThrow(/output/);
  });

  it('a million-request shared-prefix run only ever hands out the six corpus prompts', () => {
    const source = createRequestSource(prefixWorkload(), { requests: 1_000_000, warmup: 0 }, new RngStreams(1), VOCAB);
    const distinct = new Set<Int32Array>();
    let n = 0;
    for (let r = source.next(); r; r = source.next()) {
      if (n++ % 1000 === 0) distinct.add(r.promptTokens);
    }
    expect(n).toBe(1_000_000);
    expect(distinct.size).toBeLessThanOrEqual(6);
  });
});

const count = (lo: number, hi: number) => fc.integer({ min: lo, max: hi });
const arrivalArb: fc.Arbitrary<ArrivalSpec> = fc.oneof(
  fc.record({ process: fc.constant('poisson' as const), rate: fc.double({ min: 0.01, max: 1000, noNaN: true }) }),
  fc.record({
    process: fc.constant('gamma' as const),
    rate: fc.double({ min: 0.01, max: 1000, noNaN: true }),
    cv: fc.double({ min: 0.05, max: 10, noNaN: true }),
  }),
  fc.record({ process: fc.constant('constant' as const), rate: fc.double({ min: 0.01, max: 1000, noNaN: true }) }),
  fc.constant({ process: 'burst' as const }),
);
// Optional clamps on both sides; lognormal-by-stddev always gets a max, since a heavy tail with
// no cap can ask for prompts of billions of tokens.
const minArb = fc.option(count(-5, 100), { nil: undefined });
const maxArb = count(100, 20_000);
const lengthArb: fc.Arbitrary<LengthSpec> = fc.oneof(
  fc.record({ dist: fc.constant('fixed' as const), value: count(-5, 5000) }),
  count(-5, 3000).chain((min) => fc.record({ dist: fc.constant('uniform' as const), min: fc.constant(Math.max(1, min)), max: count(Math.max(1, min), 5000) })),
  fc.record({
    dist: fc.constant('normal' as const),
    mean: fc.double({ min: -100, max: 5000, noNaN: true }),
    stddev: fc.double({ min: 0, max: 2000, noNaN: true }),
    min: minArb,
    max: fc.option(maxArb, { nil: undefined }),
  }),
  fc.tuple(fc.double({ min: 1, max: 5000, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), minArb, maxArb).map(
    ([mean, ratio, min, max]): LengthSpec => ({ dist: 'lognormal', mean, stddev: mean * ratio, min, max }),
  ),
  fc.tuple(fc.double({ min: 1, max: 5000, noNaN: true }), fc.double({ min: 1.01, max: 14.9, noNaN: true }), minArb).map(
    ([mean, ratio, min]): LengthSpec => ({ dist: 'lognormal', mean, p99: mean * ratio, min }),
  ),
);
const prefixArb = fc.option(
  fc.record({ groups: count(1, 5), promptsPerGroup: count(1, 5), systemTokens: count(0, 50), questionTokens: count(1, 20), outputTokens: fc.option(count(1, 100), { nil: undefined }) }),
  { nil: undefined },
);

describe('createRequestSource (property)', () => {
  it('for any valid spec, arrival times never decrease, ids count up, and every length is ≥ 1', () => {
    fc.assert(
      fc.property(arrivalArb, lengthArb, lengthArb, prefixArb, fc.integer(), (arrival, prompt, output, prefix, seed) => {
        const rs = drain({ arrival, prompt, output, prefix }, { requests: 50, duration: 1000, warmup: 0 }, seed);
        let prev = 0;
        rs.forEach((r, i) => {
          expect(r.id).toBe(i);
          expect(r.arrivalTime).toBeGreaterThanOrEqual(prev);
          expect(r.promptTokens.length).toBeGreaterThanOrEqual(1);
          expect(Number.isInteger(r.maxTokens) && r.maxTokens >= 1).toBe(true);
          prev = r.arrivalTime;
        });
      }),
      { numRuns: 300 },
    );
  });
});
