/**
 * Repo: a set of solvables in a pool, filled from rpm-md XML, a .solv cache or testcase text.
 * Owned by its Pool; `free()` removes it from the pool early.
 */
import { GooseError } from '../errors.js';
import { finishBindings, guard, type Bindings, type Handle, type ReadStatus } from '../native/index.js';
import { INTERNAL, assertInternal, handleOf, usedAfterFree } from './lifetime.js';
import { bindingsOf, type Pool } from './pool.js';
import { Solvable } from './solvable.js';

/** glue.c's answer when the lean reader declined a document (gd_repo_add_rpmmd_lean_js). */
const LEAN_DECLINED = -4;

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

let ptrOfRepo: (repo: Repo) => Handle;

/** The native address of a live repo, for src/solv only (not exported from the package). */
export function repoHandle(repo: Repo): Handle {
  return ptrOfRepo(repo);
}

/** A repository of solvables inside a Pool. */
export class Repo {
  readonly #pool: Pool;
  readonly #b: Bindings;
  #ptr: Handle;
  /** The repo's id in its pool (solvables refer to it). */
  readonly id: number;
  /** The repo's name. */
  readonly name: string;

  static {
    ptrOfRepo = (r) => r.#handle();
  }

  /** Not public: repos come from Pool.addRepo(). */
  constructor(token: typeof INTERNAL, pool: Pool, ptr: Handle) {
    assertInternal(token, 'a Repo comes from Pool.addRepo()');
    this.#pool = pool;
    this.#b = bindingsOf(pool);
    this.#ptr = ptr;
    const { id, name } = this.#b.repoIdentity(ptr);
    this.id = id;
    this.name = name;
  }

  /** The pool that owns this repo. */
  get pool(): Pool {
    return this.#pool;
  }

  #handle(): Handle {
    if (!this.#ptr) throw usedAfterFree(`repo ${this.name}`);
    handleOf(this.#pool); // a repo of a freed pool is gone with it
    return this.#ptr;
  }

  /** True until freed. */
  get alive(): boolean {
    return this.#ptr !== 0 && this.#pool.alive;
  }

  /** Number of solvables in the repo. */
  get nsolvables(): number {
    return this.#b.repoNsolvables(this.#handle());
  }

  /** The lowest solvable id of this repo. */
  get start(): number {
    return this.#b.repoStart(this.#handle());
  }

  /** Removes solvables from this repo (their ids become free slots in the pool). */
  freeSolvables(ids: ArrayLike<number>): void {
    if (!ids.length) return;
    this.#b.repoFreeSolvables(this.#handle(), ids);
  }

  /** One past the highest solvable id of this repo. */
  get end(): number {
    return this.#b.repoEnd(this.#handle());
  }

  /** Repo priority (higher wins, as dnf's `priority` inverted) and subpriority. */
  setPriority(priority: number, subpriority = 0): void {
    this.#b.repoSetPriority(this.#handle(), priority, subpriority);
  }

  /** The solvables of this repo, in id order. */
  solvables(): Solvable[] {
    const r = this.#handle();
    const start = this.#b.repoStart(r);
    const end = this.#b.repoEnd(r);
    const t = this.#pool.solvableTable();
    const out: Solvable[] = [];
    for (let p = start; p < end; p++) if (t.repo[p] === this.id) out.push(new Solvable(this.#pool, p));
    return out;
  }

  #load(what: string, file: string | undefined, read: (repo: Handle) => ReadStatus): void {
    const repo = this.#handle();
    const r = guard(`reading ${file ?? what}`, () => read(repo));
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
    this.#load('rpm-md', options.file, (repo) => this.#b.repoAddRpmmd(repo, bytes, max, options.flags ?? 0));
  }

  /**
   * Adds plain (uncompressed) rpm-md XML given as `segments`, read in order as one document:
   * a large file is read from where it lies, never copied into the module's memory whole. Errors
   * as {@link addRpmmd}.
   */
  addRpmmdSegments(segments: Iterable<Uint8Array>, options: AddOptions = {}): void {
    this.#load('rpm-md', options.file, (repo) => this.#b.repoAddRpmmdSegments(repo, segments, options.flags ?? 0));
  }

  /**
   * {@link addRpmmdSegments} with goose-deps' lean XML reader in place of expat (wasm/leanxml.c):
   * the same repo, in a fraction of expat's time, for every document it accepts. Returns false
   * when it declined the document (a DOCTYPE, CDATA, a non-UTF-8 encoding, malformed XML, ...):
   * this repo then holds part of it and must be dropped, and the document read again with
   * addRpmmdSegments in a new pool, which also reports its errors.
   */
  tryAddRpmmdSegmentsLean(segments: Iterable<Uint8Array>, options: AddOptions = {}): boolean {
    let declined = false;
    this.#load('rpm-md', options.file, (repo) => {
      const r = this.#b.repoAddRpmmdSegmentsLean(repo, segments, options.flags ?? 0);
      declined = r === LEAN_DECLINED;
      return declined ? 0 : r;
    });
    return !declined;
  }

