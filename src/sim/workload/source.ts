import type { RngStreams, Uniform } from '../rng.js';
import { createArrivalProcess, createDrainedStages, isFiniteArrival, type ArrivalProcess } from './arrivals.js';
import { createLengthSampler, type LengthSampler } from './lengths.js';
import { SharedPrefixCorpus } from './shared-prefix.js';
import { checkVocabSize, drawTokenSeed, randomTokens } from './tokens.js';
import { RagCorpus } from './rag.js';
import type { ClassSpec, LengthSpec, RagSpec, RequestSource, RequestSpec, SharedPrefixSpec, StopSpec, WorkloadSpec } from './types.js';

/**
 * The synthetic request stream of a scenario, drawn lazily in arrival order so memory does not
 * grow with the number of requests. Streams: 'arrivals' for arrival times, 'lengths' for prompt
 * then output lengths, 'tokens' for one id seed per random prompt, 'prefix' for the shared-prefix
 * corpus and its shuffle; one consumer per stream, so e.g. a different length spec never moves
 * the arrival times (common random numbers).
 *
 * With `classes`, each arrival picks its class by share on the 'classes' stream, and class c
 * draws its shape from its own streams 'lengths/<name>', 'tokens/<name>', 'prefix/<name>', so
 * changing one class never moves another's draws. A class's shared-prefix corpus cycles over
 * that class's own requests.
 *
 * Ends after `stop.requests` requests or at the first arrival at or past `stop.duration`,
 * whichever comes first, or when a finite arrival process (stages) is over. Drained stages
 * (inference-perf's) hold the next stage until the run reports every request so far ended.
 * `stop.warmup` does not change the stream: warm-up requests are simulated and dropped later by
 * the metrics.
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

  const staged = arrival.process === 'stages' && arrival.drain ? createDrainedStages(arrival, streams.stream('arrivals')) : undefined;
  const arrivals: ArrivalProcess = staged ?? createArrivalProcess(arrival, streams.stream('arrivals'));
  const classes = workload.classes;
  let shapes: RequestShape[];
  let pickClass: (() => number) | undefined;
  if (classes && classes.length > 0) {
    shapes = classes.map((c) => createShape(classShape(workload, c), streams, `/${c.name}`, vocabSize));
    pickClass = classPicker(classes, streams.stream('classes'));
  } else {
    shapes = [createShape(workload, streams, '', vocabSize)];
  }

  let numDrawn = 0;
  let done = false;
  let stage = -1;
  let firstIdOfStage = 0;
  return {
    next(): RequestSpec | undefined {
      if (done || numDrawn >= maxRequests) return undefined;
      const arrivalTime = arrivals.nextTime();
      if (staged?.waiting) return undefined; // the next stage waits for this one to drain
      if (arrivalTime >= duration) {
        done = true; // the process is past the end; drawing on would only waste the stream
        return undefined;
      }
      const id = numDrawn++;
      if (staged && staged.stage !== stage) {
        stage = staged.stage;
        firstIdOfStage = id;
      }
      // inference-perf's run_stage calls datagen.get_data() afresh: each stage's data index restarts at 0.
      if (!pickClass) return staged ? { ...shapes[0].draw(id, arrivalTime, id - firstIdOfStage), stage } : shapes[0].draw(id, arrivalTime);
      const c = pickClass();
      const spec = shapes[c].draw(id, arrivalTime);
      if (staged) spec.stage = staged.stage;
      const cls = classes![c];
      spec.classIndex = c;
      spec.priority = cls.priority;
      if (cls.adapter !== undefined) spec.adapter = cls.adapter;
      return spec;
    },
    get waitingForDrain() {
      return staged?.waiting ?? false;
    },
    onDrained(now: number) {
      staged?.release(now);
    },
  };
}

interface ShapeSpec {
  prompt?: LengthSpec;
  output?: LengthSpec;
  prefix?: SharedPrefixSpec;
  rag?: RagSpec;
}

/** A class's shape: each part its own, else the workload's. A class prefix replaces the workload's prompt. */
function classShape(w: WorkloadSpec, c: ClassSpec): ShapeSpec {
  if (c.prefix) return { prefix: c.prefix, output: c.output ?? (c.prefix.outputTokens === undefined ? w.output : undefined) };
  if (c.prompt) return { prompt: c.prompt, output: c.output ?? w.output };
  return { prompt: w.prompt, prefix: w.prefix, rag: w.rag, output: c.output ?? w.output };
}

/** Draws one request's prompt and output from one shape's streams. */
interface RequestShape {
  /** `index`: the corpus position (default id; drained stages restart it per stage). */
  draw(id: number, arrivalTime: number, index?: number): RequestSpec;
}

function createShape(shape: ShapeSpec, streams: RngStreams, suffix: string, vocabSize: number): RequestShape {
  const lengths = streams.stream(`lengths${suffix}`);
  const prefix = shape.prefix;
  const corpus = prefix ? new SharedPrefixCorpus(prefix, streams.stream(`prefix${suffix}`), vocabSize) : undefined;

  let promptLength: LengthSampler | undefined;
  if (!corpus) {
    if (!shape.prompt) throw new RangeError('the workload needs a prompt length spec or a shared prefix');
    promptLength = createLengthSampler(shape.prompt, lengths);
  }
  let outputLength: LengthSampler;
  if (prefix?.outputTokens !== undefined) {
    outputLength = createLengthSampler({ dist: 'fixed', value: prefix.outputTokens }, lengths);
  } else if (shape.output) {
    outputLength = createLengthSampler(shape.output, lengths);
  } else {
    throw new RangeError('the workload needs an output length spec (or prefix.outputTokens)');
  }
  if (corpus) {
    // Class corpora cycle over their own requests, the single-class corpus over request ids (as before).
    let n = 0;
    return {
      draw(id, arrivalTime, index = id) {
        const p = corpus.promptFor(suffix === '' ? index : n++);
        return { id, arrivalTime, promptTokens: p.tokens, maxTokens: outputLength(), group: p.group };
      },
    };
  }
  const tokens: Uniform = streams.stream(`tokens${suffix}`);
  if (shape.rag) {
    // The question's length and the output on 'lengths', its ids on 'tokens', the documents on 'rag'.
    const rag = new RagCorpus(shape.rag, streams.stream(`rag${suffix}`), vocabSize);
    return {
      draw(id, arrivalTime) {
        const question = promptLength!();
        const maxTokens = outputLength();
        const p = rag.prompt(question, drawTokenSeed(tokens));
        return { id, arrivalTime, promptTokens: p.tokens, maxTokens, group: p.firstDocument };
      },
    };
  }
  return {
    draw(id, arrivalTime) {
      const length = promptLength!();
      const maxTokens = outputLength();
      const promptTokens = randomTokens(length, drawTokenSeed(tokens), vocabSize);
      return { id, arrivalTime, promptTokens, maxTokens };
    },
  };
}

/** Picks a class index with probability share / Σ shares. */
function classPicker(classes: readonly ClassSpec[], uniform: Uniform): () => number {
  const cdf = new Float64Array(classes.length);
  let acc = 0;
  classes.forEach((c, i) => {
    if (!(c.share > 0)) throw new RangeError(`class ${c.name}: share must be > 0, got ${c.share}`);
    cdf[i] = acc += c.share;
  });
  const last = classes.length - 1;
  return () => {
    const u = uniform() * acc;
    for (let i = 0; i < last; i++) if (u < cdf[i]) return i;
    return last;
  };
}
