import type { RngStreams } from '../rng.js';
import { createArrivalProcess, isFiniteArrival, type ArrivalProcess } from './arrivals.js';
import { createLengthSampler, type LengthSampler } from './lengths.js';
import { SharedPrefixCorpus } from './shared-prefix.js';
import { checkVocabSize, drawTokenSeed, randomTokens } from './tokens.js';
import type { RequestSource, RequestSpec, StopSpec, WorkloadSpec } from './types.js';

/**
 * The synthetic request stream of a scenario, drawn lazily in arrival order so memory does not
 * grow with the number of requests. Streams: 'arrivals' for arrival times, 'lengths' for prompt
 * then output lengths, 'tokens' for one id seed per random prompt, 'prefix' for the shared-prefix
 * corpus and its shuffle; one consumer per stream, so e.g. a different length spec never moves
 * the arrival times (common random numbers).
 *
 * Ends after `stop.requests` requests or at the first arrival at or past `stop.duration`,
 * whichever comes first, or when a finite arrival process (stages) is over. `stop.warmup` does not change the stream: warm-up requests are
 * simulated and dropped later by the metrics.
 *
 * With `prefix`, prompts come from the shared-prefix corpus and `workload.prompt` is unused; the
 * output length is `prefix.outputTokens` when set (inference-perf's `output_len`), else drawn
 * from `workload.output`.
 */
export function createRequestSource(
  workload: WorkloadSpec,
  stop: StopSpec,
  streams: RngStreams,
  vocabSize: number,
): RequestSource {
  checkVocabSize(vocabSize);
  if (!workload.arrival) throw new RangeError('the workload needs an arrival process (or a trace)');
  const arrival = workload.arrival;
  const maxRequests = stop.requests ?? Infinity;
  const duration = stop.duration ?? Infinity;
  if (!(maxRequests >= 0) || !(duration >= 0)) {
    throw new RangeError(`stop.requests and stop.duration must be ≥ 0, got ${stop.requests}, ${stop.duration}`);
  }
  if (maxRequests === Infinity && ((duration === Infinity && !isFiniteArrival(arrival)) || arrival.process === 'burst')) {
    throw new RangeError(
      arrival.process === 'burst'
        ? 'a burst workload needs stop.requests: every request arrives at t = 0'
        : 'the workload needs stop.requests or stop.duration',
    );
  }

  const arrivals: ArrivalProcess = createArrivalProcess(arrival, streams.stream('arrivals'));
  const lengths = streams.stream('lengths');
  const prefix = workload.prefix;
  const corpus = prefix ? new SharedPrefixCorpus(prefix, streams.stream('prefix'), vocabSize) : undefined;

  let promptLength: LengthSampler | undefined;
  if (!corpus) {
    if (!workload.prompt) throw new RangeError('the workload needs a prompt length spec or a shared prefix');
    promptLength = createLengthSampler(workload.prompt, lengths);
  }
  let outputLength: LengthSampler;
  if (prefix?.outputTokens !== undefined) {
    outputLength = createLengthSampler({ dist: 'fixed', value: prefix.outputTokens }, lengths);
  } else if (workload.output) {
    outputLength = createLengthSampler(workload.output, lengths);
  } else {
    throw new RangeError('the workload needs an output length spec (or prefix.outputTokens)');
  }
  const tokens = corpus ? undefined : streams.stream('tokens');

  let numDrawn = 0;
  let done = false;
  return {
    next(): RequestSpec | undefined {
      if (done || numDrawn >= maxRequests) return undefined;
      const arrivalTime = arrivals.nextTime();
      if (arrivalTime >= duration) {
        done = true; // the process is past the end; drawing on would only waste the stream
        return undefined;
      }
      const id = numDrawn++;
      if (corpus) {
        const p = corpus.promptFor(id);
        return { id, arrivalTime, promptTokens: p.tokens, maxTokens: outputLength(), group: p.group };
      }
      const length = promptLength!();
      const maxTokens = outputLength();
      const promptTokens = randomTokens(length, drawTokenSeed(tokens!), vocabSize);
      return { id, arrivalTime, promptTokens, maxTokens };
    },
  };
}
