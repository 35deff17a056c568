/**
 * Repo: a set of solvables in a pool, filled from rpm-md XML, a .solv cache or testcase text.
 * Owned by its Pool; `free()` removes it from the pool early.
 */
import { GooseError } from '../errors.js';
import { guard, allocBytes, readBytes, withAlloc, type LibsolvModule } from '../native/index.js';
import type { Pool } from './pool.js';
import { Solvable } from './solvable.js';

/** The compression of a buffer, as detected from its first bytes. */
export type Compression = 'gzip' | 'xz' | 'zstd' | 'bzip2' | 'zchunk' | 'none';

/** Detects gzip, xz, zstd, bzip2 and zchunk by magic bytes. */
export function sniffCompression(b: Uint8Array): Compression {
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
  if (b.length >= 6 && b[0] === 0xfd && b[1] === 0x37 && b[2] === 0x7a && b[3] === 0x58 && b[4] === 0x5a && b[5] === 0) return 'xz';
  if (b.length >= 4 && b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd) return 'zstd';
  if (b.length >= 3 && b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68) return 'bzip2';
  if (b.length >= 5 && b[0] === 0 && b[1] === 0x5a && b[2] === 0x43 && b[3] === 0x4b && b[4] === 0x31) return 'zchunk';
  return 'none';
}

/** Options for reading repo data. */
export interface AddOptions {
  /** File or URL the bytes came from, for error messages. */
  file?: string;
  /** libsolv REPO_* flags. */
  flags?: number;
}

/** A repository of solvables inside a Pool. */
export class Repo {
  readonly #pool: Pool;
  #ptr: number;
  /** The repo's id in its pool (solvables refer to it). */
  readonly id: number;
  /** The repo's name. */
  readonly name: string;

  /** Wraps a native repo; use Pool.addRepo. */
  constructor(pool: Pool, ptr: number) {
    this.#pool = pool;
    this.#ptr = ptr;
    this.id = pool.m._gd_repo_id(ptr);
    this.name = pool.m.UTF8ToString(pool.m._gd_repo_name(ptr));
  }

  /** The pool that owns this repo. */
  get pool(): Pool {
    return this.#pool;
  }

  private get m(): LibsolvModule {
    return this.#pool.m;
  }

  /** The native address, for sibling classes in src/solv only. */
  get handle(): number {
    if (!this.#ptr) throw new Error(`repo ${this.name} used after free()`);
    return this.#ptr;
  }

  /** True until freed. */
  get alive(): boolean {
    return this.#ptr !== 0 && this.#pool.alive;
  }

  /** Number of solvables in the repo. */
  get nsolvables(): number {
    return this.m._gd_repo_nsolvables(this.handle);
  }

  /** The lowest solvable id of this repo. */
  get start(): number {
    return this.m._gd_repo_start(this.handle);
  }

  /** Removes solvables from this repo (their ids become free slots in the pool). */
  freeSolvables(ids: ArrayLike<number>): void {
    const m = this.m;
    if (!ids.length) return;
    withAlloc(m, ids.length * 4, (p) => {
      m.HEAP32.set(ids, p >> 2);
      m._gd_repo_free_solvables(this.handle, p, ids.length);
    });
  }

  /** One past the highest solvable id of this repo. */
  get end(): number {
    return this.m._gd_repo_end(this.handle);
  }

  /** Repo priority (higher wins, as dnf's `priority` inverted) and subpriority. */
  setPriority(priority: number, subpriority = 0): void {
    this.m._gd_repo_set_priority(this.handle, priority, subpriority);
  }

  /** The solvables of this repo, in id order. */
  solvables(): Solvable[] {
    const m = this.m;
    const start = m._gd_repo_start(this.handle);
    const end = m._gd_repo_end(this.handle);
    const t = this.#pool.solvableTable();
    const out: Solvable[] = [];
    for (let p = start; p < end; p++) if (t.repo[p] === this.id) out.push(new Solvable(this.#pool, p));
    return out;
  }

  #load(what: string, bytes: Uint8Array | string, file: string | undefined, call: (ptr: number, len: number) => number): void {
    const m = this.m;
    const { ptr, len } = allocBytes(m, bytes);
    let r: number;
    try {
      r = guard(`reading ${file ?? what}`, () => call(ptr, len));
    } finally {
      m._free(ptr);
    }
    if (r === 0) return;
    const where = { file: file ?? this.name };
    const msg = this.#pool.errstr() || `${what} could not be read`;
    if (r === -2) throw new GooseError('DECOMPRESSION_TOO_LARGE', `${msg} (a decompression bomb, or raise the limit)`, where);
    if (r === -3) throw new GooseError('DECOMPRESSION_FAILED', msg, where);
    // libsolv reports XML errors as "... at line N:M"; keep the line for the typed error.
    const line = /line (\d+)/.exec(msg);
    throw new GooseError('REPO_PARSE', `${what}: ${msg}`, { ...where, ...(line ? { line: Number(line[1]) } : {}) });
  }

  /**
   * Adds rpm-md XML (primary, filelists or other), plain or gzip/xz/zstd/bzip2-compressed (detected
   * from the bytes, decompressed inside the module as it parses). Throws GooseError REPO_PARSE
   * naming the file and line on malformed XML, DECOMPRESSION_FAILED on a corrupt or truncated
   * file, DECOMPRESSION_TOO_LARGE past `maxBytes` (default 4 GiB - 1).
   */
  addRpmmd(bytes: Uint8Array | string, options: AddOptions & { maxBytes?: number } = {}): void {
    const kind = typeof bytes === 'string' ? 'none' : sniffCompression(bytes);
    if (kind === 'zchunk') throw new GooseError('ZCHUNK_UNSUPPORTED', 'zchunk metadata is not supported; use the gz, xz or zst variant of this file', { file: options.file });
    const max = Math.min(options.maxBytes ?? 0x7fff_ffff, 0x7fff_ffff);
    this.#load('rpm-md', bytes, options.file, (p, n) => this.m._gd_repo_add_rpmmd(this.handle, p, n, max, options.flags ?? 0));
  }

  /** Adds the contents of a `.solv` file (the cache format written by writeSolv). */
  addSolv(bytes: Uint8Array, options: AddOptions = {}): void {
    this.#load('solv', bytes, options.file, (p, n) => this.m._gd_repo_add_solv(this.handle, p, n, options.flags ?? 0));
  }

  /** Adds packages written in libsolv's testcase "testtags" format. */
  addTesttags(text: string, options: AddOptions = {}): void {
    this.#load('testtags', text, options.file, (p, n) => this.m._gd_repo_add_testtags(this.handle, p, n, options.flags ?? 0));
  }

  /** Serialises the repo as `.solv` bytes (libsolv's own fast-loading format). */
  writeSolv(): Uint8Array {
    const m = this.m;
    return withAlloc(m, 4, (lenp) => {
      const buf = guard('writing solv', () => m._gd_repo_write_solv(this.handle, lenp));
      if (!buf) throw new GooseError('SOLV_WRITE', `cannot write repo ${this.name} as solv`);
      const out = readBytes(m, buf, m.HEAP32[lenp >> 2]);
      m._gd_free(buf);
      return out;
    });
  }

  /** Makes added data visible to lookups (rpm-md readers do this themselves unless told not to). */
  internalize(): void {
    this.m._gd_repo_internalize(this.handle);
  }

  /** Removes the repo and its solvables from the pool. */
  free(): void {
    if (!this.#ptr) return;
    this.m._gd_repo_free(this.#ptr, 1);
    this.#ptr = 0;
    this.#pool.forgetRepo(this.id);
  }
}
