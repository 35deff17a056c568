/**
 * Typed calls into wasm/glue.c: one method per glue function (or per pair that always go
 * together), every string, array and out-parameter marshalled here. src/solv holds handles as
 * numbers in private fields and calls these; it never sees the module or its memory.
 *
 * Sections follow glue.c's `Section - ...` banners.
 */
import { libsolv, type LibsolvModule } from './module.js';
import { allocBytes, allocString, bulkLists, readBytes, readInt32s, readString, scratchString, withAlloc, withQueue, withSegmentReader, type IdLists } from './marshal.js';

const utf8 = new TextDecoder();

/** A native object's address in the module's memory (a Pool *, Repo *, Solver * or Transaction *). */
export type Handle = number;

/** What a glue reader returned: 0 on success, or libsolv's error code (-2 too large, -3 corrupt, ...). */
export type ReadStatus = number;

/** Outcome of {@link Bindings.decompress}. */
export type DecompressResult = { data: Uint8Array } | { error: 'corrupt' | 'too-large' };

/** The glue functions of one instance of the module, with marshalling. */
export class Bindings {
  readonly #m: LibsolvModule;
  /** 20 bytes reused by the per-solvable reads (never freed: lives as long as the module). */
  #fieldBuf = 0;

  /** Wraps a loaded module; use {@link bindings}. */
  constructor(m: LibsolvModule) {
    this.#m = m;
  }

  /* Section - Pool */

