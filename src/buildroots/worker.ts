/**
 * The solve service's worker thread: loads the binary repos from .solv bytes into its own pool
 * (solvable ids agree with the service's mapping: the repos load in the same order into an empty
 * pool) and answers `restrict` and `solve` messages (protocol.ts) with its own BuildrootResolver.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from '../solv/index.js';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';
import { BuildrootResolver } from './resolver.js';
import type { SolveExtras } from './jobs.js';
import { restrictPool } from './universe.js';

const port = parentPort!;
const post = (msg: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);
const failure = (e: unknown): FromWorker => ({ kind: 'error', message: (e as Error)?.stack ?? String(e) });

try {
  const setup = workerData as WorkerSetup;
  const pool = new Pool({ arch: setup.arch });
  for (const r of setup.repos) pool.addRepo(r.name).addSolv(r.solv);
  const every = Int32Array.from({ length: Math.max(0, pool.nsolvables - 2) }, (_, k) => k + 2);
  restrictPool(pool, setup.excluded, every, undefined);
  const resolver = new BuildrootResolver(pool, setup.group, setup.weak);
  let extras: SolveExtras = {};
  port.on('message', (msg: ToWorker) => {
    try {
      if (msg.kind === 'restrict') {
        const keep = msg.allowed && new Uint8Array(pool.nsolvables);
        if (keep) for (const p of msg.allowed!) keep[p] = 1;
        restrictPool(pool, setup.excluded, every, keep ? { has: (p) => keep[p] === 1 } : undefined);
        post({ kind: 'restricted' });
      } else {
        if (msg.extras) extras = msg.extras;
        const outcomes = msg.requests.map((r) => resolver.resolve(r, extras));
        post({ kind: 'solved', outcomes }, outcomes.flatMap((o) => [o.installed.buffer as ArrayBuffer, o.direct.buffer as ArrayBuffer]));
      }
    } catch (e) {
      post(failure(e));
    }
  });
  post({ kind: 'ready', nsolvables: pool.nsolvables });
} catch (e) {
  post(failure(e));
}
