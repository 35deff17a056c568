/**
 * The solve service: buildroot solves on every core. Worker threads are started once, each with
 * its own wasm instance and a copy of the binary repos (sent as .solv bytes), and fed requests in
 * batches (Shares: contiguous shares, work stolen at the end) so both stay busy; each keeps one
 * BuildrootResolver, as this thread does when the service runs without workers. Order, buildroot
 * and readiness solve through it; a solve's answer is the same in a worker as in this thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { InternalError } from '../errors.js';
import { repoContentKey } from '../repodata/content-key.js';
import type { Pool, Repo } from '../solv/index.js';
import type { WorkerSetup } from './protocol.js';
import { requestKey, type BuildrootRequest } from './request.js';
import { BuildrootResolver, type BuildrootOutcome } from './resolver.js';
import type { SolveExtras } from './jobs.js';
import { feedThreads, SolveThread } from './threads.js';
import { cutRepos, reachableBinaries, restrictPool } from './universe.js';
import { BuildrootStore, type BuildrootStoreOptions, type PreviousContext } from './store.js';
import { takeSnapshot, type SnapshotWork } from './snapshot.js';
import { Carrier } from './carry.js';

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
  /**
   * Keep outcomes in (and read them from) the buildroot store in this cache folder (store.ts);
   * undefined: solve everything. Solves under a restriction or with favor/lock extras bypass it.
   */
  store?: BuildrootStoreOptions;
}

/** Options of {@link SolveService.solve}. */
export interface SolveOptions extends SolveExtras {
  /** Called with each outcome as it arrives (in no particular order), so a caller can work on it while the rest are solved. */
  onOutcome?: (index: number, outcome: BuildrootOutcome) => void;
  /** Called as outcomes arrive. */
  onProgress?: (done: number, total: number) => void;
}

/** At most this many solves at a time, while no worker runs, are done in this thread (the workers' start costs more). */
const LOCAL_SOLVES = 64;

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

/**
 * The store of buildroots of `group` over `binaryRepos` (the first repos of the finished `pool`),
 * for a caller that solves in this thread (why).
 */
export async function openStore(pool: Pool, binaryRepos: readonly Repo[], group: readonly string[], weak: boolean, options: BuildrootStoreOptions): Promise<BuildrootStore> {
  return BuildrootStore.open(options, { arch: pool.arch, group, weak, repos: binaryRepos.map(contentKey), excluded: pool.excluded, names: binaryRepos.map((r) => r.name) });
}

/** The solvers of a service, started at its first solve that the store cannot answer. */
interface Solvers {
  threads: SolveThread[];
  local?: BuildrootResolver;
  ids?: IdMap;
}

/** Buildroot solvers over one pool's binary repos: worker threads, or this thread. Call one method at a time. */
export class SolveService {
  readonly #pool: Pool;
  readonly #binaryRepos: readonly Repo[];
  readonly #group: readonly string[];
  readonly #options: SolveServiceOptions;
  readonly #baseExcluded: number[];
  readonly #store?: BuildrootStore;
  #solvers?: Promise<Solvers>;
  #started?: Solvers;
  #allowed: ReadonlySet<number> | undefined;
  #binaryIds?: Int32Array;
  #work?: SnapshotWork;
  #previous?: Promise<{ prev: PreviousContext; carrier?: Carrier } | undefined>;
  #carried = 0;
  /** This thread's resolver for a store miss too small to be worth starting the workers (see {@link LOCAL_SOLVES}). */
  #local?: BuildrootResolver;

  private constructor(pool: Pool, binaryRepos: readonly Repo[], group: readonly string[], options: SolveServiceOptions, store?: BuildrootStore) {
    this.#pool = pool;
    this.#binaryRepos = binaryRepos;
    this.#group = group;
    this.#options = options;
    this.#baseExcluded = pool.excluded;
    this.#store = store;
  }

  /**
   * Starts the solvers for buildroots of `group` over `binaryRepos`, which must be the first repos
   * of the finished, unrestricted `pool` (as openRepos and finishPool leave them). With a store,
   * the solvers start only when a solve misses it.
   */
  static async start(pool: Pool, binaryRepos: readonly Repo[], group: readonly string[], options: SolveServiceOptions = {}): Promise<SolveService> {
    const store = options.store && (await openStore(pool, binaryRepos, group, options.weak ?? false, options.store));
    const service = new SolveService(pool, binaryRepos, group, options, store);
    if (!store) await service.#startSolvers();
    return service;
  }

  /** Outcomes the store held when the service started plus those solved since (0 without a store). */
  get stored(): number {
    return this.#store?.size ?? 0;
  }

  /** Outcomes carried over from the previous context of the store's family instead of solved (carry.ts). */
  get carried(): number {
    return this.#carried;
  }

