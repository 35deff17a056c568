/** The package view a query works on: every live, non-excluded solvable of a pool, with its NEVRA split. */
import type { Pool } from '../solv/index.js';

/** A package's name, epoch, version, release and architecture, split the way dnf filters them. */
export interface PackageNevra {
  /** Name. */
  name: string;
  /** Epoch as a number (0 when the evr has none). */
  epoch: number;
  /** Version. */
  version: string;
  /** Release ('' when the evr has none). */
  release: string;
  /** Architecture (`src` for source packages). */
  arch: string;
  /** libsolv's evr: `epoch:version-release`, epoch omitted when 0. */
  evr: string;
}

/** One package's identity, split the way dnf filters it. */
export interface PackageInfo extends PackageNevra {
  /** Solvable id. */
  id: number;
  /** Name id (for grouping). */
  nameId: number;
  /** Arch id (for grouping). */
  archId: number;
  /** Evr id (for grouping). */
  evrId: number;
  /** Repo id in the pool. */
  repoId: number;
}

/** Splits an evr as libsolv's pool_split_evr does: epoch before a leading-digits ':', release after the last '-'. */
export function splitEvr(evr: string): { epoch: number; version: string; release: string } {
  const m = /^(\d+):/.exec(evr);
  const rest = m ? evr.slice(m[0].length) : evr;
  const dash = rest.lastIndexOf('-');
  return {
    epoch: m ? Number(m[1]) : 0,
    version: dash < 0 ? rest : rest.slice(0, dash),
    release: dash < 0 ? '' : rest.slice(dash + 1),
  };
}

/**
 * The packages of a pool: every solvable that belongs to a repo and is not excluded, in id order.
 * Their ids are read at once (one transfer); names are read on first use, all at once (a query
 * matching a name against every package), and an evr or arch string when a package's
 * {@link PackageInfo} is made, on its first use: a query that names a few packages of a large
 * repo makes a few objects, not 17,000 (on AppStream, making them all was a fifth of a cached
 * query), and one that never looks at names (--whatrequires by a plain name) reads no string.
 */
export class PackageSet {
  /** Solvable ids of the packages, in id order. */
  readonly ids: Int32Array;
  readonly #member: Uint8Array;
  readonly #name: Int32Array;
  readonly #evr: Int32Array;
  readonly #arch: Int32Array;
  readonly #repo: Int32Array;
  /** Strings by id, as read so far (names all at once, evrs and arches one by one); made on first use. */
  #strsArray?: string[];
  #namesRead = false;
  #nameBound = -1;
  readonly #splits = new Map<number, { epoch: number; version: string; release: string }>();
  readonly #infos = new Map<number, PackageInfo>();
  #list?: PackageInfo[];
  #byId?: Map<number, PackageInfo>;
  #all?: PackageIds;

  constructor(readonly pool: Pool) {
    const t = pool.solvableTable();
    const n = t.repo.length;
    const member = new Uint8Array(n);
    for (let p = 2; p < n; p++) if (t.repo[p]) member[p] = 1;
    for (const p of pool.excluded) member[p] = 0;
    // One pass into room for every slot; the packages are a prefix of it.
    const ids = new Int32Array(n);
    let count = 0;
    for (let p = 2; p < n; p++) if (member[p]) ids[count++] = p;
    this.ids = ids.subarray(0, count);
    this.#member = member;
    this.#name = t.name;
    this.#evr = t.evr;
    this.#arch = t.arch;
    this.#repo = t.repo;
  }

  /**
   * The strings read so far, by id: an array as long as the largest name, evr or arch id of a
   * package (string ids are small and dense, so an array indexed by id stands in for a map).
   */
  get #strs(): string[] {
    if (!this.#strsArray) {
      let max = 0;
      for (const p of this.ids) max = Math.max(max, this.#name[p], this.#evr[p], this.#arch[p]);
      this.#strsArray = new Array<string>(max + 1);
    }
    return this.#strsArray;
  }

