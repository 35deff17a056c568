/**
 * Pool: owns every string, dependency, repo and solvable of one libsolv universe as integer ids.
 */
import { GooseError } from '../errors.js';
import { C, bindings, finishBindings, guard, queryBindings, type Bindings, type IdLists } from '../native/index.js';
import { INTERNAL, NativeOwner, handleOf } from './lifetime.js';
import { Repo, repoHandle } from './repo.js';
import { Solvable, depKeys, depMarker, isDepEntry, type DepKind, type DepPart } from './solvable.js';
import { Dep } from './dep.js';
import { Solver } from './solver.js';
import type { Job } from './job.js';

/** Pool-wide switches (libsolv's POOL_FLAG_*), by name. */
export type PoolFlag = 'promoteepoch' | 'forbidselfconflicts' | 'obsoleteusesprovides' | 'implicitobsoleteusesprovides'
  | 'obsoleteusescolors' | 'implicitobsoleteusescolors' | 'noinstalledobsoletes' | 'havedistepoch'
  | 'noobsoletesmultiversion' | 'addfileprovidesfiltered' | 'nowhatprovidesaux' | 'whatprovideswithdisabled';

const poolFlags: Record<PoolFlag, number> = {
  promoteepoch: C.POOL_FLAG_PROMOTEEPOCH,
  forbidselfconflicts: C.POOL_FLAG_FORBIDSELFCONFLICTS,
  obsoleteusesprovides: C.POOL_FLAG_OBSOLETEUSESPROVIDES,
  implicitobsoleteusesprovides: C.POOL_FLAG_IMPLICITOBSOLETEUSESPROVIDES,
  obsoleteusescolors: C.POOL_FLAG_OBSOLETEUSESCOLORS,
  implicitobsoleteusescolors: C.POOL_FLAG_IMPLICITOBSOLETEUSESCOLORS,
  noinstalledobsoletes: C.POOL_FLAG_NOINSTALLEDOBSOLETES,
  havedistepoch: C.POOL_FLAG_HAVEDISTEPOCH,
  noobsoletesmultiversion: C.POOL_FLAG_NOOBSOLETESMULTIVERSION,
  addfileprovidesfiltered: C.POOL_FLAG_ADDFILEPROVIDESFILTERED,
  nowhatprovidesaux: C.POOL_FLAG_NOWHATPROVIDESAUX,
  whatprovideswithdisabled: C.POOL_FLAG_WHATPROVIDESWITHDISABLED,
};

/** Bulk columns of every solvable slot, indexed by solvable id. */
export interface SolvableTable {
  /** Repo id per solvable; 0 for free slots and the two reserved ids. */
  repo: Int32Array;
  /** Name string id per solvable. */
  name: Int32Array;
  /** Epoch-version-release string id per solvable. */
  evr: Int32Array;
  /** Architecture string id per solvable. */
  arch: Int32Array;
}

let bindingsOfPool: (pool: Pool) => Bindings;

/** The glue calls of the module a pool lives in, for src/solv only (not exported from the package). */
export function bindingsOf(pool: Pool): Bindings {
  return bindingsOfPool(pool);
}

/** A libsolv pool with RPM semantics (disttype rpm) unless told otherwise. */
export class Pool extends NativeOwner {
  readonly #b: Bindings;
  readonly #repos = new Map<number, Repo>();
  #whatprovidesReady = false;
  #arch = '';
  #indexGeneration = 0;
  #excluded: number[] = [];

  static {
    bindingsOfPool = (pool) => pool.#b;
  }

  /** Creates an empty pool; `arch` sets the architecture policy (e.g. `x86_64`). */
  constructor(options: { arch?: string } = {}) {
    const b = bindings();
    super(b.poolCreate(), (p) => b.poolFree(p));
    this.#b = b;
    if (options.arch) this.setArch(options.arch);
  }

  /** Sets the architecture whose policy decides what is installable (`x86_64` accepts noarch, i686, ...). */
  setArch(arch: string): void {
    this.#arch = arch;
    this.#b.poolSetArch(handleOf(this), arch);
    this.#whatprovidesReady = false;
  }

  /** The architecture set with setArch ('' when none). */
  get arch(): string {
    return this.#arch;
  }

