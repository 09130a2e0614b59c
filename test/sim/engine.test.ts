import { describe, expect, it } from 'vitest';
import { Engine, MAX_EVENTS_AT_ONE_INSTANT, Priority, type Actor } from '../../src/sim/engine.js';

function recorder(log: string[], name: string): Actor {
  return { handle: (kind, now) => void log.push(`${name}:${kind}@${now}`) };
}

describe('Engine', () => {
  it('orders events by time, then same-time priority, then insertion order', () => {
    const e = new Engine();
    const log: string[] = [];
    const a = recorder(log, 'a');
    e.schedule(2, Priority.stepEnd, a, 1);
    e.schedule(1, Priority.stepEnd, a, 2);
    e.schedule(1, Priority.arrival, a, 3);
    e.schedule(1, Priority.stepEnd, a, 4);
    e.run();
    expect(log).toEqual(['a:3@1', 'a:2@1', 'a:4@1', 'a:1@2']);
    expect(e.now).toBe(2);
    expect(e.numEvents).toBe(4);
  });

  it('refuses to schedule in the past: the clock never goes back', () => {
    const e = new Engine();
    e.schedule(5, Priority.arrival, { handle: () => e.schedule(4, Priority.arrival, { handle() {} }, 0) }, 0);
    expect(() => e.run()).toThrow(/in the past/);
  });

  it('runs until a time, leaving later events queued, and stops on request', () => {
    const e = new Engine();
    const log: string[] = [];
    for (const t of [1, 2, 3]) e.schedule(t, Priority.arrival, recorder(log, 'x'), t);
    e.run(2);
    expect(log).toEqual(['x:1@1', 'x:2@2']);
    expect(e.pending).toBe(1);
    const stopper: Actor = { handle: () => e.stop() };
    e.schedule(3, Priority.stop, stopper, 0);
    e.schedule(4, Priority.arrival, recorder(log, 'late'), 0);
    e.run();
    expect(log).toEqual(['x:1@1', 'x:2@2', 'x:3@3']);
    expect(e.pending).toBe(1);
  });

  it('propagates a failing handler: broken state stops the run loudly', () => {
    const e = new Engine();
    e.schedule(0, Priority.arrival, { handle: () => { throw new Error('boom'); } }, 0);
    expect(() => e.run()).toThrow('boom');
  });

  it('stops an actor that keeps rescheduling itself at the same instant instead of spinning forever', () => {
    const e = new Engine();
    class Spinner implements Actor {
      handle(_k: number, now: number) {
        e.schedule(now, Priority.stepEnd, this, 0);
      }
    }
    e.schedule(5, Priority.stepEnd, new Spinner(), 0);
    expect(() => e.run()).toThrow(`no progress: more than ${MAX_EVENTS_AT_ONE_INSTANT} events at t=5 (last to Spinner)`);
  });

  it('lets many events share an instant when each makes progress (a burst, then time moves on)', () => {
    const e = new Engine();
    let n = 0;
    const tick: Actor = { handle: () => void n++ };
    for (let i = 0; i < 100_000; i++) e.schedule(0, Priority.arrival, tick, 0);
    e.schedule(1, Priority.arrival, tick, 0);
    e.run();
    expect(n).toBe(100_001);
  });
});
