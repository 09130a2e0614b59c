import type { Uniform } from '../rng.js';
import { createLengthSampler, lowerBound } from './lengths.js';
import { drawTokenSeed, fillTokens } from './tokens.js';
import type { RagSpec } from './types.js';

/** The largest corpus whose popularity table is kept (8 MB). */
export const MAX_RAG_DOCUMENTS = 1_000_000;

/**
 * Retrieval-augmented prompts: system prompt ‖ k retrieved documents ‖ the user's question.
 * A corpus of `documents` documents, each with a length drawn once from `docTokens` and its own
 * token seed, so a document is the same ids wherever it appears. Each request retrieves
 * `docsPerRequest` distinct documents, by Zipf popularity (P(rank r) ∝ r^−popularity, document 0
 * the most popular), most popular draw first. Requests that retrieve the same first document
 * share system + that document as a prefix, which is where a prefix-aware router wins.
 *
 * Memory: two numbers and one table entry per document; prompts are built per request.
 */
export class RagCorpus {
  private readonly lengths: Int32Array;
  private readonly seeds: Uint32Array;
  private readonly cdf: Float64Array;
  private readonly systemSeed: number;
  private readonly picked: Int32Array;

  constructor(
    private readonly spec: RagSpec,
    private readonly uniform: Uniform,
    private readonly vocabSize: number,
  ) {
    const n = spec.documents;
    if (!Number.isInteger(n) || n < 1 || n > MAX_RAG_DOCUMENTS) throw new RangeError(`rag documents must be an integer in [1, ${MAX_RAG_DOCUMENTS}], got ${n}`);
    if (!Number.isInteger(spec.docsPerRequest) || spec.docsPerRequest < 1 || spec.docsPerRequest > n) {
      throw new RangeError(`rag docsPerRequest must be an integer in [1, documents], got ${spec.docsPerRequest}`);
    }
    if (!(spec.popularity >= 0)) throw new RangeError(`rag popularity must be ≥ 0, got ${spec.popularity}`);
    this.systemSeed = drawTokenSeed(uniform);
    const docLength = createLengthSampler(spec.docTokens, uniform);
    this.lengths = new Int32Array(n);
    this.seeds = new Uint32Array(n);
    for (let d = 0; d < n; d++) {
      this.lengths[d] = docLength();
      this.seeds[d] = drawTokenSeed(uniform);
    }
    this.cdf = new Float64Array(n);
    let acc = 0;
    for (let d = 0; d < n; d++) this.cdf[d] = acc += Math.pow(d + 1, -spec.popularity);
    for (let d = 0; d < n; d++) this.cdf[d] /= acc;
    this.picked = new Int32Array(spec.docsPerRequest);
  }

  /** Draws the documents of one request (on the corpus stream) and builds its prompt. */
  prompt(questionTokens: number, questionSeed: number): { tokens: Int32Array; firstDocument: number } {
    const k = this.spec.docsPerRequest;
    for (let i = 0; i < k; i++) {
      let d: number;
      do d = this.rank(this.uniform());
      while (this.picked.subarray(0, i).includes(d));
      this.picked[i] = d;
    }
    this.picked.sort();
    let total = this.spec.systemTokens + questionTokens;
    for (let i = 0; i < k; i++) total += this.lengths[this.picked[i]];
    const tokens = new Int32Array(total);
    let at = this.spec.systemTokens;
    fillTokens(tokens, this.systemSeed, this.vocabSize, 0, at);
    for (let i = 0; i < k; i++) {
      const d = this.picked[i];
      fillTokens(tokens, this.seeds[d], this.vocabSize, at, at + this.lengths[d]);
      at += this.lengths[d];
    }
    fillTokens(tokens, questionSeed, this.vocabSize, at, total);
    return { tokens, firstDocument: this.picked[0] };
  }

  /** The rank (document id) whose cumulative popularity first exceeds u. */
  private rank(u: number): number {
    return lowerBound(this.cdf, u);
  }
}
