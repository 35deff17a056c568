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
  const shares = new Shares(requests.length, workers);
  let done = 0;
  const threads = Array.from({ length: workers }, () => new Worker(workerFile, { workerData: setup }));
  try {
    await Promise.all(
      threads.map(
        (w, k) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              const range = shares.take(k, BATCH);
              if (!range) {
                resolve();
                return;
              }
              w.postMessage({ batch: range[0], requests: requests.slice(range[0], range[1]) });
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
              try {
                if (options.onOutcome) msg.outcomes!.forEach((_, k) => options.onOutcome!(msg.batch! + k, out[msg.batch! + k]));
                options.onProgress?.(done, requests.length);
              } catch (e) {
                // A caller's error surfaces from resolveAll, not as an uncaught exception of this event.
                reject(e);
              }
            });
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return out;
}

/**
 * Which requests each worker solves: a contiguous share each, in order, so that a worker's
 * solver sees neighbouring requests (callers pass them sorted by source name, and neighbours
 * share most of their buildroot: see BuildrootResolver); a worker whose share is done takes the
 * second half of the largest share left.
 */
export class Shares {
  readonly #next: number[];
  readonly #end: number[];

  constructor(count: number, workers: number) {
    this.#next = Array.from({ length: workers }, (_, w) => Math.floor((w * count) / workers));
    this.#end = Array.from({ length: workers }, (_, w) => Math.floor(((w + 1) * count) / workers));
  }

  /** The next range [start, end) of at most `batch` requests for worker `w`, or undefined when all are handed out. */
  take(w: number, batch: number): [number, number] | undefined {
    if (this.#next[w] >= this.#end[w]) {
      let v = -1;
      for (let i = 0; i < this.#next.length; i++) if (this.#end[i] - this.#next[i] > (v < 0 ? 0 : this.#end[v] - this.#next[v])) v = i;
      if (v < 0) return undefined;
      const left = this.#end[v] - this.#next[v];
      if (left <= 2 * batch) {
        // Too little to split: a batch from it.
        const start = this.#next[v];
        this.#next[v] = Math.min(start + batch, this.#end[v]);
        return [start, this.#next[v]];
      }
      const mid = this.#next[v] + (left >> 1);
      this.#next[w] = mid;
      this.#end[w] = this.#end[v];
      this.#end[v] = mid;
    }
    const start = this.#next[w];
    this.#next[w] = Math.min(start + batch, this.#end[w]);
    return [start, this.#next[w]];
  }
}
