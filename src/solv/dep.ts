/** Dep: a dependency id in a pool (a name, a versioned relation or a rich dependency). */
import type { Pool } from './pool.js';

/**
 * A dense, non-negative index for dependency id `id`, for arrays indexed by dependency: string ids
 * take the even slots, relation ids (libsolv sets their high bit) the odd ones. Both kinds are
 * small and dense within a pool, so the array stays about twice their count.
 */
export function depSlot(id: number): number {
  return id >= 0 ? id * 2 : (id & 0x7fffffff) * 2 + 1;
}

/** A dependency as (pool, id); needs no freeing. */
export class Dep {
  constructor(
    /** The pool the id belongs to. */
    readonly pool: Pool,
    /** libsolv's id for the dependency. */
    readonly id: number,
  ) {}

  /** The dependency as rpm writes it, e.g. `libc.so.6()(64bit)` or `(a or b)`. */
  toString(): string {
    return this.pool.dep2str(this.id);
  }
}