  /** The string of a name, evr or arch id of a package, read from the pool the first time. */
  #str(id: number): string {
    const strs = this.#strs;
    return (strs[id] ??= this.pool.id2str(id));
  }

  /**
   * Reads the strings of every package's ids in `columns` (names; or names, evrs and arches) at
   * once: one call into the module for all of them (tens of thousands of calls otherwise).
   */
  #readAll(columns: Int32Array[]): void {
    const strs = this.#strs;
    const queued = new Uint8Array(strs.length);
    const idList: number[] = [];
    for (const column of columns) {
      for (const p of this.ids) {
        const id = column[p];
        if (!queued[id] && strs[id] === undefined) {
          queued[id] = 1;
          idList.push(id);
        }
      }
    }
    const texts = this.pool.id2strMany(idList);
    for (let k = 0; k < idList.length; k++) strs[idList[k]] = texts[k];
  }

  #readNames(): void {
    if (this.#namesRead) return;
    this.#namesRead = true;
    this.#readAll([this.#name]);
  }

  /** Packages in id order (every {@link PackageInfo} made). */
  get list(): PackageInfo[] {
    if (!this.#list) {
      this.#namesRead = true;
      this.#readAll([this.#name, this.#evr, this.#arch]);
      this.#list = Array.from(this.ids, (p) => this.get(p)!);
    }
    return this.#list;
  }

  /** Packages by solvable id (every {@link PackageInfo} made). */
  get byId(): Map<number, PackageInfo> {
    return (this.#byId ??= new Map(this.list.map((info) => [info.id, info])));
  }

  /** Whether solvable `id` is one of the packages. */
  has(id: number): boolean {
    return this.#member[id] === 1;
  }

  /** Every package as a read-only set of solvable ids, in id order (see {@link PackageIds}). */
  get all(): PackageIds {
    return (this.#all ??= new PackageIds(this));
  }

  /** One more than the largest name string id of a package (for arrays indexed by name id). */
  get stringIdBound(): number {
    if (this.#nameBound < 0) {
      let max = 0;
      for (const p of this.ids) if (this.#name[p] > max) max = this.#name[p];
      this.#nameBound = max + 1;
    }
    return this.#nameBound;
  }

  /** The name string id of package `id` (a member). */
  nameIdOf(id: number): number {
    return this.#name[id];
  }

  /** The name of package `id` (a member). */
  nameOf(id: number): string {
    this.#readNames();
    return this.#strs[this.#name[id]];
  }

  /** The package with solvable id `id` (undefined when it is not in the set). */
  get(id: number): PackageInfo | undefined {
    if (!this.#member[id]) return undefined;
    let info = this.#infos.get(id);
    if (!info) {
      const evrId = this.#evr[id];
      const evr = this.#str(evrId);
      // Packages of one build share an evr: split each once.
      let split = this.#splits.get(evrId);
      if (!split) this.#splits.set(evrId, (split = splitEvr(evr)));
      info = {
        id, name: this.#str(this.#name[id]), epoch: split.epoch, version: split.version, release: split.release, arch: this.#str(this.#arch[id]), evr,
        nameId: this.#name[id], archId: this.#arch[id], evrId, repoId: this.#repo[id],
      };
      this.#infos.set(id, info);
    }
    return info;
  }
}

/**
 * Every package of a {@link PackageSet} as a read-only set of solvable ids, without building a
 * `Set`: a query with no spec starts from all 17,649 packages of AppStream, and inserting them
 * into a new Set took about 10 ms of a cached --whatrequires (first-run code, hash table growth).
 */
export class PackageIds implements ReadonlySet<number> {
  constructor(readonly set: PackageSet) {}

  /** How many packages. */
  get size(): number {
    return this.set.ids.length;
  }

  /** Whether solvable `id` is a package. */
  has(id: number): boolean {
    return this.set.has(id);
  }

  /** The ids in id order. */
  [Symbol.iterator](): SetIterator<number> {
    return this.set.ids.values();
  }

  /** The ids in id order (as Set's keys). */
  keys(): SetIterator<number> {
    return this.set.ids.values();
  }

  /** The ids in id order. */
  values(): SetIterator<number> {
    return this.set.ids.values();
  }

  /** `[id, id]` pairs in id order (as Set's entries). */
  *entries(): SetIterator<[number, number]> {
    for (const id of this.set.ids) yield [id, id];
  }

  /** Calls `fn(id, id, this)` for each id in id order. */
  forEach(fn: (value: number, key: number, set: ReadonlySet<number>) => void, thisArg?: unknown): void {
    for (const id of this.set.ids) fn.call(thisArg, id, id, this);
  }
}
