/** The worker script of CasePool: predicts each validation case it is sent. */
import { serveTasks } from '../parallel/serve.js';
import { runCaseTask } from './case-pool.js';

serveTasks(runCaseTask);
