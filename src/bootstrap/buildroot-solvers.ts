/**
 * Buildroot solves on every core for the buildroot commands: worker threads started once, each
 * with its own wasm instance and copy of the binary repos, that can be restricted to a set of
 * binaries and take favor and lock lists with a batch. resolveAll (parallel.ts) starts fresh
 * workers per call, which costs more than a round of the closure on a large distribution
 * (~0.5 s each time for 63k packages); this keeps them for the closure and the proof.
 */
import { Worker } from 'node:worker_threads';
import { defaultWorkers } from './parallel.js';
import type { BuildrootRequest } from './resolve.js';
import type { SourceIndex } from './buildroot-index.js';
import { LocalSolver, type SolveOutcome, type SolverSetup } from './buildroot-solve.js';

/** Extra jobs for a batch: solvable ids to favour and to keep out. */
export interface BatchExtras {
  /** Favoured when there is a choice (libsolv favor jobs). */
  favor?: Int32Array;
  /** Never installed (lock jobs). */
  lock?: Int32Array;
}

const workerFile = new URL('./buildroot-worker.js', import.meta.url);
// Workers need compiled JavaScript; under a TypeScript runner (tests) solve in this thread.
const canUseWorkers = workerFile.pathname.endsWith('.js') && !import.meta.url.endsWith('.ts');

type Reply = { ready?: true; nsolvables?: number; done?: number; outcomes?: SolveOutcome[]; error?: string };

/** A set of solvers over the same binary repos: worker threads, or this thread. */
export class BuildrootSolvers {
  readonly #index: SourceIndex;
  readonly #threads: Worker[];
  readonly #local?: LocalSolver;
  #seq = 0;

  private constructor(index: SourceIndex, setup: SolverSetup, threads: Worker[]) {
    this.#index = index;
    this.#threads = threads;
    if (!threads.length) this.#local = new LocalSolver(index.pool, setup);
  }

  /** Starts `workers` threads (default one per core; 0 or 1, or under a TypeScript runner: this thread). */
  static async start(index: SourceIndex, group: readonly string[], options: { weak?: boolean; workers?: number } = {}): Promise<BuildrootSolvers> {
    const setup: SolverSetup = { group: [...group], weak: options.weak ?? false };
    const n = options.workers ?? defaultWorkers();
    if (!canUseWorkers || n <= 1) return new BuildrootSolvers(index, setup, []);
    const pool = index.pool;
    const data = {
      ...setup,
      arch: pool.arch,
      repos: index.binaryRepos.map((r) => ({ name: r.name, solv: r.writeSolv() })),
      excluded: index.baseExcluded,
      expected: index.binaryRepos.reduce((m, r) => Math.max(m, r.end), 0),
    };
    const threads = Array.from({ length: n }, () => new Worker(workerFile, { workerData: data }));
    try {
      await Promise.all(threads.map((w) => once(w)));
    } catch (e) {
      await Promise.all(threads.map((w) => w.terminate()));
      throw e;
    }
    return new BuildrootSolvers(index, setup, threads);
  }

  /** Number of parallel solvers. */
  get parallelism(): number {
    return Math.max(1, this.#threads.length);
  }

  /** Hides every binary outside `allowed` (undefined: none) from every solver, the main pool's included. */
  async restrict(allowed: ReadonlySet<number> | undefined): Promise<void> {
    this.#index.restrict(allowed);
    if (this.#local) {
      this.#local.reset();
      return;
    }
    const list = allowed ? Int32Array.from(allowed) : undefined;
    await Promise.all(this.#threads.map((w) => call(w, { restrict: list ?? null })));
  }

  /** Solves each request's buildroot (group + BuildRequires, BuildConflicts out, `extras`); outcomes in request order. */
  async solve(requests: readonly BuildrootRequest[], extras: BatchExtras = {}): Promise<SolveOutcome[]> {
    if (this.#local) return requests.map((r) => this.#local!.solve(r, extras));
    const out: SolveOutcome[] = new Array(requests.length);
    const size = Math.max(4, Math.min(32, Math.ceil(requests.length / (this.#threads.length * 8))));
    let next = 0;
    const seq = ++this.#seq;
    await Promise.all(
      this.#threads.map(async (w) => {
        // Extras go to each worker once per call.
        await call(w, { extras: { seq, favor: extras.favor ?? null, lock: extras.lock ?? null } });
        while (next < requests.length) {
          const start = next;
          next = Math.min(next + size, requests.length);
          const reply = await call(w, { seq, requests: requests.slice(start, next) });
          reply.outcomes!.forEach((o, k) => (out[start + k] = o));
        }
      }),
    );
    return out;
  }

  /** Stops the workers (and frees this thread's solver). */
  async close(): Promise<void> {
    this.#local?.free();
    await Promise.all(this.#threads.map((w) => w.terminate()));
  }
}

function once(w: Worker): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: Reply) => {
      cleanup();
      if (m.error) reject(new Error(m.error));
      else resolve(m);
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`buildroot worker exited with code ${code}`));
    };
    const cleanup = () => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
  });
}

function call(w: Worker, msg: unknown): Promise<Reply> {
  const p = once(w);
  w.postMessage(msg);
  return p;
}
