/** Solvable: one package in a pool, as (pool, id). Needs no freeing. */
import { C } from '../native/index.js';
import { handleOf } from './lifetime.js';
import { bindingsOf, type Pool } from './pool.js';
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

/** The marker argument of libsolv's `solvable_lookup_deparray` for `part`. */
export function depMarker(part: DepPart): number {
  return part === 'plain' ? -1 : part === 'pre' ? 1 : 0;
}

/** Whether `d` is a dependency rather than one of libsolv's marker entries (prereq, file). */
export function isDepEntry(d: number): boolean {
  return d !== C.SOLVABLE_PREREQMARKER && d !== C.SOLVABLE_FILEMARKER;
}

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
    return bindingsOf(this.pool).solvable2str(handleOf(this.pool), this.id);
  }
  /** The source rpm file name (`foo-1.0-1.src.rpm`), when known. */
  get sourcerpm(): string | undefined {
    return bindingsOf(this.pool).sourcerpm(handleOf(this.pool), this.id);
  }
  /** Location of the package file relative to the repo root. */
  get location(): string | undefined {
    return bindingsOf(this.pool).location(handleOf(this.pool), this.id);
  }
  /** A string attribute by libsolv key id (e.g. C.SOLVABLE_SUMMARY). */
  lookupStr(key: number): string | undefined {
    return bindingsOf(this.pool).lookupStr(handleOf(this.pool), this.id, key);
  }
  /** A numeric attribute by key id (e.g. C.SOLVABLE_BUILDTIME); 0 when absent. */
  lookupNum(key: number): number {
    return bindingsOf(this.pool).lookupNum(handleOf(this.pool), this.id, key);
  }
  /** True when the pool's architecture policy allows installing it. */
  get installable(): boolean {
    return bindingsOf(this.pool).installable(handleOf(this.pool), this.id);
  }

  /** Dependency ids of one kind, without libsolv's marker entries. */
  depIds(kind: DepKind, part: DepPart = 'all'): Int32Array {
    const a = bindingsOf(this.pool).solvableDeps(handleOf(this.pool), this.id, depKeys[kind], depMarker(part));
    return part === 'all' ? a.filter(isDepEntry) : a;
  }

  /** Dependencies of one kind as text. */
  deps(kind: DepKind, part: DepPart = 'all'): string[] {
    return [...this.depIds(kind, part)].map((d) => this.pool.dep2str(d));
  }

  /** Field `i` of the pool's solvable row (0 repo, 1 name, 2 evr, 3 arch): one call, no allocation. */
  #field(i: 0 | 1 | 2 | 3): number {
    return bindingsOf(this.pool).solvableField(handleOf(this.pool), this.id, i);
  }

  /** `name-evr.arch`. */
  toString(): string {
    return this.nevra;
  }
}
