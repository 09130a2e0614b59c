import TinyQueue from 'tinyqueue';
import type { Actor } from '../engine.js';
import type { RequestSpec } from './types.js';

/**
 * Requests released by earlier ones finishing (a session's next turn), each routed at its own
 * arrival time. They can arrive before the main stream's pending request, so they get their own
 * events; held in a heap ordered by (time, id), and each event routes the earliest, which is the
 * one it was scheduled for (ties go by id, the same on every run). Memory: the pending turns.
 */
export class FollowUps implements Actor {
  private readonly heap = new TinyQueue<RequestSpec>([], (a, b) => a.arrivalTime - b.arrivalTime || a.id - b.id);

  constructor(
    private readonly route: (spec: RequestSpec, now: number) => void,
    private readonly schedule: (time: number, actor: Actor) => void,
  ) {}

  get size(): number {
    return this.heap.length;
  }

  push(spec: RequestSpec): void {
    this.heap.push(spec);
    this.schedule(spec.arrivalTime, this);
  }

  handle(_kind: number, now: number): void {
    this.route(this.heap.pop()!, now);
  }
}
