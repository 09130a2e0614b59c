import { describe, expect, it } from 'vitest';
import { Gateway } from '../../src/sim/gateway.js';
import { RoundRobinPolicy } from '../../src/sim/routing.js';
import { MetricsRecorder } from '../../src/sim/metrics/recorder.js';
import type { EnginePod } from '../../src/sim/pod.js';
import type { EngineRequest } from '../../src/sim/request.js';

function fakePod(name: string, maxModelLen: number, got: string[]): EnginePod {
  return { name, state: 'ready', config: { maxModelLen }, enqueue: (r: EngineRequest) => void got.push(`${name}:${r.id}`) } as unknown as EnginePod;
}

describe('Gateway', () => {
  it('routes round-robin over every pod and rejects requests longer than maxModelLen', () => {
    const got: string[] = [];
    const rec = new MetricsRecorder(0, {});
    const gw = new Gateway([fakePod('a', 100, got), fakePod('b', 100, got)], rec, new RoundRobinPolicy(2));
    const spec = (id: number, len: number, out: number) => ({ id, arrivalTime: 0, promptTokens: new Int32Array(len), maxTokens: out });
    gw.route(spec(0, 10, 10), 0);
    gw.route(spec(1, 10, 10), 0);
    gw.route(spec(2, 95, 10), 0); // 105 > 100: rejected, as vLLM's "maximum context length"
    gw.route(spec(3, 10, 10), 0);
    expect(got).toEqual(['a:0', 'b:1', 'b:3']);
    expect(rec.numArrived).toBe(4);
    expect(rec.numRejected).toBe(1);
  });

  it('round robin skips pods that left the endpoint list and rejects when none is left', () => {
    const got: string[] = [];
    const rec = new MetricsRecorder(0, {});
    const policy = new RoundRobinPolicy(3);
    const gw = new Gateway([fakePod('a', 100, got), fakePod('b', 100, got), fakePod('c', 100, got)], rec, policy);
    const spec = (id: number) => ({ id, arrivalTime: 0, promptTokens: new Int32Array(10), maxTokens: 10 });
    policy.setListed(1, false);
    for (let id = 0; id < 4; id++) gw.route(spec(id), 0);
    policy.setListed(0, false);
    policy.setListed(2, false);
    gw.route(spec(4), 0);
    policy.setListed(1, true);
    gw.route(spec(5), 0);
    expect(got).toEqual(['a:0', 'c:1', 'a:2', 'c:3', 'b:5']);
    expect(rec.numRejected).toBe(1);
  });
});