  /** The solvable ids hidden by setExcluded. */
  get excluded(): number[] {
    return [...this.#excluded];
  }

  /** Switches dependency semantics (`rpm` default, `deb` for Debian-style version comparison). */
  setDisttype(type: 'rpm' | 'deb'): void {
    this.#b.poolSetDisttype(handleOf(this), type === 'rpm' ? C.DISTTYPE_RPM : C.DISTTYPE_DEB);
  }

  /** Sets a pool flag; returns its previous value. */
  setFlag(flag: PoolFlag, value: boolean): boolean {
    return this.#b.poolSetFlag(handleOf(this), poolFlags[flag], value);
  }

  /** The id of a string; 0 when absent and `create` is false. */
  str2id(s: string, create = true): number {
    return this.#b.str2id(handleOf(this), s, create);
  }

  /** The string of an id (a name, evr or arch id; for dependencies use `dep2str`). */
  id2str(id: number): string {
    return this.#b.id2str(handleOf(this), id);
  }

  /** The strings of many ids at once, in order: one crossing of the boundary instead of one per id. */
  id2strMany(ids: ArrayLike<number>): string[] {
    return this.#b.id2strMany(handleOf(this), ids);
  }

  /**
   * A file dependency (a path) among the requires, conflicts, recommends and supplements of the
   * pool's packages that nothing provides, or 0 when there is none: dnf loads filelists then.
   */
  unprovidedFileDep(): number {
    this.#ensureWhatProvides();
    return this.#b.unprovidedFileDep(handleOf(this));
  }

  /** A dependency id as text, e.g. `glibc >= 2.34` or `(a or b)`. */
  dep2str(id: number): string {
    return this.#b.dep2str(handleOf(this), id);
  }

  /** Parses a dependency in rpm syntax, rich dependencies included. Throws on a syntax error. */
  parseDep(text: string): Dep {
    const id = this.#b.str2dep(handleOf(this), text);
    if (!id) throw new GooseError('DEP_SYNTAX', `cannot parse dependency '${text}'`);
    return new Dep(this, id);
  }

  /** The relation id for `name op evr`; `flags` combines REL_GT/REL_EQ/REL_LT or is a REL_* operator. */
  rel2id(name: number, evr: number, flags: number, create = true): number {
    return this.#b.rel2id(handleOf(this), name, evr, flags, create);
  }

  /** True when dependency `a` matches dependency `b` (names equal, version ranges overlap). */
  matchDep(a: number, b: number): boolean {
    return this.#b.matchDep(handleOf(this), a, b);
  }


  /** Compares two evr strings with the pool's version semantics: negative, 0 or positive. */
  evrcmp(a: string, b: string): number {
    return this.#b.evrcmp(handleOf(this), a, b);
  }

  /** Creates a repo in this pool. The pool owns it. */
  addRepo(name: string): Repo {
    const repo = new Repo(INTERNAL, this, this.#b.repoCreate(handleOf(this), name));
    this.#repos.set(repo.id, repo);
    this.#whatprovidesReady = false;
    return repo;
  }

  /** The repos of this pool, in creation order. */
  get repos(): Repo[] {
    return [...this.#repos.values()].filter((r) => r.alive);
  }

  /** The repo with id `id` (solvables carry repo ids). */
  repoById(id: number): Repo | undefined {
    return this.#repos.get(id);
  }

  /** Forget a repo freed by Repo.free(). */
  forgetRepo(id: number): void {
    this.#repos.delete(id);
    this.#whatprovidesReady = false;
  }

  /** Marks `repo` as the installed system (or none). */
  setInstalled(repo: Repo | undefined): void {
    this.#b.setInstalled(handleOf(this), repo ? repoHandle(repo) : 0);
  }

  /**
   * Hides solvables from the solver (dnf's excludes and non-default module streams). Call after
   * every repo is loaded; an empty list clears the restriction.
   */
  setExcluded(ids: readonly number[]): void {
    this.#excluded = [...ids];
    this.#b.setExcluded(handleOf(this), ids);
    this.#whatprovidesReady = false;
  }

  /** Adds the file provides that file dependencies need (call before createWhatProvides, as dnf does). */
  addFileProvides(): void {
    const p = handleOf(this);
    guard('adding file provides', () => this.#b.addFileProvides(p));
    this.#whatprovidesReady = false;
  }

  /**
   * Instead of {@link addFileProvides}: adds back the file provides an earlier addFileProvides
   * added to each repo (as {@link Repo.addedFileProvides} listed them, the ids this pool's), so a
   * pool loaded from the same .solv data ends as addFileProvides would leave it without searching
   * the file lists. False when that cannot be done (a pool with an installed repo, or a list that
   * does not fit its repo): then call addFileProvides, which finishes the work whatever was added.
   */
  restoreFileProvides(lists: ReadonlyMap<Repo, Int32Array>): boolean {
    const p = handleOf(this);
    const f = finishBindings();
    this.#whatprovidesReady = false;
    return guard('restoring file provides', () => f.poolFileProvidesAdded(p) && [...lists].every(([repo, list]) => f.repoAddFileProvides(repoHandle(repo), list)));
  }

  /** Builds the provides index; needed before solving or whatProvides. */
  createWhatProvides(): void {
    const p = handleOf(this);
    guard('indexing provides', () => this.#b.createWhatProvides(p));
    this.#whatprovidesReady = true;
    this.#indexGeneration++;
  }

  /**
   * Counts provides-index rebuilds. A solver keeps pool state from its creation; libsolv can
   * abort when one is reused after the index changed, so Solver checks this.
   */
  get indexGeneration(): number {
    return this.#indexGeneration;
  }

  #ensureWhatProvides(): void {
    if (!this.#whatprovidesReady) this.createWhatProvides();
  }

  /** Solvable ids that provide dependency `dep` (an id from parseDep/str2id). */
  whatProvidesIds(dep: number | Dep): Int32Array {
    this.#ensureWhatProvides();
    return this.#b.whatProvides(handleOf(this), typeof dep === 'number' ? dep : dep.id);
  }

  /** Solvables that provide `dep`. */
  whatProvides(dep: number | Dep | string): Solvable[] {
    const id = typeof dep === 'string' ? this.parseDep(dep).id : dep;
    return [...this.whatProvidesIds(id)].map((p) => new Solvable(this, p));
  }

  /** Number of solvable slots (ids 0 and 1 are reserved). */
  get nsolvables(): number {
    return this.#b.nsolvables(handleOf(this));
  }

  /** The solvable with id `p`. */
  solvable(p: number): Solvable {
    return new Solvable(this, p);
  }

  /**
   * Dependency ids of one kind of every solvable in `ids`, as {@link Solvable.depIds} gives them,
   * in one transfer: `ids[k]`'s are `ids.subarray(starts[k], starts[k + 1])` of the result. For questions
   * over every package (what requires X), where one call per package costs more than the answer.
   */
  depIdsMany(ids: ArrayLike<number>, kind: DepKind, part: DepPart = 'all'): IdLists {
    const t = this.#b.solvableDepsMany(handleOf(this), ids, depKeys[kind], depMarker(part));
    if (part !== 'all') return t;
    // As depIds: without libsolv's marker entries.
    const { starts, ids: deps } = t;
    let n = 0;
    for (let k = 0, from = 0; k < ids.length; k++) {
      const to = starts[k + 1];
      for (let i = from; i < to; i++) if (isDepEntry(deps[i])) deps[n++] = deps[i];
      from = to;
      starts[k + 1] = n;
    }
    return { starts, ids: deps.subarray(0, n) };
  }

  /**
   * dnf's --whatrequires in one call: the solvables of `candidates` (in their order) with a
   * requirement (Requires(pre) included) that matches one of `caps` (pool_match_dep), or that a
   * solvable of `named` other than the candidate itself provides (whatprovides, files included).
   */
  whatRequires(candidates: ArrayLike<number>, caps: ArrayLike<number>, named: ArrayLike<number> = []): Int32Array {
    this.#ensureWhatProvides();
    return queryBindings().whatRequires(handleOf(this), candidates, caps, named);
  }

  /** {@link whatProvidesIds} of every dependency in `deps`, in one transfer: `deps[k]`'s providers are `ids.subarray(starts[k], starts[k + 1])`. */
  whatProvidesMany(deps: ArrayLike<number>): IdLists {
    this.#ensureWhatProvides();
    return this.#b.whatProvidesMany(handleOf(this), deps);
  }

  /** Name, evr, arch and repo of every solvable slot in one transfer. */
  solvableTable(): SolvableTable {
    const n = this.nsolvables;
    const raw = this.#b.solvableRows(handleOf(this), n);
    const t: SolvableTable = { repo: new Int32Array(n), name: new Int32Array(n), evr: new Int32Array(n), arch: new Int32Array(n) };
    for (let i = 0, j = 0; i < n; i++, j += 5) {
      t.repo[i] = raw[j];
      t.name[i] = raw[j + 1];
      t.evr[i] = raw[j + 2];
      t.arch[i] = raw[j + 3];
    }
    return t;
  }

  /** Source package name id of every solvable slot (0 when unknown), in one transfer. */
  sourceNameTable(): Int32Array {
    return this.#b.sourceNames(handleOf(this), this.nsolvables);
  }

  /** Every live solvable of every repo. */
  *solvables(): Generator<Solvable> {
    const t = this.solvableTable();
    for (let p = 2; p < t.repo.length; p++) if (t.repo[p]) yield new Solvable(this, p);
  }

  /**
   * Select packages the way dnf's command line does (`name`, `name-version`, NEVRA, globs,
   * provides, file paths), as jobs; empty when nothing matches.
   */
  select(spec: string, flags = C.SELECTION_NAME | C.SELECTION_PROVIDES | C.SELECTION_CANON | C.SELECTION_DOTARCH | C.SELECTION_REL | C.SELECTION_GLOB | C.SELECTION_FILELIST): Job[] {
    this.#ensureWhatProvides();
    const a = this.#b.selectionMake(handleOf(this), spec, flags);
    const jobs: Job[] = [];
    for (let i = 0; i < a.length; i += 2) jobs.push({ how: a[i], what: a[i + 1] });
    return jobs;
  }

  /** The solvable ids a list of jobs selects. */
  jobSolvables(jobs: Job[]): Int32Array {
    this.#ensureWhatProvides();
    return this.#b.selectionSolvables(handleOf(this), jobs.flatMap((j) => [j.how, j.what]));
  }

  /** A solver over this pool (createWhatProvides is called first when needed). */
  createSolver(): Solver {
    this.#ensureWhatProvides();
    return new Solver(INTERNAL, this);
  }

  /** Last error libsolv recorded for this pool. */
  errstr(): string {
    return this.#b.errstr(handleOf(this));
  }
}
