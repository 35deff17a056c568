/**
 * What a buildroot solve can see. Restriction: every binary outside an allowed set hidden from
 * the solver. The universe: the part of the binary repos any buildroot can reach, and copies of
 * the repos cut down to it.
 *
 * A solve costs time in proportion to the pool's size (libsolv walks every solvable for weak
 * dependencies and keeps per-solvable maps) as well as to the jobs. A package that no build
 * group name, BuildRequires or Requires chain can reach is never installed, and, with weak
 * dependencies off, never influences a solve: worker pools leave it out. On Debian's data that
 * is more than half of the 63k binaries.
 */
import { Pool, type Repo } from '../solv/index.js';
import type { BuildrootRequest } from './request.js';

/** Binary solvable ids reachable from the group and the requests, ascending. */
export function reachableBinaries(pool: Pool, binaryRepos: readonly Repo[], group: readonly string[], requests: readonly BuildrootRequest[]): Int32Array {
  const table = pool.solvableTable();
  const repoIds = new Set(binaryRepos.map((r) => r.id));
  const seen = new Uint8Array(table.repo.length);
  const queue: number[] = [];
  const add = (ids: Iterable<number>) => {
    for (const q of ids) {
      if (!seen[q] && repoIds.has(table.repo[q])) {
        seen[q] = 1;
        queue.push(q);
      }
    }
  };
  // Group jobs install by name: every solvable of that name (whatprovides of a bare name includes them).
  for (const name of group) add(pool.whatProvidesIds(pool.str2id(name)));
  const deps = new Set<string>();
  for (const r of requests) for (const d of r.requires) deps.add(d);
  for (const d of deps) add(pool.whatProvidesIds(pool.parseDep(d)));
  for (let i = 0; i < queue.length; i++) for (const d of pool.solvable(queue[i]).depIds('requires')) add(pool.whatProvidesIds(d));
  return Int32Array.from(queue).sort();
}

/**
 * Copies of the binary repos holding only `keep`, as .solv bytes, and for each solvable id of a
 * pool that loads them in order, the id it has here. Undefined when a repo is not contiguous
 * (the mapping below relies on it; openRepos always makes them so).
 */
export function cutRepos(binaryRepos: readonly Repo[], keep: Int32Array): { repos: { name: string; solv: Uint8Array }[]; idMap: Int32Array } | undefined {
  if (binaryRepos.some((r) => r.end - r.start !== r.nsolvables)) return undefined;
  const kept = new Set(keep);
  const repos: { name: string; solv: Uint8Array }[] = [];
  const idMap: number[] = [0, 1]; // worker id -> main id; 0 and 1 are libsolv's reserved ids
  for (const r of binaryRepos) {
    using scratch = new Pool();
    const copy = scratch.addRepo(r.name);
    copy.addSolv(r.writeSolv());
    // A repo read from .solv is contiguous: main id start + k is the copy's id 2 + k.
    const drop: number[] = [];
    for (let id = r.start; id < r.end; id++) {
      if (kept.has(id)) idMap.push(id);
      else drop.push(id - r.start + 2);
    }
    copy.freeSolvables(drop);
    repos.push({ name: r.name, solv: copy.writeSolv() });
  }
  return { repos, idMap: Int32Array.from(idMap) };
}

/**
 * Hides from the solver every id of `candidates` not in `allowed` (undefined: none), plus
 * `baseExcluded` always (the pool's own excludes, e.g. module filtering), and rebuilds the provides
 * index. Solvers made before see a new index generation (BuildrootResolver starts a new one).
 */
export function restrictPool(pool: Pool, baseExcluded: readonly number[], candidates: ArrayLike<number>, allowed: { has(p: number): boolean } | undefined): void {
  const ex = [...baseExcluded];
  if (allowed) for (let i = 0; i < candidates.length; i++) if (!allowed.has(candidates[i])) ex.push(candidates[i]);
  // libsolv's considered map only ever loses entries, so clear it before setting a new one.
  pool.setExcluded([]);
  if (ex.length) pool.setExcluded(ex);
  pool.createWhatProvides();
}
