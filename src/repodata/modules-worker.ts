/**
 * Worker thread entry for modules-thread.ts: computes one module filter from `workerData` (a
 * {@link ModulesJob}) and answers once. On any error it answers with no filter: the parent then
 * computes it itself and reports the error with its usual code and message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { moduleFilterHere, type ModulesJob, type ModulesReply } from './modules-thread.js';

moduleFilterHere(workerData as ModulesJob).then(
  (filter) => parentPort!.postMessage({ filter } satisfies ModulesReply),
  () => parentPort!.postMessage({} satisfies ModulesReply),
);
