/**
 * Worker thread of BuildrootSolvers: loads the binary repos from .solv bytes (same order as the
 * main pool, so solvable ids agree), then answers `restrict`, `extras` and `requests` messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from '../solv/index.js';
import type { BuildrootRequest } from './resolve.js';
import { LocalSolver, type SolverSetup } from './buildroot-solve.js';

/** What the main thread gives each worker at start. */
export interface BuildrootWorkerData extends SolverSetup {
  arch: string;
  repos: { name: string; solv: Uint8Array }[];
  excluded: number[];
  expected: number;
}

const data = workerData as BuildrootWorkerData;
const port = parentPort!;
try {
  const pool = new Pool({ arch: data.arch });
  for (const r of data.repos) pool.addRepo(r.name).addSolv(r.solv);
  const restrict = (allowed: Int32Array | null) => {
    pool.setExcluded([]);
    const ex = [...data.excluded];
    if (allowed) {
      const keep = new Uint8Array(pool.nsolvables);
      for (const p of allowed) keep[p] = 1;
      for (let p = 2; p < pool.nsolvables; p++) if (!keep[p]) ex.push(p);
    }
    if (ex.length) pool.setExcluded(ex);
    pool.createWhatProvides();
  };
  restrict(null);
  if (pool.nsolvables < data.expected) throw new Error(`worker pool has ${pool.nsolvables} solvables, expected at least ${data.expected}`);
  const solver = new LocalSolver(pool, data);
  let extras: { favor: Int32Array | null; lock: Int32Array | null } = { favor: null, lock: null };
  port.on('message', (msg: { restrict?: Int32Array | null; extras?: { favor: Int32Array | null; lock: Int32Array | null }; requests?: BuildrootRequest[] }) => {
    try {
      if (msg.restrict !== undefined) {
        restrict(msg.restrict);
        solver.reset();
        port.postMessage({ done: 1 });
      } else if (msg.extras) {
        extras = msg.extras;
        port.postMessage({ done: 1 });
      } else {
        const outcomes = msg.requests!.map((r) => solver.solve(r, extras));
        port.postMessage({ outcomes }, outcomes.map((o) => o.installed.buffer as ArrayBuffer));
      }
    } catch (e) {
      port.postMessage({ error: (e as Error).stack ?? String(e) });
    }
  });
  port.postMessage({ ready: true, nsolvables: pool.nsolvables });
} catch (e) {
  port.postMessage({ error: (e as Error).stack ?? String(e) });
}
