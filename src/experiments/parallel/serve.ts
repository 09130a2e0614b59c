/** The body of a worker script of WorkerPool: runs each task it is sent and posts the result back. */
import { parentPort } from 'node:worker_threads';
import type { WorkerReply } from './worker-pool.js';

export function serveTasks<T, R>(run: (task: T) => R): void {
  if (!parentPort) throw new Error('a worker script runs as a worker thread of WorkerPool');
  const port = parentPort;
  port.on('message', (task: T) => {
    let reply: WorkerReply<R>;
    try {
      reply = { result: run(task) };
    } catch (e) {
      reply = { crash: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply);
  });
}
