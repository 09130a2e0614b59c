import type { BatchShape } from '../models/perf/step-time.js';
import type { EngineRequest } from './request.js';

/**
 * What one schedule() call decided (vLLM `SchedulerOutput`), reused across steps to keep the hot
 * loop allocation-free: the requests scheduled with their token counts, the requests preempted,
 * and the batch shape the step-time model prices.
 */
export class SchedulerOutput {
  readonly reqs: EngineRequest[] = [];
  readonly numScheduledTokens: number[] = [];
  readonly preempted: EngineRequest[] = [];
  /** P/D decode requests that began waiting for their KV this step: the pod starts the pulls. */
  readonly remoteLoads: EngineRequest[] = [];
  /** Waiting requests past their deadline, aborted instead of admitted (blocks freed). */
  readonly aborted: EngineRequest[] = [];
  /** Offload-tier loads of this step, as (cpuBlocks, nvmeBlocks) pairs in remoteLoads order. */
  readonly tierLoads: number[] = [];
  numAdmitted = 0;
  readonly shape: BatchShape = {
    numTokens: 0,
    numSeqs: 0,
    numSampled: 0,
    attnQkPairs: 0,
    kvReadTokens: 0,
    uniformDecode: true,
    numDecodes: 0,
    decodeKvReadTokens: 0,
  };

  reset(): void {
    this.reqs.length = 0;
    this.numScheduledTokens.length = 0;
    this.preempted.length = 0;
    this.remoteLoads.length = 0;
    this.tierLoads.length = 0;
    this.aborted.length = 0;
    this.numAdmitted = 0;
  }

  add(req: EngineRequest, n: number): void {
    this.reqs.push(req);
    this.numScheduledTokens.push(n);
  }

  get isEmpty(): boolean {
    return this.reqs.length === 0;
  }

  /**
   * Fills `shape` and advances each request's numComputedTokens by its scheduled tokens, as vLLM's
   * `_update_after_schedule` does at schedule time.
   */
  finalize(): void {
    const s = this.shape;
    s.numTokens = 0;
    s.numSeqs = this.reqs.length;
    s.numSampled = 0;
    s.attnQkPairs = 0;
    s.kvReadTokens = 0;
    s.uniformDecode = this.reqs.length > 0;
    let numDecodes = 0;
    let decodeKvRead = 0;
    for (let i = 0; i < this.reqs.length; i++) {
      const req = this.reqs[i];
      const q = this.numScheduledTokens[i];
      const c = req.numComputedTokens;
      s.numTokens += q;
      s.attnQkPairs += q * (c + (q + 1) / 2);
      s.kvReadTokens += c + q;
      if (q !== 1) s.uniformDecode = false;
      else {
        // a decode (MLA models price decodes on the absorbed-weights path)
        numDecodes++;
        decodeKvRead += c + 1;
      }
      req.numComputedTokens = c + q;
      // vLLM V1 computes logits for the last scheduled token of every request, partial
      // prefill chunks included (their sample is discarded), so every sequence is an LM-head row.
      s.numSampled++;
    }
    s.numDecodes = numDecodes;
    s.decodeKvReadTokens = decodeKvRead;
  }
}
