/**
 * Resolving many buildroots on every core: worker threads, each with its own wasm instance and a
 * copy of the binary repos (sent once as .solv bytes), fed in small batches so both stay busy.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Pool, Repo } from '../solv/index.js';
import { BuildrootResolver, type BuildrootOutcome, type BuildrootRequest } from './resolve.js';
import type { WorkerSetup } from './solve-worker.js';
import { cutRepos, reachableBinaries } from './universe.js';

/** Options of {@link resolveAll}. */
export interface ResolveAllOptions {
  /** Worker threads; 0 or 1 resolves in this thread. Default: the machine's cores. */
  workers?: number;
  /** Install weak dependencies. */
  weak?: boolean;
  /** Called as outcomes arrive. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Called with each outcome as it arrives (in no particular order), so a caller can work on it
   * while the remaining requests are solved.
   */
  onOutcome?: (index: number, outcome: BuildrootOutcome) => void;
}

const workerFile = new URL('./solve-worker.js', import.meta.url);
// Workers need compiled JavaScript; under a TypeScript runner (tests) resolve in this thread.
const canUseWorkers = workerFile.pathname.endsWith('.js') && !import.meta.url.endsWith('.ts');

/** The default number of workers: one per core. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Resolves every request against the pool's binary repos (which must be the pool's first repos,
 * loaded before any other). Results are in request order.
 */
export async function resolveAll(pool: Pool, binaryRepos: Repo[], group: readonly string[], requests: BuildrootRequest[], options: ResolveAllOptions = {}): Promise<BuildrootOutcome[]> {
  const workers = Math.min(options.workers ?? defaultWorkers(), Math.ceil(requests.length / 64));
  if (!canUseWorkers || workers <= 1) {
    const resolver = new BuildrootResolver(pool, group, options.weak ?? false);
    try {
      return requests.map((r, i) => {
        const o = resolver.resolve(r);
        options.onOutcome?.(i, o);
        options.onProgress?.(i + 1, requests.length);
        return o;
      });
    } finally {
      resolver.free();
    }
  }
  const weak = options.weak ?? false;
  // Workers get the binary repos cut down to what a buildroot can reach (see universe.ts); with
  // weak dependencies on, Supplements could pull in anything, so they get everything.
  const excludedIds = new Set(pool.excluded);
  const cut = weak ? undefined : cutRepos(binaryRepos, reachableBinaries(pool, binaryRepos, group, requests).filter((p) => !excludedIds.has(p)));
  const setup: WorkerSetup = {
    arch: pool.arch,
    repos: cut ? cut.repos : binaryRepos.map((r) => ({ name: r.name, solv: r.writeSolv() })),
    excluded: cut ? [] : pool.excluded,
    group: [...group],
    weak,
  };
  const idMap = cut?.idMap;
  const expected = idMap ? idMap.length : binaryRepos.reduce((n, r) => Math.max(n, r.end), 0);
  const toMain = (o: BuildrootOutcome): BuildrootOutcome => {
    if (!idMap) return o;
    const installed = o.installed.map((q) => idMap[q]).sort();
    const direct = o.direct.map((v, k) => (k % 2 === 0 ? idMap[v] : v));
    return { ok: o.ok, installed, direct };
  };
  const out: BuildrootOutcome[] = new Array(requests.length);
  const BATCH = 32;
  let next = 0;
  let done = 0;
  const threads = Array.from({ length: workers }, () => new Worker(workerFile, { workerData: setup }));
  try {
    await Promise.all(
      threads.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            let current = -1;
            const send = () => {
              if (next >= requests.length) {
                resolve();
                return;
              }
              current = next;
              next = Math.min(next + BATCH, requests.length);
              w.postMessage({ batch: current, requests: requests.slice(current, next) });
            };
            w.on('error', reject);
            w.on('exit', (code) => code !== 0 && reject(new Error(`buildroot worker exited with code ${code}`)));
            w.on('message', (msg: { ready?: boolean; nsolvables?: number; batch?: number; outcomes?: BuildrootOutcome[] }) => {
              if (msg.ready) {
                if (idMap ? msg.nsolvables !== expected : (msg.nsolvables ?? 0) < expected) reject(new Error(`worker pool has ${msg.nsolvables} solvables, expected ${expected}`));
                send();
                return;
              }
              msg.outcomes!.forEach((o, k) => (out[msg.batch! + k] = toMain(o)));
              done += msg.outcomes!.length;
              // The next batch first: the worker solves it while this thread handles the outcomes.
              send();
              if (options.onOutcome) msg.outcomes!.forEach((_, k) => options.onOutcome!(msg.batch! + k, out[msg.batch! + k]));
              options.onProgress?.(done, requests.length);
            });
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return out;
}
