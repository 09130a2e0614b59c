/** The replica-count bisection that shrinks a verified fleet. */
import { describe, expect, it } from 'vitest';
import { ReplicaBisection } from '../../../src/experiments/plan/shrink.js';

/** Runs the bisection against a fleet that needs `needs` replicas; returns the sizes run. */
function shrink(b: ReplicaBisection, needs: number): number[] {
  const runs: number[] = [];
  while (!b.done) {
    const n = b.next();
    runs.push(n);
    b.record(n, n >= needs);
  }
  return runs;
}

describe('replica bisection', () => {
  it('bisects from the verified size down to the smallest that holds the target', () => {
    const b = new ReplicaBisection(4, 17);
    expect(shrink(b, 8)).toEqual([10, 7, 9, 8]);
    expect(b.hi).toBe(8);
  });

  it('stops at its floor, however few replicas would hold', () => {
    const b = new ReplicaBisection(4, 6);
    expect(shrink(b, 1)).toEqual([5, 4]);
    expect(b.hi).toBe(4);
  });

  it('has nothing to run when the verified size is at or below the floor', () => {
    expect(new ReplicaBisection(5, 5).done).toBe(true);
    const b = new ReplicaBisection(9, 5);
    expect(b.done).toBe(true);
    expect(b.lo).toBe(5);
  });
});
