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
    const excluded = new Set(pool.excluded);
    // Every name, evr and arch string in one call (tens of thousands of calls otherwise).
    const ids = new Set<number>();
    for (let p = 2; p < t.repo.length; p++) if (t.repo[p] && !excluded.has(p)) ids.add(t.name[p]).add(t.evr[p]).add(t.arch[p]);
    const idList = [...ids];
    const texts = pool.id2strMany(idList);
    const strs = new Map<number, string>(idList.map((id, k) => [id, texts[k]]));
    const str = (id: number) => strs.get(id)!;
    // Packages of one build share an evr: split each once.
    const splits = new Map<number, { epoch: number; version: string; release: string }>();
    for (let p = 2; p < t.repo.length; p++) {
      if (!t.repo[p] || excluded.has(p)) continue;
      const evrId = t.evr[p];
      const evr = str(evrId);
      let split = splits.get(evrId);
      if (!split) splits.set(evrId, (split = splitEvr(evr)));
      const info: PackageInfo = {
        id: p, name: str(t.name[p]), epoch: split.epoch, version: split.version, release: split.release, arch: str(t.arch[p]), evr,
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
