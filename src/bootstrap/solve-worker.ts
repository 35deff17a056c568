/**
 * Worker thread entry: loads the binary repos from .solv bytes into its own pool and resolves
 * the buildroots it is sent. Solvable ids equal the main pool's, because the binary repos are
 * loaded in the same order into an empty pool there and here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from '../solv/index.js';
import { BuildrootResolver, type BuildrootRequest } from './resolve.js';

/** What the main thread gives each worker at start. */
export interface WorkerSetup {
  arch: string;
  repos: { name: string; solv: Uint8Array }[];
  excluded: number[];
  group: string[];
  weak: boolean;
}

const setup = workerData as WorkerSetup;
const pool = new Pool({ arch: setup.arch });
for (const r of setup.repos) pool.addRepo(r.name).addSolv(r.solv);
if (setup.excluded.length) pool.setExcluded(setup.excluded);
pool.createWhatProvides();
const resolver = new BuildrootResolver(pool, setup.group, setup.weak);
parentPort!.postMessage({ ready: true, nsolvables: pool.nsolvables });

parentPort!.on('message', (msg: { batch: number; requests: BuildrootRequest[] }) => {
  const outcomes = msg.requests.map((r) => resolver.resolve(r));
  parentPort!.postMessage({ batch: msg.batch, outcomes }, outcomes.flatMap((o) => [o.installed.buffer as ArrayBuffer, o.direct.buffer as ArrayBuffer]));
});
