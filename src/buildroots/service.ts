/**
 * The solve service: buildroot solves on every core. Worker threads are started once, each with
 * its own wasm instance and a copy of the binary repos (sent as .solv bytes), and fed requests in
 * batches (Shares: contiguous shares, work stolen at the end) so both stay busy; each keeps one
 * BuildrootResolver, as this thread does when the service runs without workers. Order, buildroot
 * and readiness solve through it; a solve's answer is the same in a worker as in this thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InternalError } from '../errors.js';
import type { Pool, Repo } from '../solv/index.js';
import type { WorkerSetup } from './protocol.js';
import type { BuildrootRequest } from './request.js';
import { BuildrootResolver, type BuildrootOutcome } from './resolver.js';
import type { SolveExtras } from './jobs.js';
import { feedThreads, SolveThread } from './threads.js';
import { cutRepos, reachableBinaries, restrictPool } from './universe.js';

/** Options of {@link SolveService.start}. */
export interface SolveServiceOptions {
  /** Install weak dependencies (mock does not). */
  weak?: boolean;
  /** Worker threads; 0 or 1 solves in this thread. Default: one per core (see `universe`). */
  workers?: number;
  /**
   * Every request the service will be asked, when the caller knows them up front (order,
   * readiness): worker pools are then cut to the binaries these can reach (see universe.ts), and
   * the default number of workers is capped at one per 64 requests. Solving a request outside it
   * is an internal error.
   */
  universe?: readonly BuildrootRequest[];
}

/** Options of {@link SolveService.solve}. */
export interface SolveOptions extends SolveExtras {
  /** Called with each outcome as it arrives (in no particular order), so a caller can work on it while the rest are solved. */
  onOutcome?: (index: number, outcome: BuildrootOutcome) => void;
  /** Called as outcomes arrive. */
  onProgress?: (done: number, total: number) => void;
}

/** The default number of workers: one per core. */
export function defaultWorkers(): number {
  return availableParallelism();
}

// Compiled builds start worker.js; under a TypeScript runner (tests, tsx) worker-tsx.mjs loads worker.ts.
const workerEntry = new URL(import.meta.url.endsWith('.ts') ? './worker-tsx.mjs' : './worker.js', import.meta.url);

/** Worker ids when the worker pools are cut to a universe: worker id -> pool id, and back. */
interface IdMap {
  toMain: Int32Array;
  toWorker: Int32Array;
  /** The BuildRequires texts the universe was cut for. */
  deps: Set<string>;
}

/** Buildroot solvers over one pool's binary repos: worker threads, or this thread. Call one method at a time. */
export class SolveService {
  readonly #pool: Pool;
  readonly #binaryRepos: readonly Repo[];
  readonly #baseExcluded: number[];
  readonly #threads: SolveThread[];
  readonly #local?: BuildrootResolver;
  readonly #ids?: IdMap;
  #binaryIds?: Int32Array;

  private constructor(pool: Pool, binaryRepos: readonly Repo[], baseExcluded: number[], threads: SolveThread[], local?: BuildrootResolver, ids?: IdMap) {
    this.#pool = pool;
    this.#binaryRepos = binaryRepos;
    this.#baseExcluded = baseExcluded;
    this.#threads = threads;
    this.#local = local;
    this.#ids = ids;
  }

  /**
   * Starts the solvers for buildroots of `group` over `binaryRepos`, which must be the first repos
   * of the finished, unrestricted `pool` (as openRepos and finishPool leave them).
   */
  static async start(pool: Pool, binaryRepos: readonly Repo[], group: readonly string[], options: SolveServiceOptions = {}): Promise<SolveService> {
    const weak = options.weak ?? false;
    const baseExcluded = pool.excluded;
    let n = options.workers ?? defaultWorkers();
    if (options.workers === undefined && options.universe) n = Math.min(n, Math.ceil(options.universe.length / 64));
    if (n <= 1) return new SolveService(pool, binaryRepos, baseExcluded, [], new BuildrootResolver(pool, group, weak));
    // With weak dependencies on, Supplements could pull in anything: no cut then.
    const universe = weak ? undefined : options.universe;
    const excludedIds = new Set(baseExcluded);
    const cut = universe && cutRepos(binaryRepos, reachableBinaries(pool, binaryRepos, group, universe).filter((p) => !excludedIds.has(p)));
    const setup: WorkerSetup = {
      arch: pool.arch,
      repos: cut ? cut.repos : binaryRepos.map((r) => ({ name: r.name, solv: r.writeSolv() })),
      excluded: cut ? [] : baseExcluded,
      group: [...group],
      weak,
    };
    const ids = cut && universe ? idMap(cut.idMap, pool.nsolvables, universe) : undefined;
    const expected = ids ? ids.toMain.length : binaryRepos.reduce((m, r) => Math.max(m, r.end), 0);
    const threads = Array.from({ length: n }, () => new SolveThread(new Worker(workerEntry, { workerData: setup })));
    try {
      const sizes = await Promise.all(threads.map((t) => t.ready));
      const bad = sizes.find((s) => (ids ? s !== expected : s < expected));
      if (bad !== undefined) throw new InternalError(`a solve worker's pool has ${bad} solvables, expected ${ids ? '' : 'at least '}${expected}`);
    } catch (e) {
      await Promise.all(threads.map((t) => t.close()));
      throw e;
    }
    return new SolveService(pool, binaryRepos, baseExcluded, threads, undefined, ids);
  }

