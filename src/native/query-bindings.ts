/**
 * Typed calls into glue.c's `Section - What requires`: query --whatrequires answered in one call
 * over every candidate's requires. Apart from bindings.ts so that file stays one screenful per
 * glue section; the same rules hold (src/solv calls these, never the module).
 */
import { libsolv, type LibsolvModule } from './module.js';
import { withAlloc } from './marshal.js';
import type { Handle } from './bindings.js';

/** The what-requires glue function of one instance of the module. */
export class QueryBindings {
  readonly #m: LibsolvModule;

  /** Wraps a loaded module; use {@link queryBindings}. */
  constructor(m: LibsolvModule) {
    this.#m = m;
  }

  /**
   * The candidates (in their order) that require a dependency matching one of `caps`, or one that
   * a solvable of `named` other than the candidate provides. The pool's whatprovides must exist.
   */
  whatRequires(pool: Handle, candidates: ArrayLike<number>, caps: ArrayLike<number>, named: ArrayLike<number>): Int32Array {
    const m = this.#m;
    const n = candidates.length;
    // One block: candidates, caps, named, then room for the answer (at most every candidate).
    return withAlloc(m, (2 * n + caps.length + named.length) * 4 || 4, (p) => {
      const at = p >> 2;
      m.HEAP32.set(candidates, at);
      m.HEAP32.set(caps, at + n);
      m.HEAP32.set(named, at + n + caps.length);
      const outPtr = p + (n + caps.length + named.length) * 4;
      const count = m._gd_pool_whatrequires(pool, p, n, p + n * 4, caps.length, p + (n + caps.length) * 4, named.length, outPtr);
      return m.HEAP32.slice(outPtr >> 2, (outPtr >> 2) + count);
    });
  }
}

let current: { m: LibsolvModule; b: QueryBindings } | undefined;

/** The what-requires bindings of the loaded module (new ones after the module is instantiated again). */
export function queryBindings(): QueryBindings {
  const m = libsolv();
  if (current?.m !== m) current = { m, b: new QueryBindings(m) };
  return current.b;
}
