import { describe, expect, it } from 'vitest';
import { Engine, Priority, type Actor } from '../../../src/sim/engine.js';
import { PodTimeline } from '../../../src/sim/metrics/timeline.js';
import type { EnginePod } from '../../../src/sim/pod.js';

/** Pods reduced to the gauges the timeline reads. */
function fakePods(n: number) {
  return Array.from({ length: n }, (_, i) => ({ kv: { usage: i / 10 }, scheduler: { waiting: new Array(i), running: new Array(2 * i) } })) as unknown as EnginePod[];
}

describe('PodTimeline', () => {
  it('samples every pod each interval while the run is active', () => {
    const engine = new Engine();
    let active = true;
    const tl = new PodTimeline(engine, fakePods(3), 0.5, () => active, 100);
    tl.start();
    const stopper: Actor = { handle: () => void (active = false) };
    engine.schedule(2.2, Priority.stepEnd, stopper, 0);
    engine.run();
    // samples at 0, 0.5, 1, 1.5, 2, then one at 2.5 sees the run inactive and stops rescheduling
    expect(tl.samples.map((s) => s.t)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(tl.samples[0].kvUtil).toEqual([0, 0.1, 0.2]);
    expect(tl.samples[0].waiting).toEqual([0, 1, 2]);
    expect(tl.samples[0].running).toEqual([0, 2, 4]);
  });

  it('thins to every other sample and doubles the interval, keeping even spacing', () => {
    const engine = new Engine();
    let active = true;
    const tl = new PodTimeline(engine, fakePods(1), 1, () => active, 8);
    tl.start();
    engine.schedule(40, Priority.stepEnd, { handle: () => void (active = false) }, 0);
    engine.run();
    const ts = tl.samples.map((s) => s.t);
    expect(ts.length).toBeLessThan(8);
    expect(ts.length).toBeGreaterThanOrEqual(4);
    const gaps = ts.slice(1).map((t, i) => t - ts[i]);
    expect(new Set(gaps).size).toBe(1);
    expect(ts[ts.length - 1]).toBeGreaterThanOrEqual(40);
  });

  it('observer events are not counted as simulated activity', () => {
    const engine = new Engine();
    const tl = new PodTimeline(engine, fakePods(1), 1, () => engine.now < 5);
    tl.start();
    engine.schedule(3, Priority.stepEnd, { handle: () => {} }, 0);
    engine.run();
    expect(tl.samples.length).toBe(6);
    expect(engine.numEvents).toBe(1);
    expect(engine.lastEventTime).toBe(3);
  });
});
