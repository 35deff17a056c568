/** Dep: a dependency id in a pool (a name, a versioned relation or a rich dependency). */
import type { Pool } from './pool.js';

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