  #startSolvers(): Promise<Solvers> {
    this.#solvers ??= startSolvers(this.#pool, this.#binaryRepos, this.#group, this.#options, this.#baseExcluded).then(async (s) => {
      if (this.#allowed && !s.local) {
        const list = this.#toWorker(s, Int32Array.from(this.#allowed));
        await Promise.all(s.threads.map((t) => t.call({ kind: 'restrict', allowed: list })));
      }
      this.#started = s;
      return s;
    });
    return this.#solvers;
  }

  /** Number of parallel solvers (0 until they start: the store answered every solve so far; 1 while only this thread solved its few misses). */
  get parallelism(): number {
    return this.#solvers ? Math.max(1, this.#started?.threads.length ?? 1) : this.#local ? 1 : 0;
  }

  /**
   * Hides every binary outside `allowed` (pool ids; undefined: none) from every solver, this
   * pool's included (so its whatProvides answers match), until the next call. Solves under a
   * restriction bypass the store.
   */
  async restrict(allowed: ReadonlySet<number> | undefined): Promise<void> {
    this.#binaryIds ??= binaryIds(this.#pool, this.#binaryRepos);
    restrictPool(this.#pool, this.#baseExcluded, this.#binaryIds, allowed);
    this.#allowed = allowed;
    if (!this.#solvers) return; // applied when they start
    const s = await this.#solvers;
    if (s.local) return; // its resolver sees the new index generation and starts a new solver
    const list = allowed ? this.#toWorker(s, Int32Array.from(allowed)) : null;
    await Promise.all(s.threads.map((t) => t.call({ kind: 'restrict', allowed: list })));
  }

  /**
   * Solves each request's buildroot (group + BuildRequires, BuildConflicts out, favor and lock
   * extras); outcomes in request order. Outcomes the store holds are read from it; the rest are
   * solved and added to it.
   */
  async solve(requests: readonly BuildrootRequest[], options: SolveOptions = {}): Promise<BuildrootOutcome[]> {
    const store = this.#allowed || options.favor?.length || options.lock?.length ? undefined : this.#store;
    if (!store) return this.#solveAll(requests, options);
    const out: BuildrootOutcome[] = new Array(requests.length);
    const keys = requests.map(requestKey);
    const missing: number[] = [];
    keys.forEach((k, i) => {
      const o = store.get(k);
      if (o) out[i] = { ok: o.ok, installed: o.installed.slice(), direct: o.direct.slice() };
      else missing.push(i);
    });
    if (missing.length) {
      const rest = await this.#carry(store, requests, keys, missing, out);
      if (rest !== missing) {
        missing.length = 0;
        for (const i of rest) missing.push(i);
      }
    }
    let done = requests.length - missing.length;
    for (let i = 0; i < requests.length; i++) if (out[i]) options.onOutcome?.(i, out[i]);
    if (done) options.onProgress?.(done, requests.length);
    if (missing.length) {
      const missed = missing.map((i) => requests[i]);
      const missOptions: SolveOptions = {
        ...options,
        onOutcome: (k, o) => options.onOutcome?.(missing[k], o),
        onProgress: () => options.onProgress?.(++done, requests.length),
      };
      const solved = this.#solveLocally(missing.length) ? this.#solveHere(missed, missOptions) : await this.#solveAll(missed, missOptions);
      solved.forEach((o, k) => {
        out[missing[k]] = o;
        store.put(keys[missing[k]], o);
      });
      await store.flush();
    }
    return out;
  }

  /**
   * Fills `out` for the `missing` requests that the previous context of the store's family holds
   * and that the carry rule keeps (putting them in the store), and returns the rest. Takes this
   * pool's snapshot for the store when it has none.
   */
  async #carry(store: BuildrootStore, requests: readonly BuildrootRequest[], keys: string[], missing: number[], out: BuildrootOutcome[]): Promise<number[]> {
    this.#previous ??= store.previous().then((prev) => (prev && prev.entries.size ? { prev } : undefined));
    const previous = await this.#previous;
    if (!previous && !store.needsSnapshot) return missing;
    // Taken once, at the first solve that misses: a later request whose texts it lacks is solved, not carried.
    this.#work ??= takeSnapshot(this.#pool, this.#binaryRepos, this.#group, [...(this.#options.universe ?? []), ...requests], this.#options.weak ?? false);
    if (store.needsSnapshot) store.setSnapshot(this.#work.snap);
    if (!previous) return missing;
    previous.carrier ??= new Carrier(this.#pool, previous.prev.snapshot, this.#work, this.#group, this.#options.weak ?? false);
    const rest: number[] = [];
    for (const i of missing) {
      const old = previous.prev.entries.get(keys[i]);
      const o = old && previous.carrier.carry(requests[i], old);
      if (!o) {
        rest.push(i);
        continue;
      }
      out[i] = o;
      store.put(keys[i], o);
      this.#carried++;
    }
    if (rest.length < missing.length && !rest.length) await store.flush();
    return rest;
  }

  /**
   * Whether the store's `misses` are solved in this thread: a handful while no worker runs (a
   * small repo change), as starting workers costs each a copy of the pool.
   */
  #solveLocally(misses: number): boolean {
    return !this.#solvers && misses <= LOCAL_SOLVES && (this.#options.workers ?? 2) > 1;
  }

  /** `requests` solved by this thread's resolver. */
  #solveHere(requests: readonly BuildrootRequest[], options: SolveOptions): BuildrootOutcome[] {
    this.#local ??= new BuildrootResolver(this.#pool, this.#group, this.#options.weak ?? false);
    const local = this.#local;
    const extras = { favor: options.favor, lock: options.lock };
    return requests.map((r, i) => {
      const o = local.resolve(r, extras);
      options.onOutcome?.(i, o);
      options.onProgress?.(i + 1, requests.length);
      return o;
    });
  }

  /** Stops the workers (and frees this thread's solvers). */
  async close(): Promise<void> {
    this.#local?.free();
    this.#local = undefined;
    if (!this.#solvers) return;
    const s = await this.#solvers.catch(() => undefined);
    s?.local?.free();
    await Promise.all((s?.threads ?? []).map((t) => t.close()));
  }

  /** Every request solved by the solvers (started when not yet). */
  async #solveAll(requests: readonly BuildrootRequest[], options: SolveOptions): Promise<BuildrootOutcome[]> {
    const s = await this.#startSolvers();
    if (s.local) {
      const extras = { favor: options.favor, lock: options.lock };
      return requests.map((r, i) => {
        const o = s.local!.resolve(r, extras);
        options.onOutcome?.(i, o);
        options.onProgress?.(i + 1, requests.length);
        return o;
      });
    }
    checkUniverse(s, requests);
    const extras = { favor: this.#toWorker(s, options.favor), lock: this.#toWorker(s, options.lock) };
    const out: BuildrootOutcome[] = new Array(requests.length);
    let done = 0;
    await feedThreads(s.threads, requests, extras, (start, outcomes) => {
      outcomes.forEach((o, k) => (out[start + k] = toMain(s, o)));
      done += outcomes.length;
      if (options.onOutcome) outcomes.forEach((_, k) => options.onOutcome!(start + k, out[start + k]));
      options.onProgress?.(done, requests.length);
    });
    return out;
  }

  /** Pool ids as worker ids (those outside a cut dropped: no worker solve can meet them). */
  #toWorker(s: Solvers, list: Int32Array | null | undefined): Int32Array | null {
    if (!list) return null;
    const map = s.ids?.toWorker;
    if (!map) return list;
    return Int32Array.from(Array.from(list, (p) => map[p]).filter((q) => q > 0));
  }
}