  /** Adds the contents of a `.solv` file (the cache format written by writeSolv). */
  addSolv(bytes: Uint8Array, options: AddOptions = {}): void {
    this.#load('solv', options.file, (repo) => this.#b.repoAddSolv(repo, bytes, options.flags ?? 0));
  }

  /**
   * Adds the `.solv` data that starts `offset` bytes into the file at `path`, read from the file
   * system by the module itself (no copy of the file in JavaScript or on the heap). As libsolv
   * does with any seekable file (dnf's .solv files too), its paged data (long strings such as
   * descriptions) is read when first looked up, through a descriptor kept open until the repo is
   * freed: the file must not be rewritten in place meanwhile (the cache only replaces files by
   * renaming).
   */
  addSolvFile(path: string, offset: number, options: AddOptions = {}): void {
    this.#load('solv', options.file ?? path, (repo) => finishBindings().repoAddSolvFile(repo, path, offset, options.flags ?? 0));
  }

  /** Adds packages written in libsolv's testcase "testtags" format. */
  addTesttags(text: string, options: AddOptions = {}): void {
    this.#load('testtags', options.file, (repo) => this.#b.repoAddTesttags(repo, text, options.flags ?? 0));
  }

  /** Serialises the repo as `.solv` bytes (libsolv's own fast-loading format). */
  writeSolv(): Uint8Array {
    const repo = this.#handle();
    const out = guard('writing solv', () => this.#b.repoWriteSolv(repo));
    if (!out) throw new GooseError('SOLV_WRITE', `cannot write repo ${this.name} as solv`);
    return out;
  }

  /**
   * The file provides {@link Pool.addFileProvides} added to this repo's solvables, flat: for each
   * solvable with some, its offset from the repo's first solvable, their count, then their string
   * ids in order (what {@link Pool.restoreFileProvides} takes back).
   */
  addedFileProvides(): Int32Array {
    const repo = this.#handle();
    return guard('reading file provides', () => finishBindings().repoFileProvides(repo));
  }

  /**
   * The filelists extension just added (`addRpmmd` with REPO_EXTEND_SOLVABLES) as .solv extension
   * bytes, as dnf keeps `-filenames.solvx`: `addSolv` with the same flag reads it back into a repo
   * loaded the same way. Undefined when libsolv cannot write it.
   */
  writeFilelists(): Uint8Array | undefined {
    const repo = this.#handle();
    return guard('writing filelists', () => finishBindings().repoWriteFilelists(repo));
  }

  /** Makes added data visible to lookups (rpm-md readers do this themselves unless told not to). */
  internalize(): void {
    this.#b.repoInternalize(this.#handle());
  }

  /** Removes the repo and its solvables from the pool. */
  free(): void {
    if (!this.#ptr) return;
    // A freed pool took its repos with it.
    if (this.#pool.alive) this.#b.repoFree(this.#ptr, true);
    this.#ptr = 0;
    this.#pool.forgetRepo(this.id);
  }
}
