/**
 * Typed calls into glue.c's `Section - Cache reads`: loading a cached .solv part straight from
 * its file, reading and restoring the file provides pool_addfileprovides added, and writing a
 * loaded filelists extension as a .solv extension. Apart from bindings.ts so that file stays one screenful per glue section; the same
 * rules hold (src/solv calls these, never the module).
 */
import { libsolv, type LibsolvModule } from './module.js';
import { allocString, readBytes, withAlloc, withQueue } from './marshal.js';
import type { Handle, ReadStatus } from './bindings.js';

/** The finished-pool cache's glue functions of one instance of the module. */
export class FinishBindings {
  readonly #m: LibsolvModule;

  /** Wraps a loaded module; use {@link finishBindings}. */
  constructor(m: LibsolvModule) {
    this.#m = m;
  }

  /** Reads the .solv part starting `offset` bytes into the host file `path` into the repo (-1: the file cannot be opened or sought). */
  repoAddSolvFile(repo: Handle, path: string, offset: number, flags: number): ReadStatus {
    const m = this.#m;
    const p = allocString(m, path);
    try {
      return m._gd_repo_add_solv_file(repo, p, offset, flags);
    } finally {
      m._free(p);
    }
  }

  /**
   * The file provides added to `repo`'s solvables, flat: for each solvable with some, its offset
   * from the repo's first solvable, their count, then their string ids in order.
   */
  repoFileProvides(repo: Handle): Int32Array {
    const m = this.#m;
    return withQueue(m, (q) => {
      m._gd_repo_fileprovides(repo, q.ptr);
      return q.toArray();
    });
  }

  /** Adds back file provides listed as {@link repoFileProvides} lists them; false (nothing added) when the list does not fit the repo. */
  repoAddFileProvides(repo: Handle, list: Int32Array): boolean {
    const m = this.#m;
    return withAlloc(m, list.length * 4 || 4, (p) => {
      m.HEAP32.set(list, p >> 2);
      return m._gd_repo_add_fileprovides(repo, p, list.length) === 0;
    });
  }

  /** Marks the pool's file provides added, as pool_addfileprovides ends; false (nothing done) when the pool has an installed repo. */
  poolFileProvidesAdded(pool: Handle): boolean {
    return this.#m._gd_pool_fileprovides_added(pool) === 0;
  }

  /** The repo's last repodata (a filelists extension) as .solv extension bytes; undefined when it cannot be written. */
  repoWriteFilelists(repo: Handle): Uint8Array | undefined {
    const m = this.#m;
    return withAlloc(m, 4, (lenp) => {
      const buf = m._gd_repo_write_filelists(repo, lenp);
      if (!buf) return undefined;
      const out = readBytes(m, buf, m.HEAP32[lenp >> 2]);
      m._gd_free(buf);
      return out;
    });
  }
}

let current: { m: LibsolvModule; b: FinishBindings } | undefined;

/** The finished-pool cache bindings of the loaded module (new ones after the module is instantiated again). */
export function finishBindings(): FinishBindings {
  const m = libsolv();
  if (current?.m !== m) current = { m, b: new FinishBindings(m) };
  return current.b;
}
