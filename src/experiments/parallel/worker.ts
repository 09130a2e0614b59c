/** The worker script of JobPool: runs each simulation job it is sent. */
import { runJob } from '../job.js';
import { serveTasks } from './serve.js';

serveTasks(runJob);
