/** A worker thread of JobPool: runs each job it is sent and posts the result back. */
import { parentPort } from 'node:worker_threads';
import { runJob, type RunJob } from '../job.js';
import type { WorkerReply } from './pool.js';

if (!parentPort) throw new Error('worker.js runs as a worker thread of JobPool');
const port = parentPort;
port.on('message', (job: RunJob) => {
  let reply: WorkerReply;
  try {
    reply = { result: runJob(job) };
  } catch (e) {
    reply = { crash: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  port.postMessage(reply);
});
