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

/** The packages of a pool: every solvable that belongs to a repo and is not excluded, in id order. */
export class PackageSet {
  /** Packages by solvable id. */
  readonly byId = new Map<number, PackageInfo>();
  /** Packages in id order. */
  readonly list: PackageInfo[] = [];

  constructor(readonly pool: Pool) {
    const t = pool.solvableTable();
    const n = t.repo.length;
    const live = new Uint8Array(n);
    for (let p = 2; p < n; p++) live[p] = t.repo[p] ? 1 : 0;
    for (const p of pool.excluded) live[p] = 0;
    // Every name, evr and arch string in one call (tens of thousands of calls otherwise); string
    // ids are small and dense, so arrays indexed by id stand in for maps.
    let maxId = 0;
    for (let p = 2; p < n; p++) if (live[p]) maxId = Math.max(maxId, t.name[p], t.evr[p], t.arch[p]);
    const seen = new Uint8Array(maxId + 1);
    const idList: number[] = [];
    const want = (id: number) => {
      if (!seen[id]) {
        seen[id] = 1;
        idList.push(id);
      }
    };
    for (let p = 2; p < n; p++) {
      if (!live[p]) continue;
      want(t.name[p]);
      want(t.evr[p]);
      want(t.arch[p]);
    }
    const texts = pool.id2strMany(idList);
    const strs: string[] = new Array<string>(maxId + 1);
    for (let k = 0; k < idList.length; k++) strs[idList[k]] = texts[k];
    // Packages of one build share an evr: split each once.
    const splits: ({ epoch: number; version: string; release: string } | undefined)[] = new Array(maxId + 1);
    for (let p = 2; p < n; p++) {
      if (!live[p]) continue;
      const evrId = t.evr[p];
      const evr = strs[evrId];
      const split = (splits[evrId] ??= splitEvr(evr));
      const info: PackageInfo = {
        id: p, name: strs[t.name[p]], epoch: split.epoch, version: split.version, release: split.release, arch: strs[t.arch[p]], evr,
        nameId: t.name[p], archId: t.arch[p], evrId, repoId: t.repo[p],
      };
      this.byId.set(p, info);
      this.list.push(info);
    }
  }

  /** The package with solvable id `id` (undefined when it is not in the set). */
  get(id: number): PackageInfo | undefined {
    return this.byId.get(id);
  }
}
