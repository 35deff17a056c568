/** Solvable: one package in a pool, as (pool, id). Needs no freeing. */
import { C, readString, withQueue } from '../native/index.js';
import type { Pool } from './pool.js';
import type { Repo } from './repo.js';

/** The dependency kinds of a package. */
export type DepKind = 'provides' | 'requires' | 'conflicts' | 'obsoletes' | 'recommends' | 'suggests' | 'supplements' | 'enhances';

/** libsolv key id of each dependency kind. */
export const depKeys: Record<DepKind, number> = {
  provides: C.SOLVABLE_PROVIDES,
  requires: C.SOLVABLE_REQUIRES,
  conflicts: C.SOLVABLE_CONFLICTS,
  obsoletes: C.SOLVABLE_OBSOLETES,
  recommends: C.SOLVABLE_RECOMMENDS,
  suggests: C.SOLVABLE_SUGGESTS,
  supplements: C.SOLVABLE_SUPPLEMENTS,
  enhances: C.SOLVABLE_ENHANCES,
};

/**
 * Which part of a dependency list: for requires, `pre` are the Requires(pre) entries after
 * libsolv's prereq marker; for provides, `pre` are the file provides addFileProvides added.
 */
export type DepPart = 'all' | 'plain' | 'pre';

/** A package in a pool. */
export class Solvable {
  constructor(
    /** The pool the solvable lives in. */
    readonly pool: Pool,
    /** Its id: index into the pool's solvable table. */
    readonly id: number,
  ) {}

  /** Package name. */
  get name(): string {
    return this.pool.id2str(this.#field(1));
  }
  /** `epoch:version-release`, epoch omitted when 0. */
  get evr(): string {
    return this.pool.id2str(this.#field(2));
  }
  /** Architecture (`src` for source packages). */
  get arch(): string {
    return this.pool.id2str(this.#field(3));
  }
  /** The repo holding it. */
  get repo(): Repo | undefined {
    return this.pool.repoById(this.#field(0));
  }
  /** `name-evr.arch`, the form libsolv and dnf print. */
  get nevra(): string {
    return readString(this.pool.m, this.pool.m._gd_solvable2str(this.pool.handle, this.id)) ?? '';
  }
  /** The source rpm file name (`foo-1.0-1.src.rpm`), when known. */
  get sourcerpm(): string | undefined {
    return readString(this.pool.m, this.pool.m._gd_solvable_sourcerpm(this.pool.handle, this.id)) ?? undefined;
  }
  /** Location of the package file relative to the repo root. */
  get location(): string | undefined {
    return readString(this.pool.m, this.pool.m._gd_solvable_location(this.pool.handle, this.id)) ?? undefined;
  }
  /** A string attribute by libsolv key id (e.g. C.SOLVABLE_SUMMARY). */
  lookupStr(key: number): string | undefined {
    return readString(this.pool.m, this.pool.m._gd_solvable_lookup_str(this.pool.handle, this.id, key));
  }
  /** A numeric attribute by key id (e.g. C.SOLVABLE_BUILDTIME); 0 when absent. */
  lookupNum(key: number): number {
    return this.pool.m._gd_solvable_lookup_num(this.pool.handle, this.id, key) >>> 0;
  }
  /** True when the pool's architecture policy allows installing it. */
  get installable(): boolean {
    return this.pool.m._gd_solvable_installable(this.pool.handle, this.id) !== 0;
  }

  /** Dependency ids of one kind, without libsolv's marker entries. */
  depIds(kind: DepKind, part: DepPart = 'all'): Int32Array {
    const m = this.pool.m;
    const marker = part === 'plain' ? -1 : part === 'pre' ? 1 : 0;
    return withQueue(m, (q) => {
      m._gd_solvable_deps_marker(this.pool.handle, this.id, depKeys[kind], marker, q.ptr);
      const a = q.toArray();
      return part === 'all' ? a.filter((d) => d !== C.SOLVABLE_PREREQMARKER && d !== C.SOLVABLE_FILEMARKER) : a;
    });
  }

  /** Dependencies of one kind as text. */
  deps(kind: DepKind, part: DepPart = 'all'): string[] {
    return [...this.depIds(kind, part)].map((d) => this.pool.dep2str(d));
  }

  #field(i: number): number {
    const m = this.pool.m;
    const p = m._malloc(20);
    try {
      m._gd_pool_solvables(this.pool.handle, this.id, this.id + 1, p);
      return m.HEAP32[(p >> 2) + i];
    } finally {
      m._free(p);
    }
  }

  /** `name-evr.arch`. */
  toString(): string {
    return this.nevra;
  }
}
