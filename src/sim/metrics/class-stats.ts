import type { EngineRequest } from '../request.js';
import type { SloTargets } from './recorder.js';
import { SampleBuffer } from './samples.js';

/** A tenant class as the metrics see it: its name and its SLO (class targets over the scenario's). */
export interface ClassTargets {
  name: string;
  slo: SloTargets;
}

/**
 * The per-request figures of a set of requests (the whole run, one tenant class, one load stage):
 * requests that arrived before warm-up count in `arrived`/`completed` only.
 */
export class ClassStats {
  numArrived = 0;
  numRejected = 0;
  numCompleted = 0;
  numMeasured = 0;
  readonly ttft = new SampleBuffer();
  readonly tpot = new SampleBuffer();
  readonly e2e = new SampleBuffer();
  measuredInputTokens = 0;
  measuredOutputTokens = 0;
  measuredCachedPromptTokens = 0;
  numWithinSlo = 0;

  constructor(readonly targets: ClassTargets) {}

  /** A request finished at `t`. */
  add(req: EngineRequest, t: number, warmup: number): void {
    this.numCompleted++;
    if (req.arrivalTime < warmup) return;
    this.numMeasured++;
    const ttft = req.firstTokenTime - req.arrivalTime;
    this.ttft.push(ttft);
    this.e2e.push(t - req.arrivalTime);
    let tpot = 0;
    if (req.numOutputTokens > 1) {
      // vLLM's request_time_per_output_token: decode time over the tokens after the first.
      tpot = (t - req.firstTokenTime) / (req.numOutputTokens - 1);
      this.tpot.push(tpot);
    }
    this.measuredInputTokens += req.numPromptTokens;
    this.measuredOutputTokens += req.numOutputTokens;
    this.measuredCachedPromptTokens += req.numCachedPromptTokens;
    const { ttftP95, tpotP95 } = this.targets.slo;
    if ((ttftP95 === undefined || ttft <= ttftP95) && (tpotP95 === undefined || tpot <= tpotP95)) this.numWithinSlo++;
  }
}
