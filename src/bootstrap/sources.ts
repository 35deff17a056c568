/** The source packages of a pool: the newest version of each name in the source repos. */
import type { Pool, Repo, SolvableTable } from '../solv/index.js';

/** Solvable id of the newest `src`/`nosrc` package of each name in `sourceRepos`. */
export function newestSources(pool: Pool, sourceRepos: readonly Repo[], table: SolvableTable = pool.solvableTable()): Map<string, number> {
  const repoIds = new Set(sourceRepos.map((r) => r.id));
  const srcArch = pool.str2id('src');
  const nosrcArch = pool.str2id('nosrc');
  const newest = new Map<string, number>();
  for (let p = 2; p < table.repo.length; p++) {
    if (!repoIds.has(table.repo[p])) continue;
    if (table.arch[p] !== srcArch && table.arch[p] !== nosrcArch) continue;
    const name = pool.id2str(table.name[p]);
    const prev = newest.get(name);
    if (prev === undefined || pool.evrcmp(pool.id2str(table.evr[p]), pool.id2str(table.evr[prev])) > 0) newest.set(name, p);
  }
  return newest;
}