  /** `pool_create` with disttype rpm and messages buffered. */
  poolCreate(): Handle {
    return this.#m._gd_pool_create();
  }
  /** `pool_free`. */
  poolFree(pool: Handle): void {
    this.#m._gd_pool_free(pool);
  }
  /** `pool_setarch`. */
  poolSetArch(pool: Handle, arch: string): void {
    this.#m._gd_pool_setarch(pool, scratchString(this.#m, arch));
  }
  /** `pool_setdisttype`. */
  poolSetDisttype(pool: Handle, type: number): void {
    this.#m._gd_pool_setdisttype(pool, type);
  }
  /** `pool_set_flag`; returns the previous value. */
  poolSetFlag(pool: Handle, flag: number, value: boolean): boolean {
    return this.#m._gd_pool_set_flag(pool, flag, value ? 1 : 0) !== 0;
  }
  /** `pool_str2id`. */
  str2id(pool: Handle, s: string, create: boolean): number {
    return this.#m._gd_pool_str2id(pool, scratchString(this.#m, s), create ? 1 : 0);
  }
  /** `pool_id2str` ('' for a null result). */
  id2str(pool: Handle, id: number): string {
    return readString(this.#m, this.#m._gd_pool_id2str(pool, id)) ?? '';
  }
  /** `pool_id2str` of every id in one call ('' where an id has no string). */
  id2strMany(pool: Handle, ids: ArrayLike<number>): string[] {
    const m = this.#m;
    if (!ids.length) return [];
    return withAlloc(m, ids.length * 4 + 4, (p) => {
      m.HEAP32.set(ids, p >> 2);
      const lenPtr = p + ids.length * 4;
      const buf = m._gd_pool_id2str_many(pool, p, ids.length, lenPtr);
      try {
        // Every string ends with a NUL, so the last split piece is the empty tail.
        return utf8.decode(m.HEAPU8.subarray(buf, buf + m.HEAP32[lenPtr >> 2])).split('\0').slice(0, ids.length);
      } finally {
        m._gd_free(buf);
      }
    });
  }
  /** A file dependency of the pool's packages that nothing provides (0: none); needs whatprovides. */
  unprovidedFileDep(pool: Handle): number {
    return this.#m._gd_pool_unprovided_filedep(pool);
  }
  /** `pool_dep2str` ('' for a null result). */
  dep2str(pool: Handle, id: number): string {
    return readString(this.#m, this.#m._gd_pool_dep2str(pool, id)) ?? '';
  }
  /** `pool_str2dep` (rich dependencies included); 0 on a syntax error. */
  str2dep(pool: Handle, text: string): number {
    return this.#m._gd_pool_str2dep(pool, scratchString(this.#m, text));
  }
  /** `pool_rel2id`. */
  rel2id(pool: Handle, name: number, evr: number, flags: number, create: boolean): number {
    return this.#m._gd_pool_rel2id(pool, name, evr, flags, create ? 1 : 0);
  }
  /** `pool_match_dep`. */
  matchDep(pool: Handle, a: number, b: number): boolean {
    return this.#m._gd_pool_match_dep(pool, a, b) !== 0;
  }
  /** `pool_evrcmp_str` with EVRCMP_COMPARE. */
  evrcmp(pool: Handle, a: string, b: string): number {
    const m = this.#m;
    const pa = scratchString(m, `${a}\0${b}`);
    return m._gd_pool_evrcmp_str(pool, pa, pa + m.lengthBytesUTF8(a) + 1, 0 /* EVRCMP_COMPARE */);
  }
  /** `pool->nsolvables`. */
  nsolvables(pool: Handle): number {
    return this.#m._gd_pool_nsolvables(pool);
  }
  /** `pool_set_installed` (0: none). */
  setInstalled(pool: Handle, repo: Handle): void {
    this.#m._gd_pool_set_installed(pool, repo);
  }
  /** Replaces the pool's exclusion list (empty: no restriction). */
  setExcluded(pool: Handle, ids: readonly number[]): void {
    const m = this.#m;
    // The glue adds to an existing restriction; clear it first so the list replaces it.
    m._gd_pool_set_excluded(pool, 0, -1);
    if (ids.length) {
      withAlloc(m, ids.length * 4, (p) => {
        m.HEAP32.set(ids, p >> 2);
        m._gd_pool_set_excluded(pool, p, ids.length);
      });
    }
  }
  /** `pool_addfileprovides`. */
  addFileProvides(pool: Handle): void {
    this.#m._gd_pool_addfileprovides(pool);
  }
  /** `pool_createwhatprovides`. */
  createWhatProvides(pool: Handle): void {
    this.#m._gd_pool_createwhatprovides(pool);
  }
  /** Solvable ids providing `dep` (`pool_whatprovides`). */
  whatProvides(pool: Handle, dep: number): Int32Array {
    const m = this.#m;
    return withQueue(m, (q) => {
      m._gd_pool_whatprovides(pool, dep, q.ptr);
      return q.toArray();
    });
  }
  /** Repo id, name, evr, arch and one spare int per solvable slot, for slots 0..n-1, in one copy. */
  solvableRows(pool: Handle, n: number): Int32Array {
    const m = this.#m;
    return withAlloc(m, n * 20 + 4, (p) => {
      m._gd_pool_solvables(pool, 0, n, p);
      return readInt32s(m, p, n * 5);
    });
  }
  /** Field `i` (0 repo id, 1 name, 2 evr, 3 arch) of solvable `p`, without an allocation. */
  solvableField(pool: Handle, p: number, i: 0 | 1 | 2 | 3): number {
    const m = this.#m;
    if (!this.#fieldBuf) this.#fieldBuf = m._malloc(20);
    m._gd_pool_solvables(pool, p, p + 1, this.#fieldBuf);
    return m.HEAP32[(this.#fieldBuf >> 2) + i];
  }
  /** Source package name id of solvable slots 0..n-1 (0 when unknown). */
  sourceNames(pool: Handle, n: number): Int32Array {
    const m = this.#m;
    return withAlloc(m, n * 4 + 4, (p) => {
      m._gd_pool_sourcenames(pool, 0, n, p);
      return readInt32s(m, p, n);
    });
  }
  /** `pool_errstr`. */
  errstr(pool: Handle): string {
    return readString(this.#m, this.#m._gd_pool_errstr(pool)) ?? '';
  }

  /* Section - Repo */

  /** `repo_create`. */
  repoCreate(pool: Handle, name: string): Handle {
    return this.#m._gd_repo_create(pool, scratchString(this.#m, name));
  }
  /** `repo_free` (`reuseids`: let the pool reuse the slots). */
  repoFree(repo: Handle, reuseids: boolean): void {
    this.#m._gd_repo_free(repo, reuseids ? 1 : 0);
  }
  /** The repo's id and name. */
  repoIdentity(repo: Handle): { id: number; name: string } {
    return { id: this.#m._gd_repo_id(repo), name: readString(this.#m, this.#m._gd_repo_name(repo)) ?? '' };
  }
  /** `repo->nsolvables`. */
  repoNsolvables(repo: Handle): number {
    return this.#m._gd_repo_nsolvables(repo);
  }
  /** `repo->start`. */
  repoStart(repo: Handle): number {
    return this.#m._gd_repo_start(repo);
  }
  /** `repo->end`. */
  repoEnd(repo: Handle): number {
    return this.#m._gd_repo_end(repo);
  }
  /** Sets `repo->priority` and `repo->subpriority`. */
  repoSetPriority(repo: Handle, priority: number, subpriority: number): void {
    this.#m._gd_repo_set_priority(repo, priority, subpriority);
  }
  /** `repo_internalize`. */
  repoInternalize(repo: Handle): void {
    this.#m._gd_repo_internalize(repo);
  }
  /** Frees the listed solvables of the repo (their slots become free). */
  repoFreeSolvables(repo: Handle, ids: ArrayLike<number>): void {
    const m = this.#m;
    withAlloc(m, ids.length * 4, (p) => {
      m.HEAP32.set(ids, p >> 2);
      m._gd_repo_free_solvables(repo, p, ids.length);
    });
  }
  /** Reads rpm-md XML (plain or compressed) into the repo, output capped at `maxOut` bytes. */
  repoAddRpmmd(repo: Handle, bytes: Uint8Array | string, maxOut: number, flags: number): ReadStatus {
    return this.#withBytes(bytes, (p, n) => this.#m._gd_repo_add_rpmmd(repo, p, n, maxOut, flags));
  }
  /**
   * Reads plain rpm-md XML given as `segments` (read in order as one document) into the repo,
   * without copying it into the heap first (glue.c's reader section).
   */
  repoAddRpmmdSegments(repo: Handle, segments: Iterable<Uint8Array>, flags: number): ReadStatus {
    return withSegmentReader(this.#m, segments, () => this.#m._gd_repo_add_rpmmd_js(repo, flags));
  }
  /**
   * {@link repoAddRpmmdSegments} with glue.c's lean reader in place of expat (wasm/leanxml.c):
   * -4 when it declined the document (the repo holds part of it: drop it, read again with expat).
   */
  repoAddRpmmdSegmentsLean(repo: Handle, segments: Iterable<Uint8Array>, flags: number): ReadStatus {
    return withSegmentReader(this.#m, segments, () => this.#m._gd_repo_add_rpmmd_lean_js(repo, flags));
  }
  /** Reads `.solv` bytes into the repo. */
  repoAddSolv(repo: Handle, bytes: Uint8Array, flags: number): ReadStatus {
    return this.#withBytes(bytes, (p, n) => this.#m._gd_repo_add_solv(repo, p, n, flags));
  }
  /** Reads testcase "testtags" text into the repo. */
  repoAddTesttags(repo: Handle, text: string, flags: number): ReadStatus {
    return this.#withBytes(text, (p, n) => this.#m._gd_repo_add_testtags(repo, p, n, flags));
  }
  /** The repo as `.solv` bytes; undefined when libsolv cannot write it. */
  repoWriteSolv(repo: Handle): Uint8Array | undefined {
    const m = this.#m;
    return withAlloc(m, 4, (lenp) => {
      const buf = m._gd_repo_write_solv(repo, lenp);
      if (!buf) return undefined;
      const out = readBytes(m, buf, m.HEAP32[lenp >> 2]);
      m._gd_free(buf);
      return out;
    });
  }

  #withBytes(bytes: Uint8Array | string, call: (ptr: number, len: number) => number): number {
    const { ptr, len } = allocBytes(this.#m, bytes);
    try {
      return call(ptr, len);
    } finally {
      this.#m._free(ptr);
    }
  }

  /* Section - Solvable */

  /** Dependency ids of key `key`; `marker` -1 before libsolv's marker, 1 after, 0 all (markers kept). */
  solvableDeps(pool: Handle, p: number, key: number, marker: number): Int32Array {
    const m = this.#m;
    return withQueue(m, (q) => {
      m._gd_solvable_deps_marker(pool, p, key, marker, q.ptr);
      return q.toArray();
    });
  }
  /** `solvable_lookup_str`. */
  lookupStr(pool: Handle, p: number, key: number): string | undefined {
    return readString(this.#m, this.#m._gd_solvable_lookup_str(pool, p, key));
  }
  /** `solvable_lookup_num` (0 when absent), unsigned. */
  lookupNum(pool: Handle, p: number, key: number): number {
    return this.#m._gd_solvable_lookup_num(pool, p, key) >>> 0;
  }
  /** `solvable_lookup_sourcepkg`. */
  sourcerpm(pool: Handle, p: number): string | undefined {
    return readString(this.#m, this.#m._gd_solvable_sourcerpm(pool, p));
  }
  /** `solvable_get_location`. */
  location(pool: Handle, p: number): string | undefined {
    return readString(this.#m, this.#m._gd_solvable_location(pool, p));
  }
  /** `pool_solvid2str`: `name-evr.arch`. */
  solvable2str(pool: Handle, p: number): string {
    return readString(this.#m, this.#m._gd_solvable2str(pool, p)) ?? '';
  }
  /** `pool_installable`. */
  installable(pool: Handle, p: number): boolean {
    return this.#m._gd_solvable_installable(pool, p) !== 0;
  }

  /* Section - Selection */

  /** `selection_make`: the selection as flat (how, what) pairs. */
  selectionMake(pool: Handle, spec: string, flags: number): Int32Array {
    const m = this.#m;
    return withQueue(m, (q) => {
      m._gd_selection_make(pool, q.ptr, scratchString(m, spec), flags);
      return q.toArray();
    });
  }
  /** `selection_solvables` of flat (how, what) pairs. */
  selectionSolvables(pool: Handle, jobs: ArrayLike<number>): Int32Array {
    const m = this.#m;
    return withQueue(m, (q) =>
      withQueue(m, (out) => {
        q.set(jobs);
        m._gd_selection_solvables(pool, q.ptr, out.ptr);
        return out.toArray();
      }),
    );
  }

  /* Section - Solver */

  /** `solver_create`. */
  solverCreate(pool: Handle): Handle {
    return this.#m._gd_solver_create(pool);
  }
  /** `solver_free`. */
  solverFree(solver: Handle): void {
    this.#m._gd_solver_free(solver);
  }
  /** `solver_set_flag`; returns the previous value. */
  solverSetFlag(solver: Handle, flag: number, value: boolean): boolean {
    return this.#m._gd_solver_set_flag(solver, flag, value ? 1 : 0) !== 0;
  }
  /** `solver_solve` of flat (how, what) pairs; returns the number of problems. */
  solverSolve(solver: Handle, jobs: ArrayLike<number>): number {
    const m = this.#m;
    return withQueue(m, (q) => m._gd_solver_solve(solver, q.set(jobs).ptr));
  }
  /** The solvable ids the last solve installs. */
  solverInstalls(solver: Handle): Int32Array {
    const m = this.#m;
    return withQueue(m, (q) => {
      m._gd_solver_installs(solver, q.ptr);
      return q.toArray();
    });
  }

  /* Section - Problem */

  /** `solver_findallproblemrules`. */
  problemRules(solver: Handle, problem: number): Int32Array {
    const m = this.#m;
    return withQueue(m, (q) => {
      m._gd_solver_problem_rules(solver, problem, q.ptr);
      return q.toArray();
    });
  }
  /** `solver_allruleinfos` of each rule: per rule, quadruples (type, source, target, dep). */
  allRuleInfos(solver: Handle, rules: ArrayLike<number>): Int32Array[] {
    const m = this.#m;
    return withQueue(m, (q) =>
      Array.from(rules, (rule) => {
        m._gd_solver_allruleinfos(solver, rule, q.ptr);
        return q.toArray();
      }),
    );
  }
  /** `solver_findproblemrule`. */
  problemRule(solver: Handle, problem: number): number {
    return this.#m._gd_solver_problem_rule(solver, problem);
  }
  /** `solver_ruleinfo`: [type, source, target, dep]. */
  ruleInfo(solver: Handle, rule: number): [number, number, number, number] {
    const m = this.#m;
    return withAlloc(m, 12, (p) => {
      const type = m._gd_solver_ruleinfo(solver, rule, p);
      const [source, target, dep] = readInt32s(m, p, 3);
      return [type, source, target, dep];
    });
  }
  /** `solver_problem2str`. */
  problem2str(solver: Handle, problem: number): string {
    return readString(this.#m, this.#m._gd_solver_problem2str(solver, problem)) ?? '';
  }
  /** `solver_problemruleinfo2str`. */
  ruleInfo2str(solver: Handle, type: number, source: number, target: number, dep: number): string {
    return readString(this.#m, this.#m._gd_solver_ruleinfo2str(solver, type, source, target, dep)) ?? '';
  }

  /* Section - Transaction */

  /** `solver_create_transaction`. */
  transactionCreate(solver: Handle): Handle {
    return this.#m._gd_solver_create_transaction(solver);
  }
  /** `transaction_free`. */
  transactionFree(trans: Handle): void {
    this.#m._gd_transaction_free(trans);
  }
  /** `transaction_order`. */
  transactionOrder(trans: Handle, flags: number): void {
    this.#m._gd_transaction_order(trans, flags);
  }
  /** The transaction's steps (solvable ids). */
  transactionSteps(trans: Handle): Int32Array {
    const m = this.#m;
    return withQueue(m, (q) => {
      m._gd_transaction_steps(trans, q.ptr);
      return q.toArray();
    });
  }
  /** `transaction_type`. */
  transactionType(trans: Handle, p: number, mode: number): number {
    return this.#m._gd_transaction_type(trans, p, mode);
  }

  /* Section - Testcase */

  /** Runs a testcase file as testsolv does: its exit status (0, 1, 77) and its report. */
  testcaseRun(path: string): { status: number; output: string } {
    const m = this.#m;
    const p = allocString(m, path);
    try {
      return withAlloc(m, 4, (outp) => {
        const status = m._gd_testcase_run(p, outp);
        const buf = m.HEAP32[outp >> 2];
        const output = readString(m, buf) ?? '';
        m._gd_free(buf);
        return { status, output };
      });
    } finally {
      m._free(p);
    }
  }
  /** `testcase_solverresult`. */
  testcaseResult(solver: Handle, flags: number): string {
    const m = this.#m;
    const p = m._gd_testcase_solverresult(solver, flags);
    const s = readString(m, p) ?? '';
    m._gd_free(p);
    return s;
  }
  /** `testcase_write` into folder `dir`; false when it failed. */
  testcaseWrite(solver: Handle, dir: string, resultFlags: number): boolean {
    const m = this.#m;
    const d = allocString(m, dir);
    try {
      return m._gd_testcase_write(solver, d, resultFlags) !== 0;
    } finally {
      m._free(d);
    }
  }
  /** `testcase_job2str`. */
  job2str(pool: Handle, how: number, what: number): string {
    return readString(this.#m, this.#m._gd_testcase_job2str(pool, how, what)) ?? '';
  }

  /* Section - Bulk lists */

  /**
   * {@link solvableDeps} of every solvable in `ids`, in one array: solvable `ids[k]`'s are
   * `ids[starts[k]]` up to `ids[starts[k + 1]]` of the result. One call for all.
   */
  solvableDepsMany(pool: Handle, ids: ArrayLike<number>, key: number, marker: number): IdLists {
    const m = this.#m;
    return bulkLists(m, ids, (p, q, ends) => m._gd_solvables_deps_many(pool, p, ids.length, key, marker, q, ends));
  }
  /** {@link whatProvides} of every dependency in `deps`, in one array (as {@link solvableDepsMany}). */
  whatProvidesMany(pool: Handle, deps: ArrayLike<number>): IdLists {
    const m = this.#m;
    return bulkLists(m, deps, (p, q, ends) => m._gd_pool_whatprovides_many(pool, p, deps.length, q, ends));
  }

  /* Section - Decompression */

  /** Decompresses a whole gzip, xz, zstd or bzip2 buffer, output capped at `maxOut` bytes. */
  decompress(bytes: Uint8Array, maxOut: number): DecompressResult {
    const m = this.#m;
    const input = allocBytes(m, bytes);
    try {
      return withAlloc(m, 8, (p) => {
        const out = m._gd_decompress(input.ptr, input.len, maxOut, p, p + 4);
        if (!out) return { error: m.HEAP32[(p >> 2) + 1] === 2 ? 'too-large' : 'corrupt' };
        const data = readBytes(m, out, m.HEAP32[p >> 2]);
        m._gd_free(out);
        return { data };
      });
    } finally {
      m._free(input.ptr);
    }
  }
}

let current: { m: LibsolvModule; b: Bindings } | undefined;

/** The bindings of the loaded module, loading it on first use (a new instance after an abort gets new bindings). */
export function bindings(): Bindings {
  const m = libsolv();
  if (current?.m !== m) current = { m, b: new Bindings(m) };
  return current.b;
}
