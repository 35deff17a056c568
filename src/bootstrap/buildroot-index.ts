/**
 * The pool as the buildroot computations see it: binaries of the binary repos grouped by the
 * source package they are built from, the newest source package of each name with its build
 * request, and restricting the solver to a set of binaries (Pool.setExcluded for the rest).
 */
import type { Pool, Repo } from '../solv/index.js';
import type { BuildrootRequest } from './resolve.js';

const isRpmlib = (s: string) => s.startsWith('rpmlib(');

/** Binary and source packages of a pool, indexed by source name. */
export class SourceIndex {
  /** The pool. */
  readonly pool: Pool;
  /** Binary repos (the first repos of the pool, as resolveAll needs). */
  readonly binaryRepos: Repo[];
  /** Newest source solvable of each source name. */
  readonly newest = new Map<string, number>();
  /** Every binary solvable id of the binary repos, ascending. */
  readonly binaryIds: Int32Array;
  /** Source name of each binary, by solvable id (undefined for non-binaries). */
  readonly #sourceOf: (string | undefined)[];
  /** Binaries of each source name (whether or not that source is in the source repos). */
  readonly #binariesOf = new Map<string, number[]>();
  /** Name of each solvable by id. */
  readonly #names: Int32Array;
  readonly #requests = new Map<string, BuildrootRequest>();
  /** The pool's own excluded ids (module filtering), kept under every restriction. */
  readonly baseExcluded: number[];

  /** Indexes a finished pool. */
  constructor(pool: Pool, binaryRepos: Repo[], sourceRepos: Repo[]) {
    this.pool = pool;
    this.binaryRepos = binaryRepos;
    this.baseExcluded = pool.excluded;
    const t = pool.solvableTable();
    this.#names = t.name;
    const srcName = pool.sourceNameTable();
    const bin = new Set(binaryRepos.map((r) => r.id));
    const src = new Set(sourceRepos.map((r) => r.id));
    const srcArch = pool.str2id('src');
    const nosrcArch = pool.str2id('nosrc');
    const ids: number[] = [];
    this.#sourceOf = new Array(t.repo.length);
    const nameCache = new Map<number, string>();
    const str = (id: number) => nameCache.get(id) ?? (nameCache.set(id, pool.id2str(id)), nameCache.get(id)!);
    for (let p = 2; p < t.repo.length; p++) {
      if (bin.has(t.repo[p])) {
        const s = str(srcName[p] || t.name[p]);
        ids.push(p);
        this.#sourceOf[p] = s;
        let l = this.#binariesOf.get(s);
        if (!l) this.#binariesOf.set(s, (l = []));
        l.push(p);
      } else if (src.has(t.repo[p]) && (t.arch[p] === srcArch || t.arch[p] === nosrcArch)) {
        const name = str(t.name[p]);
        const prev = this.newest.get(name);
        if (prev === undefined || pool.evrcmp(pool.id2str(t.evr[p]), pool.id2str(t.evr[prev])) > 0) this.newest.set(name, p);
      }
    }
    this.binaryIds = Int32Array.from(ids);
  }

  /** The source name a binary is built from (its SOURCENAME, else its own name). */
  sourceOf(p: number): string {
    return this.#sourceOf[p] ?? this.pool.id2str(this.#names[p]);
  }

  /** Binary solvables built from source `name` (empty when none). */
  binariesOf(name: string): readonly number[] {
    return this.#binariesOf.get(name) ?? [];
  }

  readonly #nameText: string[] = [];

  /** The package name of solvable `p`. */
  name(p: number): string {
    return (this.#nameText[p] ??= this.pool.id2str(this.#names[p]));
  }

  /** True when `name` is a source package of the source repos. */
  hasSource(name: string): boolean {
    return this.newest.has(name);
  }

  /** The buildroot request of source `name`: its BuildRequires (rpmlib() ones dropped) and BuildConflicts. */
  request(name: string): BuildrootRequest {
    let r = this.#requests.get(name);
    if (!r) {
      const s = this.pool.solvable(this.newest.get(name)!);
      r = { requires: s.deps('requires').filter((d) => !isRpmlib(d)), conflicts: s.deps('conflicts') };
      this.#requests.set(name, r);
    }
    return r;
  }

  /**
   * Hides every binary not in `allowed` from the solver (plus the pool's own excludes) and
   * rebuilds the provides index; `undefined` lifts the restriction. Solvers made before must
   * not be reused.
   */
  restrict(allowed: { has(p: number): boolean } | undefined): void {
    const ex = [...this.baseExcluded];
    if (allowed) for (const p of this.binaryIds) if (!allowed.has(p)) ex.push(p);
    // libsolv's considered map only ever loses entries, so clear it before setting a new one.
    this.pool.setExcluded([]);
    if (ex.length) this.pool.setExcluded(ex);
    this.pool.createWhatProvides();
  }
}
