import type { RngStreams } from '../rng.js';
import { mulberry32 } from '../rng.js';
import { checkVocabSize, drawTokenSeed, fillTokens, randomTokens } from '../workload/tokens.js';
import type { RequestSource, RequestSpec, StopSpec, TraceReplay } from '../workload/types.js';

/**
 * Requests from a replayed trace, one per row, in file order. A row's input and output token
 * counts are the request's prompt length and exact output length (ignore_eos). Prompt ids:
 * - with hash ids (Mooncake), block j of the prompt is the `blockTokens` ids drawn from a seed
 *   derived from hashIds[j] alone, so equal ids give equal token blocks and the simulator's
 *   prefix cache and the router see exactly the sharing the trace records; the last block is
 *   cut to the prompt's length;
 * - otherwise random ids from one seed per request on the 'tokens' stream (no sharing).
 *
 * Ends at the trace's end, after `stop.requests` requests, or at the first arrival at or past
 * `stop.duration`, whichever comes first.
 */
export function createTraceSource(trace: TraceReplay, stop: StopSpec, streams: RngStreams, vocabSize: number): RequestSource {
  checkVocabSize(vocabSize);
  const maxRequests = stop.requests ?? Infinity;
  const duration = stop.duration ?? Infinity;
  const tokens = streams.stream('tokens');
  const blockTokens = trace.blockTokens;
  const rows = trace.open();
  const classIndex = new Map((trace.classes ?? []).map((c, i) => [c.name, i]));
  let numDrawn = 0;
  let done = false;
  return {
    next(): RequestSpec | undefined {
      if (done || numDrawn >= maxRequests) return undefined;
      const row = rows.next();
      if (!row || row.time >= duration) {
        done = true;
        return undefined;
      }
      const id = numDrawn++;
      const length = row.inputTokens;
      let promptTokens: Int32Array;
      if (row.hashIds) {
        promptTokens = new Int32Array(length);
        const ids = row.hashIds;
        for (let j = 0; j < ids.length; j++) {
          const from = j * blockTokens;
          if (from >= length) break;
          fillTokens(promptTokens, hashBlockSeed(ids[j]), vocabSize, from, Math.min(length, from + blockTokens));
        }
      } else {
        promptTokens = randomTokens(length, drawTokenSeed(tokens), vocabSize);
      }
      const spec: RequestSpec = { id, arrivalTime: row.time, promptTokens, maxTokens: row.outputTokens };
      if (row.label !== undefined) spec.classIndex = classIndex.get(row.label);
      return spec;
    },
  };
}

/** A 32-bit seed for a hash id's token block: one mulberry32 step keyed by the id, well mixed. */
export function hashBlockSeed(id: number): number {
  return mulberry32((id ^ 0x5bd1e995) >>> 0)() ^ Math.floor(id / 4294967296);
}
