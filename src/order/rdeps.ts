/**
 * The install side of `rdeps`: the binaries whose runtime Requires reach a set of binaries, level
 * by level (level 1 require one of them directly, level k+1 require a level-k binary), over the
 * binary repos of a finished pool. Excluded binaries (module filtering, excludes) are left out.
 */
import type { Pool, Repo } from '../solv/index.js';

/**
 * Binaries of `binaryRepos` whose Requires are satisfied by a binary of `targets` (level 1), or of
 * an earlier level (level k+1), up to `depth` levels (default: all); targets themselves are left
 * out. Returns solvable id -> level, ascending by id.
 */
export function installRdeps(pool: Pool, binaryRepos: readonly Repo[], targets: Iterable<number>, depth = Infinity): Map<number, number> {
  const table = pool.solvableTable();
  const repoIds = new Set(binaryRepos.map((r) => r.id));
  const excluded = new Set(pool.excluded);
  const binaries: number[] = [];
  for (let p = 2; p < table.repo.length; p++) if (repoIds.has(table.repo[p]) && !excluded.has(p)) binaries.push(p);
  const level = new Map<number, number>();
  const seen = new Set<number>(targets);
  let frontier = new Set<number>(seen);
  const providers = new Map<number, Int32Array>();
  const requires = new Map<number, Int32Array>();
  for (let lvl = 1; lvl <= depth && frontier.size; lvl++) {
    const next = new Set<number>();
    for (const p of binaries) {
      if (seen.has(p)) continue;
      let reqs = requires.get(p);
      if (!reqs) requires.set(p, (reqs = Int32Array.from(pool.solvable(p).depIds('requires'))));
      let hit = false;
      for (let k = 0; !hit && k < reqs.length; k++) {
        const d = reqs[k];
        let prov = providers.get(d);
        if (!prov) providers.set(d, (prov = pool.whatProvidesIds(d)));
        for (let j = 0; !hit && j < prov.length; j++) hit = frontier.has(prov[j]);
      }
      if (hit) next.add(p);
    }
    for (const p of next) {
      seen.add(p);
      level.set(p, lvl);
    }
    frontier = next;
  }
  return new Map([...level].sort((a, b) => a[0] - b[0]));
}
