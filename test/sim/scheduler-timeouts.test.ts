import { describe, expect, it } from 'vitest';
import { KVCacheManager } from '../../src/sim/kv/kv-cache-manager.js';
import { EngineRequest } from '../../src/sim/request.js';
import { Scheduler } from '../../src/sim/scheduler.js';
import { SchedulerOutput } from '../../src/sim/scheduler-output.js';

let nextId = 0;
function request(promptLen: number, deadline: number): EngineRequest {
  const id = nextId++;
  const r = new EngineRequest(id, id, Int32Array.from({ length: promptLen }, (_, i) => id * 100_000 + i), 1000, id, id);
  r.deadline = deadline;
  return r;
}

/** One running request holding most of a 20-block cache, so a 15-block prompt at the head is blocked. */
function blockedQueue() {
  const kv = new KVCacheManager(21, 16, true, 100_000); // 20 usable blocks (one null block)
  const s = new Scheduler({ maxNumSeqs: 8, maxNumBatchedTokens: 512, maxModelLen: 100_000, longPrefillTokenThreshold: 0 }, kv);
  const out = new SchedulerOutput();
  const hog = request(160, Infinity); // 10 blocks
  s.waiting.pushBack(hog);
  s.schedule(out, 0);
  const head = request(240, 100); // 15 blocks: does not fit beside the hog
  const behind = request(16, 5); // would fit, but FCFS keeps it behind the head
  for (const r of [head, behind]) s.waiting.pushBack(r);
  return { s, out, head, behind };
}

describe('client timeouts in the waiting queue (vLLM aborts a request wherever it waits)', () => {
  it('aborts a given-up request behind a blocked head at the first step after its deadline, and frees nothing it did not hold', () => {
    const { s, out, head, behind } = blockedQueue();
    s.schedule(out, 4); // before the deadline: both still wait, the head blocks
    expect(out.aborted).toEqual([]);
    expect([...s.waiting].map((r) => r.id)).toEqual([head.id, behind.id]);
    s.schedule(out, 5); // deadline reached: aborted though not at the head
    expect(out.aborted.map((r) => r.id)).toEqual([behind.id]);
    expect(behind.status).toBe('FINISHED');
    expect(behind.aborted).toBe(true);
    expect([...s.waiting].map((r) => r.id)).toEqual([head.id]);
    expect(head.aborted).toBe(false);
  });

  it("scans only once the queue's earliest deadline has passed", () => {
    const { s, out, behind } = blockedQueue();
    behind.deadline = 50; // moved later behind the queue's back: its 5 triggers one scan, which finds nothing
    s.schedule(out, 6);
    expect(out.aborted).toEqual([]);
    expect(s.waiting.earliestDeadline).toBe(50); // the scan made it exact
    s.schedule(out, 60);
    expect(out.aborted.map((r) => r.id)).toEqual([behind.id]);
  });
});