  /** Number of parallel solvers. */
  get parallelism(): number {
    return Math.max(1, this.#threads.length);
  }

  /**
   * Hides every binary outside `allowed` (pool ids; undefined: none) from every solver, this
   * pool's included (so its whatProvides answers match), until the next call.
   */
  async restrict(allowed: ReadonlySet<number> | undefined): Promise<void> {
    this.#binaryIds ??= binaryIds(this.#pool, this.#binaryRepos);
    restrictPool(this.#pool, this.#baseExcluded, this.#binaryIds, allowed);
    if (this.#local) return; // its resolver sees the new index generation and starts a new solver
    const list = allowed ? this.#toWorker(Int32Array.from(allowed)) : null;
    await Promise.all(this.#threads.map((t) => t.call({ kind: 'restrict', allowed: list })));
  }

  /** Solves each request's buildroot (group + BuildRequires, BuildConflicts out, favor and lock extras); outcomes in request order. */
  async solve(requests: readonly BuildrootRequest[], options: SolveOptions = {}): Promise<BuildrootOutcome[]> {
    if (this.#local) {
      const extras = { favor: options.favor, lock: options.lock };
      return requests.map((r, i) => {
        const o = this.#local!.resolve(r, extras);
        options.onOutcome?.(i, o);
        options.onProgress?.(i + 1, requests.length);
        return o;
      });
    }
    this.#checkUniverse(requests);
    const extras = { favor: this.#toWorker(options.favor), lock: this.#toWorker(options.lock) };
    const out: BuildrootOutcome[] = new Array(requests.length);
    let done = 0;
    await feedThreads(this.#threads, requests, extras, (start, outcomes) => {
      outcomes.forEach((o, k) => (out[start + k] = this.#toMain(o)));
      done += outcomes.length;
      if (options.onOutcome) outcomes.forEach((_, k) => options.onOutcome!(start + k, out[start + k]));
      options.onProgress?.(done, requests.length);
    });
    return out;
  }

  /** Stops the workers (and frees this thread's solvers). */
  async close(): Promise<void> {
    this.#local?.free();
    await Promise.all(this.#threads.map((t) => t.close()));
  }

  /** A request outside the universe the workers were cut to would be solved wrongly. */
  #checkUniverse(requests: readonly BuildrootRequest[]): void {
    const deps = this.#ids?.deps;
    if (!deps) return;
    for (const r of requests) for (const d of r.requires) if (!deps.has(d)) throw new InternalError(`a buildroot request (BuildRequires ${d}) outside the universe the solve service was started with`);
  }

  /** Pool ids as worker ids (those outside a cut dropped: no worker solve can meet them). */
  #toWorker(list: Int32Array | null | undefined): Int32Array | null {
    if (!list) return null;
    const map = this.#ids?.toWorker;
    if (!map) return list;
    return Int32Array.from(Array.from(list, (p) => map[p]).filter((q) => q > 0));
  }

  /** A worker's outcome in pool ids. */
  #toMain(o: BuildrootOutcome): BuildrootOutcome {
    const map = this.#ids?.toMain;
    if (!map) return o;
    return { ok: o.ok, installed: o.installed.map((q) => map[q]).sort(), direct: o.direct.map((v, k) => (k % 2 === 0 ? map[v] : v)) };
  }
}

/** The two directions of a cut's id mapping. */
function idMap(toMain: Int32Array, nsolvables: number, universe: readonly BuildrootRequest[]): IdMap {
  const toWorker = new Int32Array(nsolvables);
  toMain.forEach((p, q) => q >= 2 && (toWorker[p] = q));
  return { toMain, toWorker, deps: new Set(universe.flatMap((r) => r.requires)) };
}

/** Every solvable id of the binary repos, ascending. */
function binaryIds(pool: Pool, binaryRepos: readonly Repo[]): Int32Array {
  const table = pool.solvableTable();
  const repoIds = new Set(binaryRepos.map((r) => r.id));
  const ids: number[] = [];
  for (let p = 2; p < table.repo.length; p++) if (repoIds.has(table.repo[p])) ids.push(p);
  return Int32Array.from(ids);
}
