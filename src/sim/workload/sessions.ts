import { outputTokenId } from '../kv/block-hash.js';
import type { RngStreams, Uniform } from '../rng.js';
import { createArrivalProcess, isFiniteArrival } from './arrivals.js';
import { createLengthSampler, type LengthSampler } from './lengths.js';
import { checkVocabSize, drawTokenSeed, fillTokens } from './tokens.js';
import type { RequestSource, RequestSpec, SessionClient, SessionSpec, StopSpec, WorkloadSpec } from './types.js';

/** A conversation's plan, drawn whole when it starts, and where it is. */
interface Session {
  numTurns: number;
  userLengths: Int32Array;
  outputLengths: Int32Array;
  thinkTimes: Float64Array;
  seeds: Uint32Array;
  turn: number;
  /** The prompt of the turn in flight. */
  prompt: Int32Array;
  /** The client's session id and the token it echoes (types.ts SessionClient). */
  client: SessionClient;
}

/**
 * Multi-turn chat (see SessionSpec). Every draw of a session (number of turns, each turn's user
 * and output lengths, token seeds, think times) is made when the session starts, on the
 * 'arrivals', 'sessions', 'lengths' and 'tokens' streams in session order, so what a session says
 * never depends on when its turns finish: an A/B pair of routers sees the same conversations,
 * only the timing of later turns differs (as it would in production).
 *
 * Turn k+1's prompt is turn k's prompt ‖ turn k's answer (the ids the engine generated for it,
 * `outputTokenId(requestId, position)`, so the prefix cache can match them) ‖ new user tokens.
 *
 * Reasoning/agent loops are sessions too: turns are tool-call steps, `thinkTime` the tool's
 * latency, `followUpTokens` the tool result appended each step, `workload.output` the long
 * reasoning output of each step.
 *
 * Stops: `stop.requests` counts sessions started and `stop.duration` ends session starts; turns
 * of started sessions still follow. Memory: one plan and one context per live session.
 */
export function createSessionSource(workload: WorkloadSpec, stop: StopSpec, streams: RngStreams, vocabSize: number): RequestSource {
  checkVocabSize(vocabSize);
  const spec = workload.sessions as SessionSpec;
  if (!workload.arrival || !workload.prompt || !workload.output) throw new RangeError('sessions need arrival, prompt and output');
  const maxSessions = stop.requests ?? Infinity;
  const duration = stop.duration ?? Infinity;
  if (maxSessions === Infinity && duration === Infinity && !isFiniteArrival(workload.arrival)) {
    throw new RangeError('the workload needs stop.requests or stop.duration');
  }
  if (!(spec.thinkTime >= 0)) throw new RangeError(`thinkTime must be ≥ 0, got ${spec.thinkTime}`);
  const arrivals = createArrivalProcess(workload.arrival, streams.stream('arrivals'));
  const lengths = streams.stream('lengths');
  const userLength = createLengthSampler(workload.prompt, lengths);
  const outputLength = createLengthSampler(workload.output, lengths);
  const followUpLength = spec.followUpTokens ? createLengthSampler(spec.followUpTokens, lengths) : userLength;
  const tokens = streams.stream('tokens');
  const sessionRng = streams.stream('sessions');
  const turns: LengthSampler = typeof spec.turns === 'number' ? createLengthSampler({ dist: 'fixed', value: spec.turns }, sessionRng) : createLengthSampler(spec.turns, sessionRng);
  const system = new Int32Array(spec.systemTokens);
  if (spec.systemTokens > 0) fillTokens(system, drawTokenSeed(tokens), vocabSize);

  const live = new Map<number, Session>();
  let numStarted = 0;
  let nextId = 0;
  let done = false;

  const turnRequest = (s: Session, arrivalTime: number): RequestSpec => {
    const id = nextId++;
    live.set(id, s);
    return { id, arrivalTime, promptTokens: s.prompt, maxTokens: s.outputLengths[s.turn], session: s.client };
  };

  return {
    next(): RequestSpec | undefined {
      if (done || numStarted >= maxSessions) return undefined;
      const t = arrivals.nextTime();
      if (t >= duration) {
        done = true;
        return undefined;
      }
      numStarted++;
      const s = plan(turns(), userLength, followUpLength, outputLength, tokens, sessionRng, spec.thinkTime);
      s.client = { id: `session-${numStarted}` };
      const first = new Int32Array(system.length + s.userLengths[0]);
      first.set(system);
      fillTokens(first, s.seeds[0], vocabSize, system.length);
      s.prompt = first;
      return turnRequest(s, t);
    },

    /** A rejected turn ends its session (its context has outgrown the pod, or no endpoint was left). */
    onReject(id: number): void {
      live.delete(id);
    },

    onFinish(id: number, time: number): RequestSpec | undefined {
      const s = live.get(id);
      if (!s) return undefined;
      live.delete(id);
      const k = ++s.turn;
      if (k >= s.numTurns) return undefined;
      const prev = s.prompt;
      const answer = s.outputLengths[k - 1];
      const prompt = new Int32Array(prev.length + answer + s.userLengths[k]);
      prompt.set(prev);
      for (let j = 0; j < answer; j++) prompt[prev.length + j] = outputTokenId(id, prev.length + j);
      fillTokens(prompt, s.seeds[k], vocabSize, prev.length + answer);
      s.prompt = prompt;
      return turnRequest(s, time + s.thinkTimes[k - 1]);
    },
  };
}

function plan(numTurns: number, userLength: LengthSampler, followUpLength: LengthSampler, outputLength: LengthSampler, tokens: Uniform, rng: Uniform, thinkTime: number): Session {
  const s: Session = {
    numTurns,
    userLengths: new Int32Array(numTurns),
    outputLengths: new Int32Array(numTurns),
    thinkTimes: new Float64Array(Math.max(0, numTurns - 1)),
    seeds: new Uint32Array(numTurns),
    turn: 0,
    prompt: new Int32Array(0),
    client: { id: '' },
  };
  for (let k = 0; k < numTurns; k++) {
    s.userLengths[k] = k === 0 ? userLength() : followUpLength();
    s.outputLengths[k] = outputLength();
    s.seeds[k] = drawTokenSeed(tokens);
    if (k + 1 < numTurns) s.thinkTimes[k] = -Math.log(1 - rng()) * thinkTime;
  }
  return s;
}