/** The solvers of a service: worker threads (their pools cut to the universe when one is given), or this thread's resolver. */
async function startSolvers(pool: Pool, binaryRepos: readonly Repo[], group: readonly string[], options: SolveServiceOptions, baseExcluded: number[]): Promise<Solvers> {
  const weak = options.weak ?? false;
  let n = options.workers ?? defaultWorkers();
  if (options.workers === undefined && options.universe) n = Math.min(n, Math.ceil(options.universe.length / 64));
  if (n <= 1) return { threads: [], local: new BuildrootResolver(pool, group, weak) };
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
  return { threads, ids };
}

/** A request outside the universe the workers were cut to would be solved wrongly. */
function checkUniverse(s: Solvers, requests: readonly BuildrootRequest[]): void {
  const deps = s.ids?.deps;
  if (!deps) return;
  for (const r of requests) for (const d of r.requires) if (!deps.has(d)) throw new InternalError(`a buildroot request (BuildRequires ${d}) outside the universe the solve service was started with`);
}

/** A worker's outcome in pool ids. */
function toMain(s: Solvers, o: BuildrootOutcome): BuildrootOutcome {
  const map = s.ids?.toMain;
  if (!map) return o;
  return { ok: o.ok, installed: o.installed.map((q) => map[q]).sort(), direct: o.direct.map((v, k) => (k % 2 === 0 ? map[v] : v)) };
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

/** A binary repo's content key for the store: its loader's (see repoContentKey), else a hash of its .solv form; with its place in the pool. */
/** The key of a repository's content and place in its pool, as the buildroot store keys contexts by it. */
export function repoStoreKey(repo: Repo): string {
  return contentKey(repo);
}

function contentKey(repo: Repo): string {
  const key = repoContentKey(repo) ?? `solv:${createHash('sha256').update(repo.writeSolv()).digest('hex')}`;
  return `${repo.start}-${repo.end}:${key}`;
}
