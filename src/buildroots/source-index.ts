/**
 * The pool as the buildroot computations see it: binaries of the binary repos grouped by the
 * source package they are built from, the newest source package of each name with its build
 * request, and restricting the solver to a set of binaries.
 */
import type { Pool, Repo } from '../solv/index.js';
import { buildrootRequest, newestSources, type BuildrootRequest } from './request.js';
import { restrictPool } from './universe.js';

/** Binary and source packages of a pool, indexed by source name. */
export class SourceIndex {
  /** The pool. */
  readonly pool: Pool;
  /** Binary repos (the first repos of the pool, as the solve service needs). */
  readonly binaryRepos: Repo[];
  /** Newest source solvable of each source name (see newestSources). */
  readonly newest: Map<string, number>;
  /** Every binary solvable id of the binary repos, ascending. */
  readonly binaryIds: Int32Array;
  /** The pool's own excluded ids (module filtering), kept under every restriction. */
  readonly baseExcluded: number[];
  /** Source name of each binary, by solvable id (undefined for non-binaries). */
  readonly #sourceOf: (string | undefined)[];
  /** Binaries of each source name (whether or not that source is in the source repos). */
  readonly #binariesOf = new Map<string, number[]>();
  /** Name of each solvable by id. */
  readonly #names: Int32Array;
  readonly #nameText: string[] = [];
  readonly #requests = new Map<string, BuildrootRequest>();

  /** Indexes a finished pool. */
  constructor(pool: Pool, binaryRepos: Repo[], sourceRepos: Repo[]) {
    this.pool = pool;
    this.binaryRepos = binaryRepos;
    this.baseExcluded = pool.excluded;
    const t = pool.solvableTable();
    this.#names = t.name;
    this.newest = newestSources(pool, sourceRepos, t);
    const srcName = pool.sourceNameTable();
    const bin = new Set(binaryRepos.map((r) => r.id));
    const ids: number[] = [];
    this.#sourceOf = new Array(t.repo.length);
    const nameCache = new Map<number, string>();
    const str = (id: number) => nameCache.get(id) ?? (nameCache.set(id, pool.id2str(id)), nameCache.get(id)!);
    for (let p = 2; p < t.repo.length; p++) {
      if (!bin.has(t.repo[p])) continue;
      const s = str(srcName[p] || t.name[p]);
      ids.push(p);
      this.#sourceOf[p] = s;
      let l = this.#binariesOf.get(s);
      if (!l) this.#binariesOf.set(s, (l = []));
      l.push(p);
    }
    this.binaryIds = Int32Array.from(ids);
  }

  /** The source name a binary is built from (its SOURCENAME, else its own name). */
  sourceOf(p: number): string {
    return this.#sourceOf[p] ?? this.name(p);
  }

  /** Binary solvables built from source `name` (empty when none). */
  binariesOf(name: string): readonly number[] {
    return this.#binariesOf.get(name) ?? [];
  }

  /** The package name of solvable `p`. */
  name(p: number): string {
    return (this.#nameText[p] ??= this.pool.id2str(this.#names[p]));
  }

  /** True when `name` is a source package of the source repos. */
  hasSource(name: string): boolean {
    return this.newest.has(name);
  }

  /** The buildroot request of source `name` (see buildrootRequest), memoised. */
  request(name: string): BuildrootRequest {
    let r = this.#requests.get(name);
    if (!r) this.#requests.set(name, (r = buildrootRequest(this.pool, this.newest.get(name)!)));
    return r;
  }

  /**
   * Hides every binary not in `allowed` from the solver (plus the pool's own excludes) and
   * rebuilds the provides index; `undefined` lifts the restriction.
   */
  restrict(allowed: { has(p: number): boolean } | undefined): void {
    restrictPool(this.pool, this.baseExcluded, this.binaryIds, allowed);
  }
}
