import { describe, expect, it } from 'vitest';
import { outputTokenId } from '../../../src/sim/kv/block-hash.js';
import { RngStreams } from '../../../src/sim/rng.js';
import { createSessionSource } from '../../../src/sim/workload/sessions.js';
import type { RequestSpec, WorkloadSpec } from '../../../src/sim/workload/types.js';
import { mean } from './helpers.js';

const VOCAB = 32000;

function chat(over: Partial<WorkloadSpec['sessions']> = {}, prompt = { dist: 'fixed', value: 100 } as const): WorkloadSpec {
  return {
    arrival: { process: 'poisson', rate: 1 },
    prompt,
    output: { dist: 'fixed', value: 50 },
    sessions: { turns: 4, thinkTime: 5, systemTokens: 0, ...over },
  };
}

/** Plays every session to its end, finishing each turn `service` s after it arrives. */
function play(workload: WorkloadSpec, sessions: number, service = 1): RequestSpec[][] {
  const src = createSessionSource(workload, { requests: sessions, warmup: 0 }, new RngStreams(3), VOCAB);
  const out: RequestSpec[][] = [];
  for (let r = src.next(); r; r = src.next()) {
    const turns = [r];
    for (let t = src.onFinish!(r.id, r.arrivalTime + service); t; t = src.onFinish!(t.id, t.arrivalTime + service)) turns.push(t);
    out.push(turns);
  }
  return out;
}

describe('multi-turn chat sessions', () => {
  it('each turn\'s prompt is the previous prompt, the answer the engine generated, then new user tokens', () => {
    const [s] = play(chat(), 1);
    expect(s.map((r) => r.promptTokens.length)).toEqual([100, 250, 400, 550]);
    for (let k = 1; k < s.length; k++) {
      const prev = s[k - 1];
      const p = s[k].promptTokens;
      expect(p.subarray(0, prev.promptTokens.length)).toEqual(prev.promptTokens);
      for (let j = 0; j < 50; j++) expect(p[prev.promptTokens.length + j]).toBe(outputTokenId(prev.id, prev.promptTokens.length + j));
    }
  });

  it('think times are exponential with the given mean (mean and CV within 3 % over 20k gaps)', () => {
    const sessions = play(chat({ turns: 11, thinkTime: 8 }), 2000);
    const gaps = sessions.flatMap((s) => s.slice(1).map((r, k) => r.arrivalTime - (s[k].arrivalTime + 1)));
    expect(gaps.length).toBe(20_000);
    const m = mean(gaps);
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - m) ** 2, 0) / (gaps.length - 1));
    expect(Math.abs(m / 8 - 1)).toBeLessThan(0.03);
    expect(Math.abs(sd / m - 1)).toBeLessThan(0.03);
  });

  it('turns drawn from a distribution have its mean (uniform 1..9: 5 within 2 %), and a shared system prompt opens every session', () => {
    const sessions = play(chat({ turns: { dist: 'uniform', min: 1, max: 9 }, systemTokens: 32 }), 20_000);
    expect(Math.abs(mean(sessions.map((s) => s.length)) / 5 - 1)).toBeLessThan(0.02);
    const sys = sessions[0][0].promptTokens.subarray(0, 32);
    expect(sessions.every((s) => s[0].promptTokens.length === 132)).toBe(true);
    expect(sessions[1][0].promptTokens.subarray(0, 32)).toEqual(sys);
  });

  it('what a session says does not depend on when its turns finish (common random numbers)', () => {
    const fast = play(chat({ turns: 3 }, { dist: 'uniform', min: 10, max: 300 } as never), 50, 0.1);
    const slow = play(chat({ turns: 3 }, { dist: 'uniform', min: 10, max: 300 } as never), 50, 30);
    expect(slow.map((s) => s.map((r) => r.promptTokens.length))).toEqual(fast.map((s) => s.map((r) => r.promptTokens.length)));
    expect(slow.map((s) => s[0].arrivalTime)).toEqual(fast.map((s) => s[0].arrivalTime));
  });

  it('stop.requests counts sessions; stop.duration ends session starts but not their turns', () => {
    expect(play(chat(), 7).length).toBe(7);
    const src = createSessionSource(chat(), { duration: 10, warmup: 0 }, new RngStreams(3), VOCAB);
    const firsts: RequestSpec[] = [];
    for (let r = src.next(); r; r = src.next()) firsts.push(r);
    expect(firsts.every((r) => r.arrivalTime < 10)).toBe(true);
    expect(src.onFinish!(firsts[firsts.length - 1].id, 100)?.arrivalTime).toBeGreaterThan(100);
  });
});

describe('agent loops (sessions with tool results)', () => {
  it('later turns add followUpTokens (tool output) instead of prompt tokens, after the long reasoning output', () => {
    const w: WorkloadSpec = {
      arrival: { process: 'poisson', rate: 1 },
      prompt: { dist: 'fixed', value: 200 },
      output: { dist: 'fixed', value: 2000 },
      sessions: { turns: 3, thinkTime: 2, systemTokens: 0, followUpTokens: { dist: 'fixed', value: 300 } },
    };
    const [s] = play(w, 1);
    expect(s.map((r) => [r.promptTokens.length, r.maxTokens])).toEqual([[200, 2000], [2500, 2000], [4800, 2000]]);
  });
});
