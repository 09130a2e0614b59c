import type { EngineRequest } from './request.js';

/**
 * The FCFS waiting queue (vLLM's deque): pop from the front, append at the back, and preempted
 * requests pushed back at the front so they resume first. Array-backed with a moving head so
 * popFront is O(1) without allocation.
 */
export class RequestQueue {
  private items: EngineRequest[] = [];
  private head = 0;
  /**
   * No queued request's client deadline is earlier: a lower bound kept by the pushes (it may be
   * stale-low after pops), made exact by removeWhere.
   */
  earliestDeadline = Infinity;

  get length(): number {
    return this.items.length - this.head;
  }

  peek(): EngineRequest | undefined {
    return this.items[this.head];
  }

  pushBack(r: EngineRequest): void {
    if (r.deadline < this.earliestDeadline) this.earliestDeadline = r.deadline;
    this.items.push(r);
  }

  pushFront(r: EngineRequest): void {
    if (r.deadline < this.earliestDeadline) this.earliestDeadline = r.deadline;
    if (this.head > 0) this.items[--this.head] = r;
    else this.items.unshift(r);
  }

  popFront(): EngineRequest {
    const r = this.items[this.head];
    if (!r) throw new Error('popFront on an empty queue');
    this.items[this.head++] = undefined as unknown as EngineRequest;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return r;
  }

  /** Removes `r` wherever it is (O(n): only for the rare admission past a blocked head). */
  remove(r: EngineRequest): void {
    const i = this.items.indexOf(r, this.head);
    if (i < 0) throw new Error('remove: not in the queue');
    this.items.splice(i, 1);
  }

  /**
   * Removes every request `drop` selects, keeping the others' order; calls `removed` on each, and
   * sets earliestDeadline to the kept requests' earliest. O(n).
   */
  removeWhere(drop: (r: EngineRequest) => boolean, removed: (r: EngineRequest) => void): void {
    let w = this.head;
    let earliest = Infinity;
    for (let i = this.head; i < this.items.length; i++) {
      const r = this.items[i];
      if (drop(r)) removed(r);
      else {
        this.items[w++] = r;
        if (r.deadline < earliest) earliest = r.deadline;
      }
    }
    this.items.length = w;
    this.earliestDeadline = earliest;
  }

  *[Symbol.iterator](): IterableIterator<EngineRequest> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i];
  }
}
