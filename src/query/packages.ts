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
 * Their ids and names are read at once (one transfer each); the full {@link PackageInfo} of a
 * package is made on first use, so a query that names a few packages of a large repo makes a few
 * objects, not 17,000 (on AppStream, making them all was a fifth of a cached query).
 */
export class PackageSet {
  /** Solvable ids of the packages, in id order. */
  readonly ids: Int32Array;
  readonly #member: Uint8Array;
  readonly #name: Int32Array;
  readonly #evr: Int32Array;
  readonly #arch: Int32Array;
  readonly #repo: Int32Array;
  /** Strings by id: every name, evr and arch of a package. */
  readonly #strs: string[];
  readonly #splits = new Map<number, { epoch: number; version: string; release: string }>();
  readonly #infos = new Map<number, PackageInfo>();
  #list?: PackageInfo[];
  #byId?: Map<number, PackageInfo>;
  #all?: PackageIds;

  constructor(readonly pool: Pool) {
    const t = pool.solvableTable();
    const n = t.repo.length;
    const member = new Uint8Array(n);
    for (let p = 2; p < n; p++) member[p] = t.repo[p] ? 1 : 0;
    for (const p of pool.excluded) member[p] = 0;
    let count = 0;
    for (let p = 2; p < n; p++) count += member[p];
    const ids = new Int32Array(count);
    for (let p = 2, k = 0; p < n; p++) if (member[p]) ids[k++] = p;
    // Every name, evr and arch string in one call (tens of thousands of calls otherwise); string
    // ids are small and dense, so arrays indexed by id stand in for maps.
    let maxId = 0;
    for (const p of ids) maxId = Math.max(maxId, t.name[p], t.evr[p], t.arch[p]);
    const seen = new Uint8Array(maxId + 1);
    const idList: number[] = [];
    const want = (id: number) => {
      if (!seen[id]) {
        seen[id] = 1;
        idList.push(id);
      }
    };
    for (const p of ids) {
      want(t.name[p]);
      want(t.evr[p]);
      want(t.arch[p]);
    }
    const texts = pool.id2strMany(idList);
    const strs: string[] = new Array<string>(maxId + 1);
    for (let k = 0; k < idList.length; k++) strs[idList[k]] = texts[k];
    this.ids = ids;
    this.#member = member;
    this.#name = t.name;
    this.#evr = t.evr;
    this.#arch = t.arch;
    this.#repo = t.repo;
    this.#strs = strs;
  }

  /** Packages in id order (every {@link PackageInfo} made). */
  get list(): PackageInfo[] {
    return (this.#list ??= Array.from(this.ids, (p) => this.get(p)!));
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

  /** One more than the largest name, evr or arch string id of a package (for arrays indexed by them). */
  get stringIdBound(): number {
    return this.#strs.length;
  }

  /** The name string id of package `id` (a member). */
  nameIdOf(id: number): number {
    return this.#name[id];
  }

  /** The name of package `id` (a member). */
  nameOf(id: number): string {
    return this.#strs[this.#name[id]];
  }

  /** The package with solvable id `id` (undefined when it is not in the set). */
  get(id: number): PackageInfo | undefined {
    if (!this.#member[id]) return undefined;
    let info = this.#infos.get(id);
    if (!info) {
      const evrId = this.#evr[id];
      const evr = this.#strs[evrId];
      // Packages of one build share an evr: split each once.
      let split = this.#splits.get(evrId);
      if (!split) this.#splits.set(evrId, (split = splitEvr(evr)));
      info = {
        id, name: this.#strs[this.#name[id]], epoch: split.epoch, version: split.version, release: split.release, arch: this.#strs[this.#arch[id]], evr,
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
