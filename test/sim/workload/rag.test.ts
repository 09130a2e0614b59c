import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../../src/sim/rng.js';
import { createRequestSource } from '../../../src/sim/workload/source.js';
import type { RequestSpec, WorkloadSpec } from '../../../src/sim/workload/types.js';

function drain(workload: WorkloadSpec, requests: number): RequestSpec[] {
  const src = createRequestSource(workload, { requests, warmup: 0 }, new RngStreams(5), 32000);
  const out: RequestSpec[] = [];
  for (let r = src.next(); r; r = src.next()) out.push(r);
  return out;
}

const rag = (over: Partial<NonNullable<WorkloadSpec['rag']>> = {}): WorkloadSpec => ({
  arrival: { process: 'poisson', rate: 10 },
  prompt: { dist: 'fixed', value: 30 },
  output: { dist: 'fixed', value: 20 },
  rag: { documents: 1000, docTokens: { dist: 'uniform', min: 100, max: 300 }, docsPerRequest: 1, popularity: 1.1, systemTokens: 64, ...over },
});

describe('RAG workload', () => {
  it('documents are retrieved with Zipf popularity: P(doc 0) = 1/H(N, s) and P(0)/P(1) = 2^s, within 3 % over 100k requests', () => {
    const reqs = drain(rag(), 100_000);
    let h = 0;
    for (let r = 1; r <= 1000; r++) h += r ** -1.1;
    const count = (d: number) => reqs.filter((r) => r.group === d).length;
    expect(Math.abs(count(0) / reqs.length / (1 / h) - 1)).toBeLessThan(0.03);
    expect(Math.abs(count(0) / count(1) / 2 ** 1.1 - 1)).toBeLessThan(0.03);
  });

  it('a prompt is system ‖ documents ‖ question; a document has the same ids in every prompt; requests sharing a first document share that prefix', () => {
    const reqs = drain(rag(), 2000);
    const sys = reqs[0].promptTokens.subarray(0, 64);
    const byDoc = new Map<number, RequestSpec[]>();
    for (const r of reqs) {
      expect(r.promptTokens.subarray(0, 64)).toEqual(sys);
      byDoc.set(r.group!, [...(byDoc.get(r.group!) ?? []), r]);
    }
    const [a, b] = byDoc.get(0)!;
    const docLen = a.promptTokens.length - 64 - 30;
    expect(docLen).toBeGreaterThanOrEqual(100);
    expect(docLen).toBeLessThanOrEqual(300);
    expect(b.promptTokens.subarray(0, 64 + docLen)).toEqual(a.promptTokens.subarray(0, 64 + docLen));
    expect(b.promptTokens.subarray(64 + docLen)).not.toEqual(a.promptTokens.subarray(64 + docLen)); // own question
  });

  it('several documents per request are distinct, most popular first', () => {
    const reqs = drain(rag({ documents: 20, docsPerRequest: 5, docTokens: { dist: 'fixed', value: 10 } }), 500);
    expect(reqs.every((r) => r.promptTokens.length === 64 + 50 + 30)).toBe(true);
  });

  it('popularity 0 is uniform over the corpus (each of 10 documents 10 % within 5 %)', () => {
    const reqs = drain(rag({ documents: 10, popularity: 0 }), 50_000);
    for (let d = 0; d < 10; d++) expect(Math.abs(reqs.filter((r) => r.group === d).length / 5000 - 1)).toBeLessThan(0.05);
  });
});
