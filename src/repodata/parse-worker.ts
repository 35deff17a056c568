/**
 * Worker thread entry for primary-parts.ts: parses pieces of a primary.xml, each into a pool of
 * its own, and answers with the .solv bytes (or the error's code and message); and computes a
 * module filter when asked (PieceWorkers.modules).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { GooseError } from '../errors.js';
import { parsePieceToSolv } from './primary-pieces.js';
import type { PieceJob, PieceModulesReply, PieceReply } from './primary-parts.js';
import { moduleFilterHere, type ModulesJob } from './modules-thread.js';
import { useCompiledLibsolv } from '../solv/index.js';

// The parent's compiled libsolv, when it sent one: no second compilation in this thread.
useCompiledLibsolv((workerData as { libsolvModule?: WebAssembly.Module } | null)?.libsolvModule);

parentPort!.on('message', (msg: PieceJob | { modules: ModulesJob }) => {
  if ('modules' in msg) {
    // On any error, no filter: the parent computes it and reports the error as usual.
    moduleFilterHere(msg.modules).then(
      (filter) => parentPort!.postMessage({ modules: true, filter } satisfies PieceModulesReply),
      () => parentPort!.postMessage({ modules: true } satisfies PieceModulesReply),
    );
    return;
  }
  let reply: PieceReply;
  try {
    reply = { index: msg.index, solv: parsePieceToSolv(msg.segments, msg.file) };
  } catch (e) {
    if (!(e instanceof GooseError)) throw e;
    reply = { index: msg.index, error: { code: e.code, message: e.message } };
  }
  parentPort!.postMessage(reply, reply.solv ? [reply.solv.buffer as ArrayBuffer] : []);
});
